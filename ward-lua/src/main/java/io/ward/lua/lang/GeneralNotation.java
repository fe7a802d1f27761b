package io.ward.lua.lang;

/**
 * The layout of C's {@code %g}: given the digits already rounded to {@code P} significant
 * digits and the exponent {@code X} of the rounded value, fixed notation when
 * {@code P > X >= -4}, otherwise exponent notation; without the {@code #} flag, trailing zeros
 * and a trailing point are dropped. Also the exponent suffix shared with {@code %e}.
 */
final class GeneralNotation {
    /** Longest output of {@link #layout} for {@code P <= 99} (sign not included). */
    static final int MAX_LENGTH = 4 + 99 + 2 + 5;

    private GeneralNotation() {
    }

    /**
     * Writes the unsigned {@code %g} text into {@code out} from {@code start} and returns the
     * index after it.
     *
     * @param digits exactly {@code p} digit chars
     */
    static int layout(char[] digits, int p, int x, boolean alt, char e, char[] out, int start) {
        int last = p; // digits kept: without '#', trailing zeros go
        if (!alt) {
            while (last > 1 && digits[last - 1] == '0') {
                last--;
            }
        }
        int n = start;
        if (x >= -4 && x < p) {
            if (x >= 0) {
                for (int i = 0; i <= x; i++) {
                    out[n++] = i < last ? digits[i] : '0';
                }
                if (last > x + 1 || alt) {
                    out[n++] = '.';
                    for (int i = x + 1; i < last; i++) {
                        out[n++] = digits[i];
                    }
                }
            } else {
                out[n++] = '0';
                out[n++] = '.';
                for (int i = -1; i > x; i--) {
                    out[n++] = '0';
                }
                for (int i = 0; i < last; i++) {
                    out[n++] = digits[i];
                }
            }
            return n;
        }
        out[n++] = digits[0];
        if (last > 1 || alt) {
            out[n++] = '.';
            for (int i = 1; i < last; i++) {
                out[n++] = digits[i];
            }
        }
        return exponent(x, e, out, n);
    }

    /** Appends C's exponent suffix ({@code e+05}, {@code e-308}: sign and at least two digits). */
    static int exponent(int x, char e, char[] out, int n) {
        out[n++] = e;
        out[n++] = x < 0 ? '-' : '+';
        int a = Math.abs(x);
        if (a >= 100) {
            out[n++] = (char) ('0' + a / 100);
            a %= 100;
        }
        out[n++] = (char) ('0' + a / 10);
        out[n++] = (char) ('0' + a % 10);
        return n;
    }
}
