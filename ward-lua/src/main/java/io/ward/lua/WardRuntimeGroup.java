package io.ward.lua;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.ward.core.shared.SharedDictionary;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One {@link WardRuntime} per event loop of an {@link EventLoopGroup}: shared-nothing, like
 * one Lua state per worker, except the {@link SharedDictionary} of {@code ward.shared}. A
 * connection's handler uses {@link #runtimeFor} with the channel's own loop, so its Lua code
 * never leaves that loop.
 *
 * <p>Thread-safe: the map is built once and only read afterwards.
 */
public final class WardRuntimeGroup implements AutoCloseable {
    private final Map<EventLoop, WardRuntime> runtimes;
    private final SharedDictionary shared;

    private WardRuntimeGroup(Map<EventLoop, WardRuntime> runtimes, SharedDictionary shared) {
        this.runtimes = runtimes;
        this.shared = shared;
    }

    /**
     * Builds a runtime for every loop of {@code group}, sharing one new
     * {@link SharedDictionary} ({@code ward.shared}); {@code configure} receives a builder
     * already bound to the loop, and may set anything else (modules, limits).
     */
    public static WardRuntimeGroup create(EventLoopGroup group,
            Function<WardRuntimeBuilder, WardRuntimeBuilder> configure) {
        return create(group, new SharedDictionary(), configure);
    }

    /**
     * Like {@link #create(EventLoopGroup, Function)}, with the given dictionary for
     * {@code ward.shared} (a bigger one, or the dictionary of a group this one replaces).
     */
    public static WardRuntimeGroup create(EventLoopGroup group, SharedDictionary shared,
            Function<WardRuntimeBuilder, WardRuntimeBuilder> configure) {
        Map<EventLoop, WardRuntime> map = new IdentityHashMap<>();
        try {
            for (EventExecutor executor : group) {
                EventLoop loop = (EventLoop) executor;
                map.put(loop, configure.apply(WardRuntime.builder().eventLoop(loop).sharedDictionary(shared)).build());
            }
        } catch (RuntimeException e) {
            map.values().forEach(WardRuntime::close);
            throw e;
        }
        return new WardRuntimeGroup(Collections.unmodifiableMap(map), shared);
    }

    /** The dictionary every runtime of the group sees as {@code ward.shared}. Thread-safe. */
    public SharedDictionary shared() {
        return shared;
    }

    /**
     * The runtime that belongs to {@code loop}.
     *
     * @throws IllegalArgumentException when the loop is not part of this group
     */
    public WardRuntime runtimeFor(EventLoop loop) {
        WardRuntime rt = runtimes.get(loop);
        if (rt == null) {
            throw new IllegalArgumentException("event loop " + loop + " is not part of this runtime group");
        }
        return rt;
    }

    /** Every runtime of the group. */
    public List<WardRuntime> runtimes() {
        return new ArrayList<>(runtimes.values());
    }

    /** Closes every runtime (the loops themselves belong to the caller). Idempotent. */
    @Override
    public void close() {
        runtimes.values().forEach(WardRuntime::close);
    }
}
