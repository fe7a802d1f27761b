/**
 * Thread rules per class (the compiler thread is {@link io.ward.lua.compiler.Tiering}'s own).
 * Ward's Lua compiler: hot Lua functions become JVM bytecode that does exactly what LuaJ's
 * interpreter does, generated from LuaJ's {@code Prototype} with ASM (docs/COMPILER.md).
 */
package io.ward.lua.compiler;
