package io.ward.lua.net.http;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Keep-alive HTTP/1.1 connections per {@link PoolKey}: at most {@code maxPerHost} open at
 * once (further requests wait in FIFO order), an idle connection closed after
 * {@code idleNanos}, counters for tests and benchmarks.
 *
 * <p>Confined to the runtime's context (its loop, or the fiber the loop is blocked on); the
 * connection futures complete on the loop. Idle connections read with {@code autoRead} on so
 * that a server's close is noticed (and the connection dropped) while nobody uses them.
 */
final class ConnectionPool {
    private static final AttributeKey<PoolKey> KEY = AttributeKey.valueOf("ward.http.poolKey");
    private static final AttributeKey<Boolean> USED = AttributeKey.valueOf("ward.http.used");
    private static final AttributeKey<ScheduledFuture<?>> IDLE_TIMER = AttributeKey.valueOf("ward.http.idleTimer");

    private final EventLoop loop;
    private final Function<PoolKey, Future<Channel>> connector;
    private final int maxPerHost;
    private final long idleNanos;
    private final Map<PoolKey, Host> hosts = new HashMap<>();
    private boolean closed;

    // Threading - context only. Counters.
    private long created;
    private long closedCount;
    private long reused;
    private int open;
    private int idle;
    private int waiting;

    /** Per key: idle connections (most recently used last), how many are open, who waits. */
    private static final class Host {
        final ArrayDeque<Channel> idle = new ArrayDeque<>();
        final ArrayDeque<Promise<Channel>> waiters = new ArrayDeque<>();
        int open;
    }

    ConnectionPool(EventLoop loop, Function<PoolKey, Future<Channel>> connector, int maxPerHost, long idleNanos) {
        this.loop = loop;
        this.connector = connector;
        this.maxPerHost = maxPerHost;
        this.idleNanos = idleNanos;
    }

    /** A snapshot of the counters. */
    PoolStats stats() {
        return new PoolStats(open, idle, open - idle, waiting, created, closedCount, reused);
    }

    /**
     * A connection for {@code key}: an idle one, a new one, or the next one released. Cancel
     * the future to give up waiting; a connection that arrives for a cancelled wait goes idle.
     */
    Future<Channel> acquire(PoolKey key) {
        Promise<Channel> p = loop.newPromise();
        if (closed) {
            return p.setFailure(new IllegalStateException("the runtime is closed"));
        }
        Host h = hosts.computeIfAbsent(key, k -> new Host());
        Channel ch;
        while ((ch = h.idle.pollLast()) != null) {
            idle--;
            cancelIdleTimer(ch);
            if (ch.isActive()) {
                reused++;
                ch.config().setAutoRead(false);
                return p.setSuccess(ch);
            }
        }
        if (h.open < maxPerHost) {
            connect(key, h, p);
        } else {
            h.waiters.add(p);
            waiting++;
            p.addListener(f -> {
                if (f.isCancelled() && h.waiters.remove(p)) {
                    waiting--;
                }
            });
        }
        return p;
    }

    private void connect(PoolKey key, Host h, Promise<Channel> p) {
        h.open++;
        open++;
        created++;
        connector.apply(key).addListener((Future<Channel> f) -> {
            if (!f.isSuccess()) {
                h.open--;
                open--;
                closedCount++;
                p.tryFailure(f.cause());
                serveWaiters(key, h);
                return;
            }
            Channel ch = f.getNow();
            ch.attr(KEY).set(key);
            ch.closeFuture().addListener(c -> onClosed(key, h, ch));
            if (!p.trySuccess(ch)) {
                release(ch); // the waiter left: the fresh connection is still good
            }
        });
    }

    /** Whether {@code ch} served a request before (so the server may have closed it meanwhile). */
    static boolean wasUsed(Channel ch) {
        return ch.attr(USED).get() != null;
    }

    /** Gives back a connection whose exchange ended cleanly (keep-alive): next waiter, else idle. */
    void release(Channel ch) {
        ch.attr(USED).set(Boolean.TRUE);
        PoolKey key = ch.attr(KEY).get();
        Host h = key != null ? hosts.get(key) : null;
        if (h == null || closed || !ch.isActive()) {
            ch.close();
            return;
        }
        Promise<Channel> w;
        while ((w = h.waiters.poll()) != null) {
            waiting--;
            if (w.trySuccess(ch)) {
                reused++;
                return;
            }
        }
        h.idle.addLast(ch);
        idle++;
        ch.attr(IDLE_TIMER).set(loop.schedule(() -> {
            if (h.idle.contains(ch)) {
                ch.close();
            }
        }, idleNanos, TimeUnit.NANOSECONDS));
        ch.config().setAutoRead(true);
    }

    private void onClosed(PoolKey key, Host h, Channel ch) {
        h.open--;
        open--;
        closedCount++;
        if (h.idle.remove(ch)) {
            idle--;
        }
        cancelIdleTimer(ch);
        serveWaiters(key, h);
        if (h.open == 0 && h.waiters.isEmpty()) {
            hosts.remove(key, h);
        }
    }

    /** A connection slot freed: opens one for the first waiter still waiting. */
    private void serveWaiters(PoolKey key, Host h) {
        while (h.open < maxPerHost && !h.waiters.isEmpty()) {
            Promise<Channel> w = h.waiters.poll();
            waiting--;
            if (!w.isDone()) {
                connect(key, h, w);
            }
        }
    }

    private static void cancelIdleTimer(Channel ch) {
        ScheduledFuture<?> t = ch.attr(IDLE_TIMER).getAndSet(null);
        if (t != null) {
            t.cancel(false);
        }
    }

    /** Closes every idle connection and fails every waiter; leased ones close when their exchange ends. */
    void close() {
        closed = true;
        for (Host h : hosts.values().toArray(new Host[0])) { // closing removes hosts
            for (Promise<Channel> w : h.waiters) {
                w.tryFailure(new IllegalStateException("the runtime is closed"));
            }
            h.waiters.clear();
            for (Channel ch : h.idle.toArray(new Channel[0])) {
                ch.close();
            }
        }
        waiting = 0;
    }
}
