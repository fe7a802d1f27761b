package io.ward.lua.lang;

import java.math.BigDecimal;

/**
 * C's floating-point conversions {@code %e %E %f %g %G %a %A} as glibc prints a double:
 * exact decimal digits rounded half-to-even, {@code inf}/{@code nan} padded with spaces only,
 * and glibc's hexadecimal layout for {@code %a} (subnormals as {@code 0x0.xxxp-1022}).
 */
final class FloatConversion {
    private static final int DEFAULT_PRECISION = 6;
    private static final int MANTISSA_BITS = 52;
    private static final int MANTISSA_HEX_DIGITS = 13;

    private FloatConversion() {
    }

    static void format(FormatSpec spec, double v, ByteOutput out) {
        char c = (char) spec.conversion;
        boolean upper = c == 'E' || c == 'G' || c == 'A';
        boolean negative = Double.doubleToRawLongBits(v) < 0;
        String sign = spec.sign(negative);
        if (!Double.isFinite(v)) {
            String text = Double.isNaN(v) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
            spec.pad(out, sign, text.toCharArray(), text.length(), false);
            return;
        }
        switch (c) {
            case 'e', 'E' -> exponential(spec, v, sign, upper ? 'E' : 'e', out);
            case 'f' -> fixed(spec, v, sign, out);
            case 'g', 'G' -> general(spec, v, sign, upper ? 'E' : 'e', out);
            default -> hexadecimal(spec, v, sign, upper, out);
        }
    }

    private static int precision(FormatSpec spec) {
        return spec.precision < 0 ? DEFAULT_PRECISION : spec.precision;
    }

    private static void exponential(FormatSpec spec, double v, String sign, char e, ByteOutput out) {
        int p = precision(spec);
        char[] digits = new char[p + 1];
        int x = ExactDecimal.significant(v, p + 1, digits);
        char[] body = new char[p + 8];
        int n = 0;
        body[n++] = digits[0];
        if (p > 0 || spec.alternate) {
            body[n++] = '.';
        }
        System.arraycopy(digits, 1, body, n, p);
        n = GeneralNotation.exponent(x, e, body, n + p);
        spec.pad(out, sign, body, n, true);
    }

    private static void fixed(FormatSpec spec, double v, String sign, ByteOutput out) {
        int p = precision(spec);
        String text = FixedDigits.fixed(v, p);
        if (text == null) {
            text = ExactDecimal.fixed(v, p);
        }
        if (p == 0 && spec.alternate) {
            text += ".";
        }
        spec.pad(out, sign, text.toCharArray(), text.length(), true);
    }

    private static void general(FormatSpec spec, double v, String sign, char e, ByteOutput out) {
        int p = precision(spec);
        if (p == 0) {
            p = 1;
        }
        char[] digits = new char[p];
        int x = ExactDecimal.significant(v, p, digits);
        if (spec.alternate && x == p && new BigDecimal(Math.abs(v)).compareTo(BigDecimal.TEN.pow(p)) < 0) {
            // Rounding carried past 10^p (%#.3g of 999.9): glibc chose the %f style's zero
            // fraction digits before the carry and keeps them in the %e text ("1.e+03").
            p = 1;
        }
        char[] body = new char[GeneralNotation.MAX_LENGTH];
        int n = GeneralNotation.layout(digits, p, x, spec.alternate, e, body, 0);
        spec.pad(out, sign, body, n, true);
    }

    /**
     * {@code [-]0xh.hhhp±d}: the leading digit is the implicit bit (1, or 0 for zero and
     * subnormals, which use exponent -1022); a precision rounds the fraction half-to-even and a
     * carry shows in the leading digit ({@code %.0a} of 1.5 is {@code 0x2p+0}), as glibc does.
     */
    private static void hexadecimal(FormatSpec spec, double v, String sign, boolean upper, ByteOutput out) {
        long bits = Double.doubleToRawLongBits(v);
        int biased = (int) (bits >>> MANTISSA_BITS) & 0x7ff;
        long fraction = bits & ((1L << MANTISSA_BITS) - 1);
        long lead = biased == 0 ? 0 : 1;
        int exponent = v == 0 ? 0 : biased == 0 ? -1022 : biased - 1023;
        int digits;
        if (spec.precision < 0) {
            digits = MANTISSA_HEX_DIGITS;
            while (digits > 0 && (fraction & 0xf) == 0) {
                fraction >>>= 4;
                digits--;
            }
        } else if (spec.precision < MANTISSA_HEX_DIGITS) {
            digits = spec.precision;
            int drop = 4 * (MANTISSA_HEX_DIGITS - digits);
            long all = lead << MANTISSA_BITS | fraction;
            long kept = all >>> drop;
            long rest = all & ((1L << drop) - 1);
            long half = 1L << (drop - 1);
            if (rest > half || (rest == half && (kept & 1) == 1)) {
                kept++;
            }
            lead = kept >>> (4 * digits);
            fraction = kept & ((1L << (4 * digits)) - 1);
        } else {
            digits = spec.precision; // exact; the extra digits are zeros
        }
        char[] body = new char[digits + 16];
        int n = 0;
        body[n++] = hexDigit((int) lead, upper);
        if (digits > 0 || spec.alternate) {
            body[n++] = '.';
        }
        for (int i = 0; i < digits; i++) {
            int shift = 4 * (Math.min(digits, MANTISSA_HEX_DIGITS) - 1 - i);
            body[n++] = shift < 0 ? '0' : hexDigit((int) (fraction >>> shift) & 0xf, upper);
        }
        body[n++] = upper ? 'P' : 'p';
        body[n++] = exponent < 0 ? '-' : '+';
        String e = Integer.toString(Math.abs(exponent));
        e.getChars(0, e.length(), body, n);
        n += e.length();
        spec.pad(out, sign + (upper ? "0X" : "0x"), body, n, true);
    }

    private static char hexDigit(int d, boolean upper) {
        return (char) (d < 10 ? '0' + d : (upper ? 'A' : 'a') + d - 10);
    }
}
