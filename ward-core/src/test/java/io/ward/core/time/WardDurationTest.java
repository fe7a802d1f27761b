package io.ward.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WardDurationTest {
    private static final WardDuration MAX = WardDuration.ofNanos(Long.MAX_VALUE);

    @Test
    void toStringPrintsExactMilliseconds() {
        assertEquals("Duration(1500ms)", WardDuration.ofNanos(1_500_000_000L).toString());
        assertEquals("Duration(0ms)", WardDuration.ZERO.toString());
        assertEquals("Duration(-250ms)", WardDuration.ofNanos(-250_000_000L).toString());
        assertEquals("Duration(0.5ms)", WardDuration.ofNanos(500_000L).toString());
        assertEquals("Duration(0.000001ms)", WardDuration.ofNanos(1L).toString());
        assertEquals("Duration(86400000ms)", WardDuration.ofNanos(86_400_000_000_000L).toString());
    }

    @Test
    void arithmeticIsExactOrFails() {
        assertEquals(Long.MAX_VALUE, MAX.plus(WardDuration.ZERO).nanos());
        assertEquals(-Long.MAX_VALUE, MAX.negated().nanos());
        assertEquals(Long.MAX_VALUE, MAX.negated().abs().nanos());
        overflow(() -> MAX.plus(WardDuration.ofNanos(1)));
        overflow(() -> MAX.negated().minus(WardDuration.ofNanos(1)));
        overflow(() -> MAX.negated().plus(MAX.negated()));
        overflow(() -> new WardDuration(Long.MIN_VALUE));
    }

    @Test
    void timesTruncatesAndChecksRange() {
        WardDuration second = WardDuration.ofNanos(1_000_000_000L);
        assertEquals(300_000_000L, second.times(0.3).nanos());
        assertEquals(-2_500_000_000L, second.times(-2.5).nanos());
        assertEquals(0L, WardDuration.ofNanos(1).times(0.5).nanos());
        assertEquals(Long.MAX_VALUE, MAX.times(1).nanos());
        assertEquals(-Long.MAX_VALUE, MAX.times(-1).nanos());
        overflow(() -> MAX.times(2));
        overflow(() -> MAX.times(1.5));
        overflow(() -> second.times(1e300));
        overflow(() -> second.times(-9.3e9));
        TimeValueException e = assertThrows(TimeValueException.class, () -> second.times(Double.NaN));
        assertEquals(DurationParser.NOT_FINITE, e.getMessage());
    }

    @Test
    void unitsTruncateTowardZero() {
        WardDuration d = WardDuration.ofNanos(-1_999_999L);
        assertEquals(-1L, d.millis());
        assertEquals(-1_999L, d.micros());
        assertEquals(-0.001999999, d.seconds(), 1e-15);
    }

    private static void overflow(Runnable r) {
        TimeValueException e = assertThrows(TimeValueException.class, r::run);
        assertEquals(DurationParser.OVERFLOW, e.getMessage());
    }
}
