package io.ward.core.testing;

/** Sizes of stress tests, scaled by the system property {@code ward.stress.scale} (default 1; may be fractional). */
public final class Stress {
    private Stress() {
    }

    public static double scale() {
        String s = System.getProperty("ward.stress.scale", "1");
        try {
            double d = Double.parseDouble(s.trim());
            return d > 0 ? d : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** {@code n} times the scale, at least 1. */
    public static int scaled(int n) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(n * scale())));
    }
}
