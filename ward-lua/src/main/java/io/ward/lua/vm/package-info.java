/**
 * What Ward reads from LuaJ's compiled Lua (its {@code Prototype}s): the variable names that
 * Lua 5.2 puts into error messages. Needs LuaJ's types, so it is not in the LuaJ-free
 * {@code io.ward.lua.lang}.
 */
package io.ward.lua.vm;
