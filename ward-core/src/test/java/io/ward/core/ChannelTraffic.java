package io.ward.core;

import io.ward.core.BoundedChannel.TrySend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Messages and loops shared by the channel load, stress and fault tests: an item packs its
 * producer and sequence number into one long, so a receiver can check per-producer order.
 */
final class ChannelTraffic {
    private ChannelTraffic() {
    }

    /** Producer {@code producer}'s message number {@code seq}. */
    static long item(int producer, int seq) {
        return ((long) producer << 32) | seq;
    }

    /** Offers from a plain thread until SENT or CLOSED, yielding the CPU while FULL. */
    static TrySend offer(BoundedChannel ch, long item) {
        for (;;) {
            TrySend r = ch.trySend(item);
            if (r != TrySend.FULL) {
                return r;
            }
            Thread.yield();
        }
    }

    /** In a task: receives until CLOSED, counting each message in {@code received}; returns them in order. */
    static List<Long> receiveAll(Scheduler s, BoundedChannel ch, AtomicInteger received) {
        List<Long> got = new ArrayList<>();
        for (;;) {
            Object o = s.await(ch.receiver());
            if (o == BoundedChannel.CLOSED) {
                return got;
            }
            got.add((Long) o);
            received.incrementAndGet();
        }
    }
}
