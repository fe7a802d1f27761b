package io.ward.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sequential model of a {@link BoundedChannel} that {@code BoundedChannelModelTest}
 * checks the real one against: a FIFO buffer, FIFO queues of blocked senders and receivers,
 * and what each task that sent or received has ended with so far.
 *
 * <p>The rules (spec: semantics.md, channels): a send waits while the buffer is full or
 * earlier senders wait; a receive takes the oldest item (which admits the oldest blocked
 * sender) or waits behind earlier receivers; close wakes blocked senders with CLOSED, leaves
 * the buffer to be drained, and wakes blocked receivers with CLOSED once it is empty; a
 * cancelled waiter leaves its queue and delivers or consumes nothing.
 */
final class ChannelModel {
    static final String BLOCKED = "blocked";
    static final String CANCELLED = "cancelled";
    static final String CLOSED = "CLOSED";

    private final int capacity;
    private final ArrayDeque<Integer> buffer = new ArrayDeque<>();
    private final ArrayDeque<Integer> senders = new ArrayDeque<>();
    private final Map<Integer, Integer> sending = new HashMap<>();
    private final ArrayDeque<Integer> receivers = new ArrayDeque<>();
    private boolean closed;
    /** Task id to {@link #BLOCKED}, {@link #CANCELLED}, "true", "got v" or CLOSED. */
    private final Map<Integer, String> tasks = new TreeMap<>();

    ChannelModel(int capacity) {
        this.capacity = capacity;
    }

    void send(int task, int value) {
        if (closed) {
            tasks.put(task, CLOSED);
        } else if (!senders.isEmpty() || buffer.size() == capacity) {
            senders.addLast(task);
            sending.put(task, value);
            tasks.put(task, BLOCKED);
        } else {
            buffer.addLast(value);
            tasks.put(task, "true");
            deliver();
        }
    }

    String trySend(int value) {
        if (closed) {
            return CLOSED;
        }
        if (buffer.size() == capacity) {
            return "FULL";
        }
        buffer.addLast(value);
        deliver();
        return "SENT";
    }

    void receive(int task) {
        Integer v = take();
        if (v != null) {
            tasks.put(task, "got " + v);
        } else if (closed) {
            tasks.put(task, CLOSED);
        } else {
            receivers.addLast(task);
            tasks.put(task, BLOCKED);
        }
    }

    String tryReceive() {
        Integer v = take();
        if (v != null) {
            return "got " + v;
        }
        return closed ? CLOSED : "empty";
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!senders.isEmpty()) {
            int s = senders.pollFirst();
            sending.remove(s);
            tasks.put(s, CLOSED);
        }
        deliver();
    }

    /** The blocked tasks, by id. */
    List<Integer> blocked() {
        List<Integer> ids = new ArrayList<>();
        tasks.forEach((id, status) -> {
            if (status.equals(BLOCKED)) {
                ids.add(id);
            }
        });
        return ids;
    }

    void cancel(int task) {
        senders.remove(task);
        sending.remove(task);
        receivers.remove(task);
        tasks.put(task, CANCELLED);
    }

    private Integer take() {
        Integer v = buffer.pollFirst();
        if (v != null) {
            while (!senders.isEmpty() && buffer.size() < capacity) {
                int s = senders.pollFirst();
                buffer.addLast(sending.remove(s));
                tasks.put(s, "true");
            }
        }
        return v;
    }

    private void deliver() {
        while (!receivers.isEmpty() && !buffer.isEmpty()) {
            int r = receivers.pollFirst();
            tasks.put(r, "got " + take());
        }
        if (closed && buffer.isEmpty()) {
            while (!receivers.isEmpty()) {
                tasks.put(receivers.pollFirst(), CLOSED);
            }
        }
    }

    Map<Integer, String> tasks() {
        return tasks;
    }

    int size() {
        return buffer.size();
    }

    int blockedSenders() {
        return senders.size();
    }

    int blockedReceivers() {
        return receivers.size();
    }

    boolean isClosed() {
        return closed;
    }
}
