/**
 * Limits on Lua code: the instruction limit and interrupts ({@link io.ward.lua.limits.ExecutionHook},
 * a LuaJ debug hook that also provides Lua tracebacks), the heap guard
 * ({@link io.ward.lua.limits.MemoryGuard}), and the uncatchable error they raise
 * ({@link io.ward.lua.limits.LimitExceededError}).
 *
 * <p>Threading: an {@code ExecutionHook} is confined to its runtime's context, like all LuaJ
 * state, except {@code interrupt} and {@code onLimit}, which are thread-safe. A
 * {@code MemoryGuard} is thread-safe and calls back on its own thread.
 */
package io.ward.lua.limits;
