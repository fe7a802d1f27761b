package io.ward.lua.lang;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@link FixedDigits} (the fast {@code %.pf}) agrees with the exact {@link ExactDecimal#fixed}. */
class FixedDigitsTest {
    @Test
    void agreesWithExactRounding() {
        long seed = CorpusSeed.get();
        SplittableRandom r = new SplittableRandom(seed);
        int checked = 0;
        for (int i = 0; i < 400_000; i++) {
            double v = switch (i % 5) {
                case 0 -> Double.longBitsToDouble(r.nextLong() & Long.MAX_VALUE);
                case 1 -> r.nextDouble() * Math.pow(10, r.nextInt(-8, 16));
                case 2 -> r.nextInt(-100_000, 100_000) / 1000.0 + (r.nextBoolean() ? 0.0005 : 0.005); // near halves
                case 3 -> r.nextLong(1L << 53) * Math.pow(2, -r.nextInt(1, 80));
                default -> r.nextInt(1 << 20) / 64.0; // exact binary halves: ties
            };
            int p = r.nextInt(0, 20);
            String fast = FixedDigits.fixed(v, p);
            if (fast != null) {
                assertEquals(ExactDecimal.fixed(v, p), fast, "seed " + seed + ": %." + p + "f of " + Double.toHexString(v));
                checked++;
            }
        }
        System.out.println("FixedDigitsTest seed " + seed + ": " + checked + " fast results checked");
    }

    @Test
    void leavesLargeValuesToTheExactPath() {
        assertNull(FixedDigits.fixed(1e300, 2));
        assertNull(FixedDigits.fixed(1e10, 18));
        assertEquals("0.33", FixedDigits.fixed(1.0 / 3, 2));
        assertEquals("2", FixedDigits.fixed(2.5, 0));
        assertEquals("4", FixedDigits.fixed(3.5, 0));
        assertEquals("0.000", FixedDigits.fixed(Double.MIN_VALUE, 3));
        assertEquals("0.125", FixedDigits.fixed(0.125, 3));
        assertEquals("0.12", FixedDigits.fixed(0.125, 2));
    }
}
