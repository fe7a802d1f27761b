package io.ward.lua.net.http;

/**
 * A snapshot of a {@link ConnectionPool}'s counters: connections open now (idle plus
 * leased), requests waiting for a connection, and totals since the pool was made.
 *
 * <p>Immutable, thread-safe.
 */
public final class PoolStats {
    public final int open;
    public final int idle;
    public final int leased;
    public final int waiting;
    public final long created;
    public final long closed;
    public final long reused;

    PoolStats(int open, int idle, int leased, int waiting, long created, long closed, long reused) {
        this.open = open;
        this.idle = idle;
        this.leased = leased;
        this.waiting = waiting;
        this.created = created;
        this.closed = closed;
        this.reused = reused;
    }

    @Override
    public String toString() {
        return "PoolStats(open=" + open + ", idle=" + idle + ", leased=" + leased + ", waiting=" + waiting
                + ", created=" + created + ", closed=" + closed + ", reused=" + reused + ")";
    }
}
