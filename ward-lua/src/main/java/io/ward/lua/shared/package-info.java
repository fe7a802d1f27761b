/**
 * {@code ward.shared}: the dictionary every runtime of a {@link io.ward.lua.WardRuntimeGroup}
 * shares (counters, rate limits, caches across event loops), and per-runtime LRU caches of any
 * Lua value.
 *
 * <p>Threading: the module's functions are confined to their runtime's context; the dictionary
 * behind them ({@link io.ward.core.shared.SharedDictionary}) is thread-safe and atomic per call.
 */
package io.ward.lua.shared;
