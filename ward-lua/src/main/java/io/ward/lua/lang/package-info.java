/**
 * Lua 5.2 language semantics that do not depend on LuaJ: how a number prints
 * ({@link io.ward.lua.lang.LuaNumberFormat}, C's {@code %.14g}), how a string converts to a
 * number ({@link io.ward.lua.lang.LuaNumberParser}, {@code luaO_str2d} and
 * {@code tonumber(s, base)}), {@code string.format} ({@link io.ward.lua.lang.LuaFormat}),
 * patterns ({@link io.ward.lua.lang.PatternMatcher}, {@link io.ward.lua.lang.Substitution} for
 * {@code gsub}),
 * how the C libraries turn numbers into C integers ({@link io.ward.lua.lang.LuaCasts}), the
 * {@code bit32} operations ({@link io.ward.lua.lang.Bit32}) {@code table.sort}'s algorithm
 * ({@link io.ward.lua.lang.LuaSort}) and the order of strings ({@link io.ward.lua.lang.LuaStrings}),
 * each matching the reference {@code lua5.2} on x86-64 Linux/glibc byte for byte. Lua strings
 * are bytes here, never Java strings. LuaJ is wired to these classes elsewhere; this package
 * imports nothing from LuaJ or from the rest of Ward.
 *
 * <p>Every class here is stateless and thread-safe, except {@link io.ward.lua.lang.PatternMatcher}
 * and {@link io.ward.lua.lang.ByteOutput}, which are confined to the call that makes them.
 */
package io.ward.lua.lang;
