package io.ward.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationParserTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private static void fails(String message, String text) {
        TimeValueException e = assertThrows(TimeValueException.class, () -> DurationParser.parse(text), text);
        assertEquals(message, e.getMessage(), text);
    }

    @Test
    void emptyAfterTrimming() {
        fails(DurationParser.EMPTY, "");
        fails(DurationParser.EMPTY, " ");
        fails(DurationParser.EMPTY, " \t\n");
    }

    @Test
    void singleUnits() {
        assertEquals(500 * MS, DurationParser.parse("500ms"));
        assertEquals(2 * S, DurationParser.parse("2s"));
        assertEquals(60 * S, DurationParser.parse("1m"));
        assertEquals(7200 * S, DurationParser.parse("2h"));
        assertEquals(86_400 * S, DurationParser.parse("1d"));
        assertEquals(10_000L, DurationParser.parse("10us"));
    }

    @Test
    void signs() {
        assertEquals(-S, DurationParser.parse("-1s"));
        assertEquals(S, DurationParser.parse("+1s"));
        assertEquals(-5400 * S, DurationParser.parse("-1h30m"));
        assertEquals(0, DurationParser.parse("-0s"));
    }

    @Test
    void tokensAreSummedWithOptionalSpaces() {
        assertEquals(5400 * S, DurationParser.parse("1h30m"));
        assertEquals(5400 * S, DurationParser.parse("1h 30m"));
        assertEquals(5400 * S, DurationParser.parse("1 h  30 m"));
        assertEquals(5 * S, DurationParser.parse("5 S"));
        assertEquals(5 * S, DurationParser.parse("  5 S  "));
        assertEquals(93_784_005 * MS, DurationParser.parse("1d2h3m4s5ms"));
        assertEquals(3 * MS, DurationParser.parse("3MS"));
        assertEquals(3_000L, DurationParser.parse("3Us"));
    }

    @Test
    void decimals() {
        assertEquals(1500 * MS, DurationParser.parse("1.5s"));
        assertEquals(5400 * S, DurationParser.parse("1.5h"));
        assertEquals(1L, DurationParser.parse("0.001us"));
        assertEquals(1L, DurationParser.parse("0.0019us"), "truncated toward zero");
        assertEquals(-1L, DurationParser.parse("-0.0019us"), "truncated toward zero");
        assertEquals(0L, DurationParser.parse("0.0001us"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "-", "1x", "s", "1", "ms", "1hh", "1ns", "--1s", "+-1s", "- 1s", ".5s", "1.s",
        "1..5s", "1s1", "1s,", "1,5s", "1e3s", "0x10s", "1 2s", "1 s s", "abc", "1h-30m", "\u0661s", "1\u00b5s"})
    void unparsable(String text) {
        fails(DurationParser.UNPARSABLE, text);
    }

    @Test
    void overflowNeverWraps() {
        fails(DurationParser.OVERFLOW, "9999999999999h");
        fails(DurationParser.OVERFLOW, "-9999999999999h");
        fails(DurationParser.OVERFLOW, "106752d");
        fails(DurationParser.OVERFLOW, "100000d 100000d");
        fails(DurationParser.OVERFLOW, "9223372036854775808us");
        fails(DurationParser.OVERFLOW, "9223372036.854775808s");
        fails(DurationParser.OVERFLOW, "1" + "0".repeat(400) + "s");
        assertEquals(Long.MAX_VALUE, DurationParser.parse("9223372036.854775807s"));
        assertEquals(-Long.MAX_VALUE, DurationParser.parse("-9223372036.854775807s"));
        assertEquals(9_223_286_400L * S, DurationParser.parse("106751d"));
    }

    @Test
    void numbersAreWholeSeconds() {
        assertEquals(2 * S, DurationParser.fromSeconds(2));
        assertEquals(2 * S, DurationParser.fromSeconds(2.0));
        assertEquals(0, DurationParser.fromSeconds(-0.0));
        assertEquals(-3 * S, DurationParser.fromSeconds(-3));
        assertEquals(9_223_372_036L * S, DurationParser.fromSeconds(9_223_372_036L));
    }

    @Test
    void numberErrors() {
        assertNumberFails(DurationParser.NOT_FINITE, Double.NaN);
        assertNumberFails(DurationParser.NOT_FINITE, Double.POSITIVE_INFINITY);
        assertNumberFails(DurationParser.NOT_FINITE, Double.NEGATIVE_INFINITY);
        assertNumberFails(DurationParser.NOT_WHOLE, 0.5);
        assertNumberFails(DurationParser.NOT_WHOLE, -1e-300);
        assertNumberFails(DurationParser.OVERFLOW, 9_223_372_037.0);
        assertNumberFails(DurationParser.OVERFLOW, -1e300);
    }

    private static void assertNumberFails(String message, double seconds) {
        TimeValueException e = assertThrows(TimeValueException.class, () -> DurationParser.fromSeconds(seconds));
        assertEquals(message, e.getMessage());
    }
}
