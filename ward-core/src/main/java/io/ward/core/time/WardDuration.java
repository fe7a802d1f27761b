package io.ward.core.time;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A signed span of time in nanoseconds, the payload of a Lua Duration; an immutable value,
 * thread-safe.
 *
 * <p>The range is {@code [-Long.MAX_VALUE, Long.MAX_VALUE]} nanoseconds (see
 * {@link DurationParser}); arithmetic that leaves it throws {@link TimeValueException}
 * {@code duration overflow} rather than wrapping around.
 *
 * <p>Equality is identity on purpose: LuaJ's {@code rawequal} and table keys compare userdata
 * payloads with {@code equals}, and Lua wants two userdata to be distinct objects; scripts
 * compare values with {@code ==}, which goes through {@code __eq}.
 */
public final class WardDuration {
    public static final WardDuration ZERO = new WardDuration(0);

    private final long nanos;

    public WardDuration(long nanos) {
        if (nanos == Long.MIN_VALUE) {
            throw new TimeValueException(DurationParser.OVERFLOW);
        }
        this.nanos = nanos;
    }

    public long nanos() {
        return nanos;
    }

    public static WardDuration ofNanos(long nanos) {
        return nanos == 0 ? ZERO : new WardDuration(nanos);
    }

    public WardDuration plus(WardDuration other) {
        return ofNanos(exactSum(nanos, other.nanos));
    }

    public WardDuration minus(WardDuration other) {
        return ofNanos(exactSum(nanos, -other.nanos));
    }

    /**
     * This duration scaled by {@code factor}, truncated toward zero to whole nanoseconds. The
     * factor is taken by its shortest decimal form, so {@code 1s * 0.3} is exactly 300 ms.
     */
    public WardDuration times(double factor) {
        if (Double.isNaN(factor) || Double.isInfinite(factor)) {
            throw new TimeValueException(DurationParser.NOT_FINITE);
        }
        if (factor == Math.rint(factor) && Math.abs(factor) < 0x1p62) {
            long k = (long) factor;
            long high = Math.multiplyHigh(nanos, k);
            long low = nanos * k;
            // The product fits in a long exactly when the high word is the sign extension.
            if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
                return ofNanos(low);
            }
            throw new TimeValueException(DurationParser.OVERFLOW);
        }
        BigDecimal product = BigDecimal.valueOf(nanos).multiply(BigDecimal.valueOf(factor))
                .setScale(0, RoundingMode.DOWN);
        if (product.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new TimeValueException(DurationParser.OVERFLOW);
        }
        return ofNanos(product.longValueExact());
    }

    public WardDuration negated() {
        return ofNanos(-nanos);
    }

    public WardDuration abs() {
        return nanos < 0 ? negated() : this;
    }

    public java.time.Duration toJavaDuration() {
        return java.time.Duration.ofNanos(nanos);
    }

    /** Seconds as a float (nearest double). */
    public double seconds() {
        return nanos / 1e9;
    }

    /** Whole milliseconds, truncated toward zero. */
    public long millis() {
        return nanos / 1_000_000L;
    }

    /** Whole microseconds, truncated toward zero. */
    public long micros() {
        return nanos / 1_000L;
    }

    /**
     * {@code Duration(<millis>ms)}: whole milliseconds print as an integer
     * ({@code Duration(1500ms)}); a sub-millisecond remainder prints as an exact decimal
     * fraction without trailing zeros ({@code Duration(0.5ms)}, {@code Duration(1.000001ms)}).
     */
    @Override
    public String toString() {
        return "Duration(" + BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString() + "ms)";
    }

    private static long exactSum(long a, long b) {
        long sum = a + b;
        // Overflow iff both operands have the sign opposite to the result's; MIN_VALUE is out of range too.
        if (((a ^ sum) & (b ^ sum)) < 0 || sum == Long.MIN_VALUE) {
            throw new TimeValueException(DurationParser.OVERFLOW);
        }
        return sum;
    }
}
