package io.ward.lua.lang;

/**
 * Lua 5.2's {@code string.format} on bytes, as {@code lua5.2} (5.2.4 on x86-64 glibc) does it.
 *
 * <p>The format string is scanned as Lua scans it: {@code %%} is a percent sign; otherwise a
 * value must be present ({@code no value}), then at most five flag chars from {@code -+ #0}
 * ({@code invalid format (repeated flags)}), a width and a precision of at most two digits each
 * ({@code invalid format (width or precision too long)}), and one of the conversions
 * {@code c d i o u x X e E f g G a A q s} ({@code invalid option '%y' to 'format'}). Numbers
 * follow C's {@code printf} with the value converted as Lua 5.2.4 converts it:
 * <ul>
 *   <li>{@code d i}: truncated to a 64-bit integer; outside [-2^63, 2^63) or NaN is
 *       {@code not a number in proper range};
 *   <li>{@code o u x X}: truncated to an unsigned 64-bit integer; outside (-1, 2^64) is
 *       {@code not a non-negative number in proper range};
 *   <li>{@code c}: truncated to an integer (the x86 cast: out of range gives 2^63) whose low
 *       byte is written;
 *   <li>{@code q}: the string quoted so that Lua reads it back (flags and width ignored);
 *   <li>{@code s}: with no precision and 100 bytes or more, the whole string and no padding;
 *       otherwise, as C's {@code %s}, it stops at the first zero byte.
 * </ul>
 */
public final class LuaFormat {
    private static final String FLAGS = "-+ #0";
    private static final int LONG_STRING = 100; // Lua adds such a %s argument whole
    private static final double TWO_POW_63 = 0x1p63;
    /** Shortest precision at which glibc prints {@code (null)} for a NULL {@code %s}. */
    private static final int NULL_TEXT_PRECISION = 6;

    private LuaFormat() {
    }

    /**
     * Formats {@code args} (arguments 2, 3, ...) by {@code format} (argument 1).
     *
     * @throws LuaFormatException for a bad format or an argument out of range; what
     *                            {@code args} throws for an argument of the wrong type
     */
    public static byte[] format(byte[] format, FormatArguments args) {
        ByteOutput out = new ByteOutput(format.length + 16);
        int arg = 1;
        int i = 0;
        while (i < format.length) {
            byte b = format[i++];
            if (b != '%') {
                out.append(b);
            } else if (at(format, i) == '%') {
                out.append('%');
                i++;
            } else {
                if (++arg > args.top()) {
                    throw LuaFormatException.badArgument(arg, "no value");
                }
                int specStart = i;
                i = scanSpec(format, i);
                FormatSpec spec = i == specStart ? FormatSpec.plain(at(format, i)) : parseSpec(format, specStart, i);
                i++; // past the conversion (or the end of the string, which ends the loop)
                convert(spec, arg, args, out);
            }
        }
        return out.toByteArray();
    }

    /** The byte at {@code i}, or 0 past the end (Lua strings end with a zero byte in C). */
    private static int at(byte[] s, int i) {
        return i < s.length ? s[i] & 0xff : 0;
    }

    /** Validates the spec from {@code i} as Lua does and returns the index of its conversion. */
    private static int scanSpec(byte[] f, int i) {
        int start = i;
        while (at(f, i) != 0 && FLAGS.indexOf(at(f, i)) >= 0) {
            i++;
        }
        if (i - start > FLAGS.length()) {
            throw LuaFormatException.invalidFormat("invalid format (repeated flags)");
        }
        i = skipDigits(f, i, 2);
        if (at(f, i) == '.') {
            i = skipDigits(f, i + 1, 2);
        }
        if (isDigit(at(f, i))) {
            throw LuaFormatException.invalidFormat("invalid format (width or precision too long)");
        }
        return i;
    }

