package io.ward.lua.time;

import io.ward.core.time.DurationParser;
import io.ward.core.time.WardDuration;
import io.ward.core.time.TimeValueException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A point on the UTC time line with nanosecond precision, the payload of a Lua TimePoint; an
 * immutable value, thread-safe.
 *
 * <p>The range is that of {@link LocalDateTime} read as UTC (years -999999999 to 999999999),
 * slightly narrower than {@link Instant}'s, so that every TimePoint can also be broken down into
 * calendar fields. Leaving it throws {@link TimeValueException} {@code time out of range}.
 *
 * <p>Equality is identity on purpose: LuaJ's {@code rawequal} and table keys compare userdata
 * payloads with {@code equals}, and Lua wants two userdata to be distinct objects; scripts
 * compare values with {@code ==}, which goes through {@code __eq}.
 */
public final class TimePoint {
    public static final String OUT_OF_RANGE = "time out of range";

    static final Instant MIN = LocalDateTime.MIN.toInstant(ZoneOffset.UTC);
    static final Instant MAX = LocalDateTime.MAX.toInstant(ZoneOffset.UTC);

    private final Instant instant;

    public TimePoint(Instant instant) {
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new TimeValueException(OUT_OF_RANGE);
        }
        this.instant = instant;
    }

    public Instant instant() {
        return instant;
    }

    public static TimePoint now() {
        return new TimePoint(Instant.now());
    }

    /** {@code epochSecond} seconds plus {@code nanoAdjustment} (any sign) nanoseconds after 1970-01-01T00:00Z. */
    public static TimePoint ofEpochSecond(long epochSecond, long nanoAdjustment) {
        try {
            return new TimePoint(Instant.ofEpochSecond(epochSecond, nanoAdjustment));
        } catch (DateTimeException | ArithmeticException e) {
            throw new TimeValueException(OUT_OF_RANGE);
        }
    }

    /** A UTC calendar date and time; {@link DateTimeException} for invalid fields. */
    public static TimePoint of(LocalDateTime utc) {
        return new TimePoint(utc.toInstant(ZoneOffset.UTC));
    }

    public TimePoint plus(WardDuration d) {
        try {
            return new TimePoint(instant.plusNanos(d.nanos()));
        } catch (DateTimeException | ArithmeticException e) {
            throw new TimeValueException(OUT_OF_RANGE);
        }
    }

    public TimePoint minus(WardDuration d) {
        return plus(d.negated());
    }

    /** {@code this - earlier}; {@code duration overflow} beyond about 292 years. */
    public WardDuration since(TimePoint earlier) {
        try {
            return WardDuration.ofNanos(java.time.Duration.between(earlier.instant, instant).toNanos());
        } catch (ArithmeticException e) {
            throw new TimeValueException(DurationParser.OVERFLOW);
        }
    }

    /** Whole seconds since the epoch, rounded toward negative infinity. */
    public long epochSecond() {
        return instant.getEpochSecond();
    }

    /** Nanoseconds within the second, 0 to 999999999. */
    public int nano() {
        return instant.getNano();
    }

    /** The calendar fields in UTC. */
    public LocalDateTime utc() {
        return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
    }

    public int compareTo(TimePoint other) {
        return instant.compareTo(other.instant);
    }

    /** RFC 3339 with {@code Z}, see {@link TimeFormat#rfc3339(LocalDateTime)}. */
    @Override
    public String toString() {
        return TimeFormat.rfc3339(utc());
    }
}
