package io.ward.lua.lang;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * The decimal digits of a finite double as glibc's {@code printf} produces them. A double's
 * binary value has an exact (finite) decimal expansion; glibc rounds that expansion
 * half-to-even, and so does {@link BigDecimal} built from the double, so these are exact. This
 * is the slow path: callers try cheaper ways first.
 */
final class ExactDecimal {
    private ExactDecimal() {
    }

    /**
     * {@code |v|} rounded to {@code n} significant digits: writes exactly {@code n} digit chars
     * into {@code digits} and returns the decimal exponent {@code X} of the rounded value
     * ({@code d.ddd × 10^X}; 0 for zero).
     */
    static int significant(double v, int n, char[] digits) {
        if (v == 0) {
            Arrays.fill(digits, 0, n, '0');
            return 0;
        }
        BigDecimal rounded = new BigDecimal(Math.abs(v)).round(new MathContext(n, RoundingMode.HALF_EVEN));
        String unscaled = rounded.unscaledValue().toString();
        int len = unscaled.length();
        unscaled.getChars(0, len, digits, 0);
        Arrays.fill(digits, len, n, '0');
        return len - 1 - rounded.scale();
    }

    /** {@code |v|} rounded to {@code scale} digits after the point, as plain digits ("0.050"). */
    static String fixed(double v, int scale) {
        return new BigDecimal(Math.abs(v)).setScale(scale, RoundingMode.HALF_EVEN).toPlainString();
    }
}