    private static int skipDigits(byte[] f, int i, int max) {
        for (int n = 0; n < max && isDigit(at(f, i)); n++) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    private static FormatSpec parseSpec(byte[] f, int i, int conversionIndex) {
        boolean leftAlign = false, plus = false, space = false, alternate = false, zeroPad = false;
        for (int c; (c = at(f, i)) != 0 && FLAGS.indexOf(c) >= 0; i++) {
            switch (c) {
                case '-' -> leftAlign = true;
                case '+' -> plus = true;
                case ' ' -> space = true;
                case '#' -> alternate = true;
                default -> zeroPad = true;
            }
        }
        int width = 0;
        while (isDigit(at(f, i))) {
            width = width * 10 + at(f, i++) - '0';
        }
        int precision = -1;
        if (at(f, i) == '.') {
            i++;
            precision = 0;
            while (isDigit(at(f, i))) {
                precision = precision * 10 + at(f, i++) - '0';
            }
        }
        return new FormatSpec(leftAlign, plus, space, alternate, zeroPad, width, precision, (byte) at(f, conversionIndex));
    }

    private static void convert(FormatSpec spec, int arg, FormatArguments args, ByteOutput out) {
        switch (spec.conversion) {
            case 'c' -> spec.padBytes(out, new byte[] {(byte) x86Truncate(args.checkNumber(arg))}, 1);
            case 'd', 'i' -> signed(spec, toSigned(args.checkNumber(arg), arg), out);
            case 'o', 'u', 'x', 'X' -> unsigned(spec, toUnsigned(args.checkNumber(arg), arg), out);
            case 'e', 'E', 'f', 'g', 'G', 'a', 'A' -> FloatConversion.format(spec, args.checkNumber(arg), out);
            case 'q' -> LuaQuote.quote(args.checkString(arg), out);
            case 's' -> string(spec, args.toText(arg), out);
            default -> throw LuaFormatException.invalidFormat(
                    "invalid option '%" + (char) (spec.conversion & 0xff) + "' to 'format'");
        }
    }

    /** C's double-to-int64 cast on x86-64: NaN and out-of-range values give -2^63. */
    static long x86Truncate(double n) {
        return n >= -TWO_POW_63 && n < TWO_POW_63 ? (long) n : Long.MIN_VALUE;
    }

    private static long toSigned(double n, int arg) {
        long v = x86Truncate(n);
        double diff = n - v;
        if (!(-1 < diff && diff < 1)) {
            throw LuaFormatException.badArgument(arg, "not a number in proper range");
        }
        return v;
    }

    /**
     * C's double-to-uint64 cast as gcc compiles it for x86-64 (a signed conversion, with 2^63
     * taken off first for large values), then Lua's check that the cast lost less than one.
     */
    private static long toUnsigned(double n, int arg) {
        long v = n < TWO_POW_63 ? x86Truncate(n) : x86Truncate(n - TWO_POW_63) ^ Long.MIN_VALUE;
        double diff = n - unsignedToDouble(v);
        if (!(-1 < diff && diff < 1)) {
            throw LuaFormatException.badArgument(arg, "not a non-negative number in proper range");
        }
        return v;
    }

    private static double unsignedToDouble(long v) {
        if (v >= 0) {
            return v;
        }
        return ((v >>> 1) | (v & 1)) * 2.0; // halve keeping the sticky bit, so it rounds once
    }

    private static void signed(FormatSpec spec, long v, ByteOutput out) {
        if (spec.width == 0 && spec.precision < 0) { // no padding: the digits written in place
            out.appendLatin1(spec.sign(v < 0));
            out.appendUnsignedDecimal(v < 0 ? -v : v);
            return;
        }
        String digits = Long.toUnsignedString(v < 0 ? -v : v);
        integer(spec, spec.sign(v < 0), v == 0, digits, out);
    }

    private static void unsigned(FormatSpec spec, long v, ByteOutput out) {
        String digits = switch (spec.conversion) {
            case 'o' -> Long.toOctalString(v);
            case 'u' -> Long.toUnsignedString(v);
            case 'x' -> Long.toHexString(v);
            default -> Long.toHexString(v).toUpperCase(java.util.Locale.ROOT);
        };
        String prefix = "";
        if (spec.alternate && v != 0 && spec.conversion != 'o' && spec.conversion != 'u') {
            prefix = spec.conversion == 'x' ? "0x" : "0X";
        }
        integer(spec, prefix, v == 0, digits, out);
    }

    /**
     * C's integer layout: a precision is a minimum digit count (and disables the {@code 0}
     * flag); precision 0 prints nothing for zero; {@code #} with {@code o} forces a leading 0.
     */
    private static void integer(FormatSpec spec, String prefix, boolean zero, String digits, ByteOutput out) {
        if (zero && spec.precision == 0) {
            digits = "";
        }
        if (spec.precision > digits.length()) {
            digits = "0".repeat(spec.precision - digits.length()) + digits;
        }
        if (spec.alternate && spec.conversion == 'o' && !digits.startsWith("0")) {
            digits = "0" + digits;
        }
        spec.pad(out, prefix, digits.toCharArray(), digits.length(), spec.precision < 0);
    }

    private static void string(FormatSpec spec, byte[] s, ByteOutput out) {
        if (s == FormatArguments.NULL_TEXT && spec.precision >= 0 && spec.precision < NULL_TEXT_PRECISION) {
            s = new byte[0]; // glibc prints a NULL %s as "(null)" only when the precision allows all of it
        }
        if (spec.precision < 0 && s.length >= LONG_STRING) {
            out.append(s, 0, s.length);
            return;
        }
        int len = 0;
        while (len < s.length && s[len] != 0) { // C's %s ends at a zero byte
            len++;
        }
        if (spec.precision >= 0 && spec.precision < len) {
            len = spec.precision;
        }
        spec.padBytes(out, s, len);
    }
}
