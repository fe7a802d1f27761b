/**
 * Ward's bytecode patches to LuaJ's core classes (docs/LUA.md, "LuaJ patches"): the
 * build-time {@link io.ward.lua.patch.LuajPatcher} and its table, the
 * {@link io.ward.lua.patch.LuajHooks} the patched methods call, and the run-time
 * {@link io.ward.lua.patch.LuajPatchCheck} that refuses to run on unpatched LuaJ classes.
 *
 * <p>Threading: everything here is stateless (the check's result is computed once, in a
 * static initializer) and thread-safe.
 */
package io.ward.lua.patch;
