package io.ward.lua.lang;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LuaFormatTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String format(String fmt, Object... values) {
        List<Object> call = new ArrayList<>();
        call.add(bytes(fmt));
        for (Object v : values) {
            call.add(v instanceof String s ? bytes(s) : v instanceof Integer n ? (Object) n.doubleValue() : v);
        }
        return new String(LuaFormat.format(bytes(fmt), new ListArguments(call)), StandardCharsets.ISO_8859_1);
    }

    private static String error(String fmt, Object... values) {
        return assertThrows(LuaFormatException.class, () -> format(fmt, values)).luaMessage("format");
    }

    @Test
    void numbersAsC() {
        assertEquals("0.33", format("%.2f", 1 / 3.0));
        assertEquals("  3.1", format("%5.1f", 3.14159));
        assertEquals("1e+20", format("%g", 1e20));
        assertEquals("2147483648", format("%d", 0x1p31));
        assertEquals("-0003|-3   |  -03", format("%05d|%-05d|%05.2d", -3, -3, -3));
        assertEquals("2|0", format("%.0f|%.0f", 2.5, 0.5));
        // glibc: a %#g carry past 10^P keeps the %f style's zero fraction digits
        assertEquals("1.e+03|100.|1.e+14|1.e+01|1.23e+03|1e+03", format("%#.3g|%#.3g|%#.14g|%#.1g|%#.3g|%.3g",
                999.9, 99.99, 99999999999999.99, 9.9, 1234.0, 999.9));
        assertEquals("0x1.5555555555555p-2 0X1P-1", format("%a %A", 1 / 3.0, 0.5));
        assertEquals("0x2p+0|0x0.0000000000001p-1022", format("%.0a|%a", 1.5, Double.MIN_VALUE));
        assertEquals("       inf|+inf|-nan", format("%010f|%+f|%e", Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
                LuaNumberFormat.X86_DEFAULT_NAN));
        assertEquals("8000000000000000|0||0|010", format("%x|%x|%.0d|%#.0o|%#o", 0x1p63, -0.5, 0, 0, 8));
    }

    @Test
    void integersWithoutPaddingWrittenInPlace() {
        assertEquals("0|7|-7|+7| 7|+0|-9223372036854775808|9223372036854774784|-1000000|42",
                format("%d|%i|%d|%+d|% d|%+d|%d|%d|%d|%d", 0, 7, -7, 7, 7, 0, -0x1p63, 0x1p63 - 1024, -1e6, 42.9));
        assertEquals("x=1,y=-22,z=333", format("x=%d,y=%d,z=%d", 1, -22, 333));
    }

    @Test
    void stringsAsLua52() {
        assertEquals("\"a\\0b\\0001\\13\\\n\\\"\\\\\\1\\0012\\127\u00ff\"", format("%q", "a\0b\0" + "1\r\n\"\\\u0001\u00012\u007f\u00ff"));
        assertEquals("abc|   ab|ab   |   ab|ab|", format("%.3s|%5s|%-5s|%5.2s|%s|", "abcdef", "ab", "ab", "ab\0cd", "ab\0cd"));
        assertEquals("x".repeat(100), format("%5s", "x".repeat(100)));
        assertEquals("\0A\u00ff", format("%c%c%c", 0, 256 + 65, -1));
        assertEquals("0.33333333333333", format("%s", 1 / 3.0));
    }

    @Test
    void errorsInLuasWords() {
        assertEquals("bad argument #2 to 'format' (not a number in proper range)", error("%d", 0x1p63));
        assertEquals("bad argument #2 to 'format' (not a non-negative number in proper range)", error("%x", -1));
        assertEquals("bad argument #3 to 'format' (no value)", error("%d%d", 1));
        assertEquals("invalid format (width or precision too long)", error("%100d", 1));
        assertEquals("invalid format (repeated flags)", error("%------5d", 1));
        assertEquals("invalid option '%y' to 'format'", error("%5y", 1));
        assertEquals("invalid option '%\0' to 'format'", error("%", 1));
    }
}
