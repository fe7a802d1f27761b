package io.ward.core.time;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Turns the number and string forms of a Ward duration into signed nanoseconds; stateless and
 * thread-safe.
 *
 * <p>Grammar of the string form, after trimming surrounding whitespace: an optional {@code +}
 * or {@code -}, then one or more tokens {@code <number><optional spaces><unit>}, optionally
 * separated by spaces, whose values are summed. A number is ASCII digits with an optional
 * fraction ({@code 1.5}, not {@code .5} or {@code 1.}); a unit is one of {@code d h m s ms us}
 * in any letter case. Examples: {@code 500ms}, {@code 1h30m}, {@code 1h 30m}, {@code 5 S},
 * {@code -1.5s}. The exact decimal sum is truncated toward zero to whole nanoseconds, like Go's
 * {@code time.ParseDuration}.
 *
 * <p>Every representable value lies in {@code [-Long.MAX_VALUE, Long.MAX_VALUE]} nanoseconds
 * (about ±292 years); the range is symmetric so that negating or taking the absolute value of a
 * duration can never overflow. Failures throw {@link TimeValueException} whose message is the
 * exact Lua-facing text.
 */
public final class DurationParser {
    public static final String NOT_FINITE = "duration must be finite";
    public static final String NOT_WHOLE =
            "duration number must be whole seconds; use a string for sub-second values";
    public static final String EMPTY = "duration string cannot be empty";
    public static final String UNPARSABLE = "failed to parse duration string";
    public static final String OVERFLOW = "duration overflow";

    public static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** The largest whole number of seconds whose nanoseconds still fit in a long. */
    private static final long MAX_WHOLE_SECONDS = Long.MAX_VALUE / NANOS_PER_SECOND;
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private DurationParser() {
    }

    /** The number form: whole seconds, finite, within range. {@code -0.0} is zero. */
    public static long fromSeconds(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            throw new TimeValueException(NOT_FINITE);
        }
        if (seconds != Math.rint(seconds)) {
            throw new TimeValueException(NOT_WHOLE);
        }
        if (Math.abs(seconds) > MAX_WHOLE_SECONDS) {
            throw new TimeValueException(OVERFLOW);
        }
        // Cannot overflow: |seconds| <= MAX_WHOLE_SECONDS.
        return (long) seconds * NANOS_PER_SECOND;
    }

    /** The string form, see the class comment. */
    public static long parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new TimeValueException(EMPTY);
        }
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (s.charAt(0) == '+' || s.charAt(0) == '-') {
            negative = s.charAt(0) == '-';
            i++;
        }
        BigDecimal total = BigDecimal.ZERO;
        int tokens = 0;
        while (i < n) {
            if (tokens > 0) {
                i = skipSpaces(s, i);
            }
            int numberStart = i;
            i = skipDigits(s, i);
            if (i == numberStart) {
                throw new TimeValueException(UNPARSABLE);
            }
            if (i < n && s.charAt(i) == '.') {
                int fractionStart = ++i;
                i = skipDigits(s, i);
                if (i == fractionStart) {
                    throw new TimeValueException(UNPARSABLE);
                }
            }
            BigDecimal number = new BigDecimal(s.substring(numberStart, i));
            i = skipSpaces(s, i);
            int unitStart = i;
            while (i < n && isAsciiLetter(s.charAt(i))) {
                i++;
            }
            long unit = unitNanos(s.substring(unitStart, i));
            total = total.add(number.multiply(BigDecimal.valueOf(unit)));
            // Checked per token so that a long chain of huge tokens stops early.
            if (total.compareTo(MAX_NANOS) > 0) {
                throw new TimeValueException(OVERFLOW);
            }
            tokens++;
        }
        if (tokens == 0) {
            throw new TimeValueException(UNPARSABLE); // a lone sign
        }
        long nanos = total.setScale(0, RoundingMode.DOWN).longValueExact();
        return negative ? -nanos : nanos;
    }

    private static long unitNanos(String unit) {
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "d":
                return 86_400L * NANOS_PER_SECOND;
            case "h":
                return 3_600L * NANOS_PER_SECOND;
            case "m":
                return 60L * NANOS_PER_SECOND;
            case "s":
                return NANOS_PER_SECOND;
            case "ms":
                return 1_000_000L;
            case "us":
                return 1_000L;
            default:
                throw new TimeValueException(UNPARSABLE);
        }
    }

    private static int skipDigits(String s, int i) {
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
