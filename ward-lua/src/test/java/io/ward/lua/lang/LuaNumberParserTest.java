package io.ward.lua.lang;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LuaNumberParserTest {
    private static double parse(String s) {
        return LuaNumberParser.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static double parse(String s, int base) {
        return LuaNumberParser.parseInBase(s.getBytes(StandardCharsets.ISO_8859_1), base);
    }

    @Test
    void acceptsLuaNumerals() {
        assertEquals(-10, parse(" -0xa "));
        assertEquals(0.5, parse(".5"));
        assertEquals(5, parse("5."));
        assertEquals(1e10, parse("1E+10"));
        assertEquals(16, parse("0x1p4"));
        assertEquals(0.5, parse("0x.8"));
        assertEquals(21, parse("0xA.8p1"));
        assertEquals(1, parse("\u000b1\f"));
        assertEquals(Double.POSITIVE_INFINITY, parse("1e400"));
        assertEquals(Double.MIN_VALUE, parse("0x1p-1074"));
        assertEquals(0x8000000000000000L, Double.doubleToRawLongBits(parse("-0")));
    }

    @Test
    void rejectsWhatLuaRejects() {
        for (String s : new String[] {"1e", "0x", "", ".", "e1", "0x1p", "inf", "nan", "1e1e1", "- 1", "+-1", "0x.p1", "1\0", "1 2"}) {
            assertTrue(Double.isNaN(parse(s)), s);
        }
    }

    @Test
    void tonumberWithBase() {
        assertEquals(-255, parse("  -ff  ", 16));
        assertEquals(1295, parse("+zz", 36));
        assertEquals(5, parse("101", 2));
        assertEquals(0x8000000000000000L, Double.doubleToRawLongBits(parse("-0", 10)));
        for (String s : new String[] {"", "-", "1 1", "1.5", "2", "1\0"}) {
            assertTrue(Double.isNaN(parse(s, 2)), s);
        }
        assertThrows(IllegalArgumentException.class, () -> parse("1", 37));
    }
}
