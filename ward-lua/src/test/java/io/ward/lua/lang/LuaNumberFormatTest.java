package io.ward.lua.lang;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LuaNumberFormatTest {
    @Test
    void printsAsLua52() {
        assertEquals("0.33333333333333", LuaNumberFormat.toLuaString(1 / 3.0));
        assertEquals("1e+100", LuaNumberFormat.toLuaString(1e100));
        assertEquals("123456789.123", LuaNumberFormat.toLuaString(123456789.123));
        assertEquals("-0", LuaNumberFormat.toLuaString(-0.0));
        assertEquals("0", LuaNumberFormat.toLuaString(0.0));
        assertEquals("100", LuaNumberFormat.toLuaString(100));
        assertEquals("99999999999999", LuaNumberFormat.toLuaString(99999999999999.0));
        assertEquals("1e+14", LuaNumberFormat.toLuaString(1e14));
        assertEquals("9.007199254741e+15", LuaNumberFormat.toLuaString(0x1p53));
        assertEquals("1e+14", LuaNumberFormat.toLuaString(99999999999999.5));
        assertEquals("0.0001", LuaNumberFormat.toLuaString(1e-4));
        assertEquals("2e-05", LuaNumberFormat.toLuaString(2e-5));
        assertEquals("4.9406564584125e-324", LuaNumberFormat.toLuaString(Double.MIN_VALUE));
        assertEquals("1.7976931348623e+308", LuaNumberFormat.toLuaString(Double.MAX_VALUE));
    }

    @Test
    void nonFiniteAsGlibc() {
        assertEquals("inf", LuaNumberFormat.toLuaString(Double.POSITIVE_INFINITY));
        assertEquals("-inf", LuaNumberFormat.toLuaString(Double.NEGATIVE_INFINITY));
        assertEquals("nan", LuaNumberFormat.toLuaString(Double.NaN));
        assertEquals("-nan", LuaNumberFormat.toLuaString(LuaNumberFormat.X86_DEFAULT_NAN));
        assertEquals("nan", LuaNumberFormat.toLuaString(-LuaNumberFormat.X86_DEFAULT_NAN));
    }

    /** The fast path agrees with the exact BigDecimal one (string.format's %.14g) everywhere. */
    @Test
    void fastPathEqualsExactRounding() {
        SplittableRandom random = new SplittableRandom(42);
        byte[] g14 = "%.14g".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 300_000; i++) {
            double d = switch (i % 3) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(-12, 40));
                default -> Double.parseDouble(random.nextLong(1_000_000_000_000_00L, 1_000_000_000_000_000L) + "5e"
                        + random.nextInt(-25, 20));
            };
            if (Double.isNaN(d)) {
                continue;
            }
            String exact = new String(LuaFormat.format(g14, new ListArguments(List.of(g14, d))), StandardCharsets.ISO_8859_1);
            assertEquals(exact, LuaNumberFormat.toLuaString(d), () -> "for " + Double.toHexString(d));
        }
    }
}
