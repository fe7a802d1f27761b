package io.ward.core;

import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpscUnboundedArrayQueue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded multi-producer channel whose receivers are tasks of one scheduler.
 *
 * <p>Threading: {@link #trySend} and {@link #close} are thread-safe and lock-free (any
 * thread may produce); {@link #sender}, {@link #receiver} and {@link #tryReceive} are for
 * the scheduler's context. Not to be confused with Netty's {@code io.netty.channel.Channel}.
 *
 * <p>Design: one atomic word holds the closed bit and the number of items queued or being
 * queued; a producer reserves a slot with a CAS before it enqueues, so the capacity is a
 * limit, never an allocation (2^31-1 costs nothing). Items travel through a lock-free MPSC
 * queue. Blocked senders and receivers wait in FIFO {@link WaiterQueue}s on the loop; a
 * producer on another thread hops onto the loop only when a receiver is parked.
 *
 * <ul>
 * <li><b>send</b> suspends while full; blocked senders are admitted in FIFO order as
 * receivers take items. Cancelled while blocked: the value is never delivered. Closed:
 * completes with {@link #CLOSED}, also for senders blocked at the time of the close.</li>
 * <li><b>receive</b> suspends while empty; receivers are served in FIFO order, each message
 * to exactly one. Cancelled while blocked, or losing a select: consumes nothing. Closed: the
 * queued items are drained first, then every receive yields {@link #CLOSED}.</li>
 * <li>Any value passes, {@code null} included.</li>
 * </ul>
 */
public final class BoundedChannel {
    /** What a receive yields once the channel is closed and drained, and a send once closed. */
    public static final Object CLOSED = new Object() {
        @Override
        public String toString() {
            return "CLOSED";
        }
    };

    /** Result of {@link #trySend}. */
    public enum TrySend { SENT, FULL, CLOSED }

    private static final long CLOSED_BIT = 1L << 62;
    private static final long COUNT_MASK = 0xFFFF_FFFFL;
    private static final Object NULL_ITEM = new Object();
    private static final Outcome<Object> CLOSED_OUTCOME = Outcome.success(CLOSED);
    private static final Outcome<Object> SENT_OUTCOME = Outcome.success(Boolean.TRUE);

    private final Scheduler scheduler;
    private final int capacity;
    /** Threading - any thread. CLOSED_BIT | number of items queued or reserved. */
    private final AtomicLong state = new AtomicLong();
    private final MessagePassingQueue<Object> items = new MpscUnboundedArrayQueue<>(32);
    /** Threading - written in context; read by producers to decide whether to hop. */
    private volatile boolean receiverParked;
    private final AtomicBoolean deliveryScheduled = new AtomicBoolean();
    private final Runnable scheduledDelivery = () -> {
        deliveryScheduled.set(false);
        deliver();
    };

    // Threading - context only.
    private final WaiterQueue receivers = new WaiterQueue();
    private final WaiterQueue senders = new WaiterQueue();
    private final Receiver receiver = new Receiver();

    public BoundedChannel(Scheduler scheduler, int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.scheduler = scheduler;
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }

    /** Items queued now (a snapshot). Thread-safe. */
    public int size() {
        return (int) (state.get() & COUNT_MASK);
    }

    public boolean isClosed() {
        return (state.get() & CLOSED_BIT) != 0;
    }

    /**
     * Context only, for tests and diagnostics: senders parked on a full channel. A cancelled
     * sender leaves the count when its task unwinds.
     */
    public int blockedSenders() {
        return senders.size();
    }

    /** Context only, for tests and diagnostics: receivers parked on an empty channel. */
    public int blockedReceivers() {
        return receivers.size();
    }

    /** Enqueues {@code value} if there is room, without waiting. Thread-safe. */
    public TrySend trySend(Object value) {
        TrySend r = reserve();
        if (r == TrySend.SENT) {
            items.offer(value == null ? NULL_ITEM : value);
            afterOffer();
        }
        return r;
    }

    private TrySend reserve() {
        for (;;) {
            long s = state.get();
            if ((s & CLOSED_BIT) != 0) {
                return TrySend.CLOSED;
            }
            if ((s & COUNT_MASK) >= capacity) {
                return TrySend.FULL;
            }
            if (state.compareAndSet(s, s + 1)) {
                return TrySend.SENT;
            }
        }
    }

    private void afterOffer() {
        if (scheduler.inContext()) {
            deliver();
        } else if (receiverParked && deliveryScheduled.compareAndSet(false, true)) {
            // A parked receiver sets receiverParked before re-checking the queue, and we
            // enqueued before reading it: one of the two sides sees the other.
            scheduler.runInContext(scheduledDelivery);
        }
    }

    /**
     * Closes the channel: later sends fail, blocked senders wake with {@link #CLOSED}, queued
     * items stay for receivers. Idempotent. Thread-safe.
     */
    public void close() {
        for (;;) {
            long s = state.get();
            if ((s & CLOSED_BIT) != 0) {
                return;
            }
            if (state.compareAndSet(s, s | CLOSED_BIT)) {
                break;
            }
        }
        scheduler.runInContext(this::wakeOnClose);
    }

    private void wakeOnClose() {
        Waiter<?> w;
        while ((w = senders.poll()) != null) {
            complete(w, CLOSED_OUTCOME);
        }
        deliver();
    }

    /** Context only: takes an item without waiting, or returns null when there is none. */
    public Outcome<Object> tryReceive() {
        return receiver.poll();
    }

    /** Context only: the awaitable that receives one item, or {@link #CLOSED}. */
    public Awaitable<Object> receiver() {
        return receiver;
    }

    /** Context only: an awaitable that sends {@code value}, yielding {@code true} or {@link #CLOSED}. */
    public Awaitable<Object> sender(Object value) {
        return new Sender(value);
    }

    /** Context only: true when closed and every item has been taken. */
    private boolean drained() {
        return state.get() == CLOSED_BIT;
    }

    private Object take() {
        Object o = items.poll();
        if (o == null) {
            return null;
        }
        state.decrementAndGet();
        admitSenders();
        return o;
    }

    private static Object unwrap(Object item) {
        return item == NULL_ITEM ? null : item;
    }

    /** Context only: hands queued items to parked receivers, or CLOSED once drained. */
    private void deliver() {
        for (;;) {
            Waiter<?> w = receivers.peekPending();
            if (w == null) {
                receiverParked = false;
                return;
            }
            Object o = take();
            if (o == null) {
                if (drained()) {
                    while ((w = receivers.poll()) != null) {
                        complete(w, CLOSED_OUTCOME);
                    }
                }
                return;
            }
            receivers.remove(w);
            complete(w, Outcome.success(unwrap(o)));
        }
    }

    /** Context only: moves blocked senders' values into freed slots, in FIFO order. */
    private void admitSenders() {
        for (;;) {
            Waiter<?> w = senders.peekPending();
            if (w == null || reserve() != TrySend.SENT) {
                return;
            }
            senders.remove(w);
            items.offer(w.attachment);
            w.attachment = null;
            complete(w, SENT_OUTCOME);
        }
    }

    @SuppressWarnings("unchecked")
    private static void complete(Waiter<?> w, Outcome<Object> outcome) {
        ((Waiter<Object>) w).tryComplete(outcome);
    }

    private final class Receiver implements Awaitable<Object> {
        @Override
        public Outcome<Object> poll() {
            if (receivers.peekPending() != null) {
                deliver(); // parked receivers first: a newcomer queues behind them
                if (receivers.peekPending() != null) {
                    return null;
                }
            }
            Object o = take();
            if (o != null) {
                if (receiverParked) {
                    deliver(); // an admitted sender's item may be for a parked receiver
                }
                return Outcome.success(unwrap(o));
            }
            return drained() ? CLOSED_OUTCOME : null;
        }

        @Override
        public void register(Waiter<Object> waiter) {
            receivers.add(waiter);
            receiverParked = true;
            deliver(); // re-check after publishing receiverParked (see afterOffer)
        }

        @Override
        public void withdraw(Waiter<Object> waiter) {
            receivers.remove(waiter);
        }
    }

    private final class Sender implements Awaitable<Object> {
        private final Object item;

        Sender(Object value) {
            this.item = value == null ? NULL_ITEM : value;
        }

        @Override
        public Outcome<Object> poll() {
            if (senders.peekPending() != null) {
                return null; // blocked senders go first
            }
            switch (reserve()) {
                case SENT:
                    items.offer(item);
                    deliver();
                    return SENT_OUTCOME;
                case CLOSED:
                    return CLOSED_OUTCOME;
                default:
                    return null;
            }
        }

        @Override
        public void register(Waiter<Object> waiter) {
            waiter.attachment = item;
            senders.add(waiter);
        }

        @Override
        public void withdraw(Waiter<Object> waiter) {
            senders.remove(waiter);
            waiter.attachment = null;
        }
    }
}
