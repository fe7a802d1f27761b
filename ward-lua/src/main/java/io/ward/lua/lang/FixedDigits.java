package io.ward.lua.lang;

/**
 * Stateless and thread-safe: the fast path of {@code %.pf}: {@code |v|} rounded half-to-even to {@code p} decimals in
 * exact 128-bit integer arithmetic, for the common case where the scaled result fits in a
 * {@code long}; {@link ExactDecimal#fixed} covers the rest.
 */
final class FixedDigits {
    private static final long[] POW10 = new long[19];
    private static final int MANTISSA_BITS = 52;

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private FixedDigits() {
    }

    /** {@code |v|} with {@code p} digits after the point ("0.050"), or null when out of this path's range. */
    static String fixed(double v, int p) {
        double a = Math.abs(v);
        if (p >= POW10.length || !(a * POW10[p] < 0x1p62)) {
            return null;
        }
        long bits = Double.doubleToRawLongBits(a);
        int biased = (int) (bits >>> MANTISSA_BITS);
        long m = bits & ((1L << MANTISSA_BITS) - 1);
        int e;
        if (biased == 0) {
            e = -1074; // subnormal or zero
        } else {
            m |= 1L << MANTISSA_BITS;
            e = biased - 1075;
        }
        long t = POW10[p];
        long scaled;
        if (e >= 0) {
            scaled = (m << e) * t; // exact: a * 10^p < 2^62
        } else {
            // product = m * t < 2^53 * 2^60 = 2^113, as hi:lo
            long lo = m * t;
            long hi = Math.multiplyHigh(m, t);
            int s = -e;
            if (s >= 114) {
                scaled = 0; // the product is below half of 2^s
            } else {
                long q;
                int cmp; // remainder against half
                if (s < 64) {
                    q = (hi << (64 - s)) | (lo >>> s);
                    long rem = lo & ((1L << s) - 1);
                    long half = 1L << (s - 1);
                    cmp = Long.compareUnsigned(rem, half);
                } else if (s == 64) {
                    q = hi;
                    cmp = Long.compareUnsigned(lo, 1L << 63);
                } else {
                    int s2 = s - 64;
                    q = hi >>> s2;
                    long remHi = hi & ((1L << s2) - 1);
                    long halfHi = 1L << (s2 - 1);
                    cmp = remHi != halfHi ? Long.compareUnsigned(remHi, halfHi) : (lo != 0 ? 1 : 0);
                }
                if (cmp > 0 || (cmp == 0 && (q & 1) == 1)) {
                    q++;
                }
                scaled = q;
            }
        }
        String digits = Long.toString(scaled);
        if (p == 0) {
            return digits;
        }
        StringBuilder sb = new StringBuilder(p + 3 + digits.length());
        int pad = p + 1 - digits.length();
        for (int i = 0; i < pad; i++) {
            sb.append('0');
        }
        sb.append(digits);
        sb.insert(sb.length() - p, '.');
        return sb.toString();
    }
}
