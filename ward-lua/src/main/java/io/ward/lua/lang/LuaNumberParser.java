package io.ward.lua.lang;

import java.nio.charset.StandardCharsets;

/**
 * How Lua 5.2 turns a string into a number: {@link #parse} is {@code luaO_str2d} (string
 * arithmetic, {@code tonumber(s)}, numerals in source), which on Linux is C's {@code strtod}
 * minus {@code inf}/{@code nan}; {@link #parseInBase} is {@code tonumber(s, base)}.
 *
 * <p>Both take the string's bytes and return {@link Double#NaN} for "not a number" instead of
 * throwing: no numeral produces a NaN, so the signal is unambiguous and costs nothing.
 */
public final class LuaNumberParser {
    private static final int MAX_EXACT_DIGITS = 15; // any 15-digit integer is an exact double

    private LuaNumberParser() {
    }

    /** {@code luaO_str2d} on the whole of {@code s}; NaN when it is not a numeral. */
    public static double parse(byte[] s) {
        return parse(s, 0, s.length);
    }

    /**
     * {@code luaO_str2d} on {@code s[off, off+len)}: optional whitespace, an optional sign, a
     * decimal numeral ({@code 5}, {@code .5}, {@code 5.}, {@code 1e+10}) or a hexadecimal one
     * ({@code 0xA}, {@code 0x.8}, {@code 0xA.8p1}), optional whitespace; NaN otherwise.
     * Overflow gives an infinity and underflow zero or a subnormal, as {@code strtod} does.
     */
    public static double parse(byte[] s, int off, int len) {
        int end = off + len;
        int i = skipSpaces(s, off, end);
        boolean negative = false;
        if (i < end && (s[i] == '-' || s[i] == '+')) {
            negative = s[i] == '-';
            i++;
        }
        int start = i;
        boolean hex = i + 1 < end && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X');
        int numeralEnd = hex ? scanHex(s, i + 2, end) : scanDecimal(s, i, end);
        if (numeralEnd < 0 || skipSpaces(s, numeralEnd, end) != end) {
            return Double.NaN;
        }
        double v = hex ? hexValue(s, start + 2, numeralEnd) : decimalValue(s, start, numeralEnd);
        return negative ? -v : v;
    }

    /**
     * {@code tonumber(s, base)}: optional whitespace, an optional {@code -} or {@code +}, one or
     * more digits or letters (case-insensitive, each below {@code base}), optional whitespace.
     * The value accumulates in doubles digit by digit as Lua 5.2 does, so long numerals round
     * as they do there. NaN when {@code s} is not such a numeral.
     *
     * @param base 2 to 36; the caller reports Lua's {@code base out of range} for others
     */
    public static double parseInBase(byte[] s, int base) {
        if (base < 2 || base > 36) {
            throw new IllegalArgumentException("base out of range: " + base);
        }
        int end = s.length;
        int i = skipSpaces(s, 0, end);
        boolean negative = false;
        if (i < end && (s[i] == '-' || s[i] == '+')) {
            negative = s[i] == '-';
            i++;
        }
        if (i >= end || digitValue(s[i]) < 0) {
            return Double.NaN;
        }
        double n = 0;
        do {
            int digit = digitValue(s[i]);
            if (digit >= base) {
                return Double.NaN;
            }
            n = n * base + digit;
            i++;
        } while (i < end && digitValue(s[i]) >= 0);
        if (skipSpaces(s, i, end) != end) {
            return Double.NaN;
        }
        return negative ? -n : n;
    }

    /** C's {@code isspace} in the C locale: space, \t, \n, \v, \f, \r. */
    public static boolean isSpace(int b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    private static int skipSpaces(byte[] s, int i, int end) {
        while (i < end && isSpace(s[i])) {
            i++;
        }
        return i;
    }

    /** 0-9 for digits, 10-35 for ASCII letters of either case, -1 for anything else. */
    private static int digitValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        return lower >= 'a' && lower <= 'z' ? lower - 'a' + 10 : -1;
    }

    /** The end of {@code digits [. digits] [e [sign] digits]} with at least one digit, or -1. */
    private static int scanDecimal(byte[] s, int i, int end) {
        int digits = 0;
        while (i < end && isDigit(s[i])) {
            i++;
            digits++;
        }
        if (i < end && s[i] == '.') {
            i++;
            while (i < end && isDigit(s[i])) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return -1;
        }
        return scanExponent(s, i, end, 'e');
    }

    /** The end of hex digits with an optional point (at least one digit) and p exponent, or -1. */
    private static int scanHex(byte[] s, int i, int end) {
        int digits = 0;
        while (i < end && isHexDigit(s[i])) {
            i++;
            digits++;
        }
        if (i < end && s[i] == '.') {
            i++;
            while (i < end && isHexDigit(s[i])) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return -1; // strtod reads just the "0" and stops at the x: trailing garbage
        }
        return scanExponent(s, i, end, 'p');
    }

    /** An exponent is part of the numeral only when digits follow the marker and sign. */
    private static int scanExponent(byte[] s, int i, int end, char marker) {
        if (i < end && (s[i] | 0x20) == marker) {
            int j = i + 1;
            if (j < end && (s[j] == '+' || s[j] == '-')) {
                j++;
            }
            if (j < end && isDigit(s[j])) {
                while (j < end && isDigit(s[j])) {
                    j++;
                }
                return j;
            }
        }
        return i;
    }

    private static double decimalValue(byte[] s, int start, int end) {
        if (end - start <= MAX_EXACT_DIGITS) {
            long v = 0;
            int i = start;
            while (i < end && isDigit(s[i])) {
                v = v * 10 + (s[i++] - '0');
            }
            if (i == end) {
                return v;
            }
        }
        // Java's decimal syntax accepts every numeral scanDecimal does, correctly rounded
        return Double.parseDouble(new String(s, start, end - start, StandardCharsets.ISO_8859_1));
    }

    private static double hexValue(byte[] s, int start, int end) {
        int i = start;
        while (i < end && (s[i] | 0x20) != 'p') {
            i++;
        }
        String mantissa = new String(s, start, i - start, StandardCharsets.ISO_8859_1);
        long exponent = 0;
        if (i < end) {
            int j = i + 1;
            boolean negative = s[j] == '-';
            if (s[j] == '-' || s[j] == '+') {
                j++;
            }
            for (; j < end; j++) {
                // beyond a million the result is 0 or infinity for any mantissa read here
                exponent = Math.min(exponent * 10 + (s[j] - '0'), 1_000_000);
            }
            exponent = negative ? -exponent : exponent;
        }
        // Java's hexadecimal floating literal needs the p exponent; it rounds correctly
        return Double.parseDouble("0x" + mantissa + "p" + exponent);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isHexDigit(byte b) {
        int lower = b | 0x20;
        return isDigit(b) || (lower >= 'a' && lower <= 'f');
    }
}
