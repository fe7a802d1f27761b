package io.ward.lua.log;

/**
 * {@code log.time}'s duration text (stateless): {@code 850 ns}, {@code 412 us},
 * {@code 12.034 ms}, {@code 1.234 s}, {@code 2m03.456s}, {@code 1h02m03.456s},
 * {@code 2d 01h02m03.456s}; each unit truncated, never rounded.
 */
final class Elapsed {
    private Elapsed() {
    }

    static String format(long nanos) {
        long n = Math.max(0, nanos);
        if (n < 1_000) {
            return n + " ns";
        }
        if (n < 1_000_000) {
            return n / 1_000 + " us";
        }
        if (n < 1_000_000_000) {
            return String.format("%d.%03d ms", n / 1_000_000, n / 1_000 % 1_000);
        }
        long s = n / 1_000_000_000;
        long ms = n / 1_000_000 % 1_000;
        if (s < 60) {
            return String.format("%d.%03d s", s, ms);
        }
        if (s < 3600) {
            return String.format("%dm%02d.%03ds", s / 60, s % 60, ms);
        }
        if (s < 86400) {
            return String.format("%dh%02dm%02d.%03ds", s / 3600, s / 60 % 60, s % 60, ms);
        }
        return String.format("%dd %02dh%02dm%02d.%03ds", s / 86400, s / 3600 % 24, s / 60 % 60, s % 60, ms);
    }
}
