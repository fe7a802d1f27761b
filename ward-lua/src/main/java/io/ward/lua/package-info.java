/**
 * The LuaJ binding and what every {@code ward.*} module builds on:
 * {@link io.ward.lua.WardRuntime} owns one LuaJ {@code Globals} on one event loop and runs Lua
 * code as Ward tasks; {@link io.ward.lua.WardModule} and {@link io.ward.lua.ModuleRegistry}
 * are how modules plug in; {@link io.ward.lua.Args}, {@link io.ward.lua.Awaits},
 * {@link io.ward.lua.LuaAwaitable}, {@link io.ward.lua.DurationArgs} and
 * {@link io.ward.lua.ScriptExit} are the types modules share. This package imports no module
 * package ({@code async}, {@code time}, {@code process}, ...), and modules import no other
 * module: ward-cli's {@code ArchitectureTest} checks both.
 *
 * <p>Threading: every Lua value and library function of a runtime is confined to the
 * runtime's context (its loop thread, or the fiber thread the loop is handed to on the
 * {@code thread} engine); see {@code io.ward.core}. LuaJ itself is not thread-safe, and its
 * global statics ({@code LuaString.s_metatable}) are replaced by per-runtime dispatch.
 */
package io.ward.lua;
