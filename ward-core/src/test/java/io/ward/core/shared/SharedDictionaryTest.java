package io.ward.core.shared;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dictionary's semantics, on a clock the test drives. */
class SharedDictionaryTest {
    private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - TimeUnit.SECONDS.toNanos(5)); // wraps mid-test
    private final SharedDictionary d = new SharedDictionary(3, now::get);

    private void advanceSeconds(long s) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(s));
    }

    @Test
    void valuesAreStringsNumbersAndBooleans() {
        d.set("s", "text", 0);
        d.set("n", 42, 0);
        d.set("b", false, 0);
        assertEquals("text", d.get("s"));
        assertEquals(42.0, d.get("n"));
        assertEquals(false, d.get("b"));
        assertThrows(IllegalArgumentException.class, () -> d.set("x", new Object(), 0));
        d.set("s", null, 0);
        assertNull(d.get("s"));
    }

    @Test
    void leastRecentlyUsedEntryIsEvicted() {
        d.set("a", 1, 0);
        d.set("b", 2, 0);
        d.set("c", 3, 0);
        assertEquals(1.0, d.get("a")); // a is now the most recent: b is the eldest
        d.set("d", 4, 0);
        assertNull(d.get("b"));
        assertEquals(1.0, d.get("a"));
        assertEquals(3, d.size());
        assertEquals(1, d.evictions());
    }

    @Test
    void expiredEntriesAreAbsentAndMakeRoomFirst() {
        d.set("short", "x", TimeUnit.SECONDS.toNanos(10));
        d.set("long", "y", TimeUnit.SECONDS.toNanos(100));
        d.set("forever", "z", 0);
        assertEquals(10.0, d.ttlNanos("short") / 1e9, 0.001);
        assertEquals(-1, d.ttlNanos("forever"));
        advanceSeconds(10); // the clock wraps past Long.MAX_VALUE here
        assertNull(d.get("short"));
        assertEquals(-2, d.ttlNanos("short"));
        assertEquals("y", d.get("long"));
        assertTrue(d.add("short", "again", 0), "an expired key can be added");
        d.get("forever");
        d.get("short");
        advanceSeconds(100); // long expires: a new key takes its place, nothing live is evicted
        d.set("new", 1, 0);
        assertEquals(0, d.evictions());
        assertEquals("z", d.get("forever"));
    }

    @Test
    void addOnlyWhenAbsent() {
        assertTrue(d.add("k", "first", 0));
        assertFalse(d.add("k", "second", 0));
        assertEquals("first", d.get("k"));
    }

    @Test
    void incrAddsAtomicallyAndReportsWhy() {
        SharedDictionary.IncrException e = assertThrows(SharedDictionary.IncrException.class,
                () -> d.incr("missing", 1, null, 0));
        assertEquals(SharedDictionary.IncrFailure.NOT_FOUND, e.failure());
        assertEquals(6.0, d.incr("c", 1, 5.0, TimeUnit.SECONDS.toNanos(10)));
        assertEquals(8.5, d.incr("c", 2.5, 100.0, 0), "init is ignored for an existing key");
        advanceSeconds(5);
        assertEquals(5.0, d.ttlNanos("c") / 1e9, 0.001, "incr keeps the time to live");
        d.set("s", "text", 0);
        assertEquals(SharedDictionary.IncrFailure.NOT_A_NUMBER,
                assertThrows(SharedDictionary.IncrException.class, () -> d.incr("s", 1, 0.0, 0)).failure());
    }

    @Test
    void deleteTellsWhetherALiveEntryWasThere() {
        d.set("k", 1, TimeUnit.SECONDS.toNanos(1));
        assertTrue(d.delete("k"));
        assertFalse(d.delete("k"));
        d.set("k", 1, TimeUnit.SECONDS.toNanos(1));
        advanceSeconds(2);
        assertFalse(d.delete("k"));
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> new SharedDictionary(0));
        assertThrows(IllegalArgumentException.class, () -> d.set("k", 1, -1));
        assertThrows(IllegalArgumentException.class, () -> d.set(null, 1, 0));
    }
}
