package io.ward.core;

/**
 * A FIFO of waiters linked through the waiters themselves: O(1) add, remove and poll, no
 * allocation, so withdrawing one of 10,000 blocked senders costs the same as one.
 *
 * <p>Confined to the scheduler's context. A waiter is in at most one queue at a time.
 */
final class WaiterQueue {
    private Waiter<?> head;
    private Waiter<?> tail;
    private int size;

    boolean isEmpty() {
        return head == null;
    }

    /** Waiters queued, pending or not yet dropped. */
    int size() {
        return size;
    }

    void add(Waiter<?> w) {
        if (w.queue != null) {
            throw new IllegalStateException("waiter already queued");
        }
        w.queue = this;
        w.prev = tail;
        w.next = null;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        size++;
    }

    /** Removes {@code w} if it is in this queue. */
    void remove(Waiter<?> w) {
        if (w.queue != this) {
            return;
        }
        if (w.prev == null) {
            head = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            tail = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = null;
        w.next = null;
        w.queue = null;
        size--;
    }

    /** The first waiter that is still pending, dropping the ones before it that are not. */
    Waiter<?> peekPending() {
        while (head != null && !head.isPending()) {
            remove(head);
        }
        return head;
    }

    /** Removes and returns the first waiter, pending or not, or {@code null}. */
    Waiter<?> poll() {
        Waiter<?> w = head;
        if (w != null) {
            remove(w);
        }
        return w;
    }
}
