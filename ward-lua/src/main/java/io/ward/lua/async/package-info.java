/**
 * The {@code ward.async} module: tasks, channels, {@code await} and {@code select} for Lua.
 *
 * <p>Confined to the runtime's context, like all Lua values. The userdata payloads
 * ({@link io.ward.lua.async.LuaTask}, {@link io.ward.lua.async.LuaChannel}) wrap
 * {@code io.ward.core} objects; every Ward awaitable implements
 * {@link io.ward.lua.LuaAwaitable}, so {@code await} and {@code select} treat tasks,
 * channels and timers alike.
 */
package io.ward.lua.async;
