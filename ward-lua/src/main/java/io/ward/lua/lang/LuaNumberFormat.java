package io.ward.lua.lang;

/**
 * How Lua 5.2 prints a number ({@code tostring}, {@code print}, {@code ..}): C's
 * {@code printf("%.14g")} ({@code LUAI_NUMFFORMAT}) as glibc does it, exact to the byte.
 *
 * <p>Infinities print as {@code inf} and {@code -inf}. NaN prints as glibc prints it: with a
 * {@code -} when its sign bit is set. On x86-64 the NaN an invalid operation creates
 * ({@code 0/0}, {@code inf-inf}) has the sign bit set, so reference Lua prints {@code -nan} for
 * {@code 0/0} and {@code nan} for {@code -(0/0)}. Java keeps a NaN's sign bit through
 * arithmetic and negation, but {@link Double#NaN} (what Java constants and LuaJ's division by
 * zero produce) has it clear: the runtime should make {@code 0/0} produce
 * {@link #X86_DEFAULT_NAN} to print like reference Lua.
 */
public final class LuaNumberFormat {
    /** The NaN x86-64 produces for an invalid operation such as {@code 0/0}: sign bit set. */
    public static final double X86_DEFAULT_NAN = Double.longBitsToDouble(0xfff8000000000000L);

    private static final int PRECISION = 14;
    private static final long TEN_POW_13 = 10_000_000_000_000L;
    private static final long TEN_POW_14 = 100_000_000_000_000L;
    /** Powers of ten that are exact doubles. */
    private static final double[] EXACT_POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };

    private LuaNumberFormat() {
    }

    /** {@code d} as {@code lua5.2} prints it. */
    public static String toLuaString(double d) {
        if (d == (long) d && Math.abs(d) < 1e14) { // fits %.14g's fixed notation with no fraction
            if (d == 0 && Double.doubleToRawLongBits(d) != 0) {
                return "-0";
            }
            return Long.toString((long) d);
        }
        if (!Double.isFinite(d)) {
            return nonFinite(d);
        }
        char[] digits = new char[PRECISION];
        int x = fastSignificant(d, digits);
        if (x == Integer.MIN_VALUE) {
            x = ExactDecimal.significant(d, PRECISION, digits);
        }
        char[] out = new char[24]; // "-0.0000" and 14 digits, or "-d." 13 digits "e-308"
        int start = 0;
        if (d < 0) {
            out[start++] = '-';
        }
        int end = GeneralNotation.layout(digits, PRECISION, x, false, 'e', out, start);
        return new String(out, 0, end);
    }

    /** {@code inf}, {@code -inf}, {@code nan} or {@code -nan}: glibc shows the sign bit. */
    private static String nonFinite(double d) {
        boolean negative = Double.doubleToRawLongBits(d) < 0;
        String text = Double.isNaN(d) ? "nan" : "inf";
        return negative ? "-" + text : text;
    }

    /**
     * The 14 significant digits of {@code |d|} without BigDecimal when a scaled double decides
     * them with certainty; returns the exponent, or {@code Integer.MIN_VALUE} when unsure.
     *
     * <p>Why it is exact: for {@code s = 13 - X} with {@code |s| <= 22}, {@code 10^|s|} is an
     * exact double, so {@code p = |d| * 10^s} (or the division) is the exact product rounded
     * once. Within {@code [1e13, 1e14)} a double's spacing is at most 2^-6, so {@code p} is
     * within 2^-7 of the exact product; when {@code p}'s fraction is farther than 1/16 from
     * one half, the exact product rounds to the same integer as {@code p}.
     */
    private static int fastSignificant(double d, char[] digits) {
        double a = Math.abs(d);
        int x = (int) Math.floor(Math.log10(a));
        for (int attempt = 0; attempt < 3; attempt++) {
            int s = PRECISION - 1 - x;
            if (s < -22 || s > 22) {
                return Integer.MIN_VALUE;
            }
            double p = s >= 0 ? a * EXACT_POW10[s] : a / EXACT_POW10[-s];
            if (p < TEN_POW_13) {
                x--;
                continue;
            }
            if (p >= TEN_POW_14) {
                x++;
                continue;
            }
            double floor = Math.floor(p);
            double fraction = p - floor;
            if (Math.abs(fraction - 0.5) < 1.0 / 16) {
                return Integer.MIN_VALUE;
            }
            long m = (long) floor + (fraction > 0.5 ? 1 : 0);
            if (m == TEN_POW_14) { // rounded up to the next power of ten
                m = TEN_POW_13;
                x++;
            }
            for (int i = PRECISION - 1; i >= 0; i--) {
                digits[i] = (char) ('0' + m % 10);
                m /= 10;
            }
            return x;
        }
        return Integer.MIN_VALUE;
    }
}
