/**
 * The LuaJ binding: {@link io.ward.lua.WardRuntime} owns one LuaJ {@code Globals} on one
 * event loop and runs Lua code as Ward tasks.
 *
 * <p>Threading: every Lua value and library function of a runtime is confined to the
 * runtime's context (its loop thread, or the fiber thread the loop is handed to on the
 * {@code thread} engine); see {@code io.ward.core}. LuaJ itself is not thread-safe, and its
 * global statics ({@code LuaString.s_metatable}) are replaced by per-runtime dispatch.
 */
package io.ward.lua;
