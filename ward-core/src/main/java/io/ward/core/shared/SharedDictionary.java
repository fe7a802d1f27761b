package io.ward.core.shared;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A bounded dictionary of strings, numbers and booleans that every event loop of a server may
 * use at once: counters, rate limits, small caches. Thread-safe: each operation is atomic.
 *
 * <p>Design: one {@link LinkedHashMap} in access order under one lock, like one shared memory
 * zone with its mutex. Reads and writes make an entry the most recently used; adding to a
 * full dictionary first drops expired entries met from the least recently used end, then the
 * least recently used entry. An entry past its time to live is absent for every operation and
 * removed when met. Operations are a map lookup under the lock, never a wait, so event loops
 * call them directly; the lock is never held across anything that could suspend.
 *
 * <p>Numbers are doubles (Lua 5.2's number): {@link #incr} stays exact up to 2^53.
 */
public final class SharedDictionary {
    /** Entries of a dictionary made without a capacity. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();
    /** Threading - only under {@link #lock}. */
    private final LinkedHashMap<String, Entry> map;
    /** Threading - only under {@link #lock}. */
    private long evictions;

    private static final class Entry {
        Object value;
        /** {@link System#nanoTime()} scale; 0: never expires. */
        long expiresAt;

        Entry(Object value, long expiresAt) {
            this.value = value;
            this.expiresAt = expiresAt;
        }
    }

    /** What {@link #incr} found. */
    public enum IncrFailure {
        /** The key is absent and no initial value was given. */
        NOT_FOUND,
        /** The value is not a number. */
        NOT_A_NUMBER
    }

    /** Thrown by {@link #incr} when it cannot add (see {@link IncrFailure}). */
    public static final class IncrException extends RuntimeException {
        private final IncrFailure failure;

        IncrException(IncrFailure failure) {
            super(failure == IncrFailure.NOT_FOUND ? "not found" : "not a number", null, false, false);
            this.failure = failure;
        }

        public IncrFailure failure() {
            return failure;
        }
    }

    public SharedDictionary() {
        this(DEFAULT_CAPACITY);
    }

    public SharedDictionary(int capacity) {
        this(capacity, System::nanoTime);
    }

    /** A dictionary whose times to live are measured by {@code nanoClock} (tests drive it). */
    public SharedDictionary(int capacity, LongSupplier nanoClock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.nanoClock = nanoClock;
        this.map = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true);
    }

    public int capacity() {
        return capacity;
    }

    /** Entries held now (expired ones not yet met included). */
    public int size() {
        lock.lock();
        try {
            return map.size();
        } finally {
            lock.unlock();
        }
    }

    /** Live entries dropped to make room since creation. */
    public long evictions() {
        lock.lock();
        try {
            return evictions;
        } finally {
            lock.unlock();
        }
    }

    /** The value of {@code key} (a String, Double or Boolean), or {@code null}. */
    public Object get(String key) {
        lock.lock();
        try {
            Entry e = live(key, nanoClock.getAsLong());
            return e == null ? null : e.value;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets {@code key}, replacing any value and time to live; {@code ttlNanos} 0 means no expiry.
     * A {@code null} value deletes.
     */
    public void set(String key, Object value, long ttlNanos) {
        checkKey(key);
        if (value == null) {
            delete(key);
            return;
        }
        Object v = checkValue(value);
        lock.lock();
        try {
            long now = nanoClock.getAsLong();
            Entry e = map.get(key);
            if (e != null) {
                e.value = v;
                e.expiresAt = expiry(now, ttlNanos);
            } else {
                insert(key, new Entry(v, expiry(now, ttlNanos)), now);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sets {@code key} only if it is absent (or expired); true when it did. */
    public boolean add(String key, Object value, long ttlNanos) {
        checkKey(key);
        Object v = checkValue(value);
        lock.lock();
        try {
            long now = nanoClock.getAsLong();
            if (live(key, now) != null) {
                return false;
            }
            insert(key, new Entry(v, expiry(now, ttlNanos)), now);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds {@code delta} to the number at {@code key} and returns the sum. An absent key starts
     * from {@code init} (with {@code ttlNanos}) when given; an existing entry keeps its time to live.
     *
     * @throws IncrException when the key is absent without {@code init}, or holds no number
     */
    public double incr(String key, double delta, Double init, long ttlNanos) {
        checkKey(key);
        lock.lock();
        try {
            long now = nanoClock.getAsLong();
            Entry e = live(key, now);
            if (e == null) {
                if (init == null) {
                    throw new IncrException(IncrFailure.NOT_FOUND);
                }
                double sum = init + delta;
                insert(key, new Entry(sum, expiry(now, ttlNanos)), now);
                return sum;
            }
            if (!(e.value instanceof Double)) {
                throw new IncrException(IncrFailure.NOT_A_NUMBER);
            }
            double sum = (Double) e.value + delta;
            e.value = sum;
            return sum;
        } finally {
            lock.unlock();
        }
    }

    /** Removes {@code key}; true when a live entry was there. */
    public boolean delete(String key) {
        lock.lock();
        try {
            Entry e = map.remove(key);
            return e != null && !expired(e, nanoClock.getAsLong());
        } finally {
            lock.unlock();
        }
    }

    /** Nanoseconds {@code key} has left to live: -1 when it never expires, -2 when absent. */
    public long ttlNanos(String key) {
        lock.lock();
        try {
            long now = nanoClock.getAsLong();
            Entry e = live(key, now);
            if (e == null) {
                return -2;
            }
            return e.expiresAt == 0 ? -1 : e.expiresAt - now;
        } finally {
            lock.unlock();
        }
    }

    /** Removes every entry. */
    public void clear() {
        lock.lock();
        try {
            map.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: the entry if present and live (made most recently used); an expired one is removed. */
    private Entry live(String key, long now) {
        Entry e = map.get(key);
        if (e != null && expired(e, now)) {
            map.remove(key);
            return null;
        }
        return e;
    }

    /** Under the lock: puts a new key, making room first. */
    private void insert(String key, Entry e, long now) {
        if (map.size() >= capacity) {
            makeRoom(now);
        }
        map.put(key, e);
    }

    private void makeRoom(long now) {
        // expired entries near the old end first (a bounded look: this runs under the lock)
        Iterator<Entry> it = map.values().iterator();
        for (int looked = 0; it.hasNext() && looked < 16; looked++) {
            if (expired(it.next(), now)) {
                it.remove();
            }
        }
        if (map.size() >= capacity) {
            Iterator<Map.Entry<String, Entry>> eldest = map.entrySet().iterator();
            eldest.next();
            eldest.remove();
            evictions++;
        }
    }

    private static boolean expired(Entry e, long now) {
        return e.expiresAt != 0 && now - e.expiresAt >= 0;
    }

    private static long expiry(long now, long ttlNanos) {
        if (ttlNanos < 0) {
            throw new IllegalArgumentException("time to live must not be negative: " + ttlNanos);
        }
        if (ttlNanos == 0) {
            return 0;
        }
        long at = now + ttlNanos;
        return at == 0 ? 1 : at;
    }

    private static void checkKey(String key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
    }

    private static Object checkValue(Object v) {
        if (v instanceof String || v instanceof Boolean || v instanceof Double) {
            return v;
        }
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        throw new IllegalArgumentException("values must be strings, numbers or booleans, got "
                + (v == null ? "null" : v.getClass().getSimpleName()));
    }
}
