package io.ward.lua.time;

import io.ward.lua.DurationArgs;

import io.ward.core.time.TimeValueException;
import io.ward.lua.Args;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.YearMonth;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The non-timer functions of {@code ward.time}; stateless and thread-safe, so one set of
 * function objects serves every runtime.
 *
 * <p>{@link #install(LuaTable)} adds:
 * <ul>
 * <li>{@code duration(x)}: a Duration from a number of seconds, a string or a Duration (copied);
 *     errors as in {@link Durations#check}.</li>
 * <li>{@code now()}: the current TimePoint (UTC, the best precision the JVM clock offers,
 *     typically microseconds); {@code now_table()}: {@code now():parts()}.</li>
 * <li>{@code parse_rfc3339(s)}, {@code parse_rfc2822(s)}, {@code parse(s)}: a TimePoint or
 *     {@code nil}, see {@link TimeParsing}.</li>
 * <li>{@code from_timestamp(seconds)}: fractions allowed, rounded to the nearest nanosecond of
 *     their shortest decimal form ({@code 1.1} is exactly 1 s 100 ms).</li>
 * <li>{@code utc(year, month, day, hour, min, sec, nsec?)}: integers, each validated
 *     ({@code bad argument #2 to 'utc' (month out of range)}); no normalisation of overflowing
 *     fields, unlike {@code os.time}.</li>
 * <li>{@code instant_now()}: a monotonic InstantPoint, see {@link InstantPoints}.</li>
 * </ul>
 */
public final class ClockFunctions {
    private static final BigDecimal MIN_SECONDS = BigDecimal.valueOf(TimePoint.MIN.getEpochSecond());
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(TimePoint.MAX.getEpochSecond() + 1);

    private ClockFunctions() {
    }

    /** Puts the functions listed in the class comment into {@code module}. */
    public static void install(LuaTable module) {
        module.set("duration", new DurationFunction());
        module.set("now", new Now());
        module.set("now_table", new NowTable());
        module.set("parse_rfc3339", new ParseRfc3339());
        module.set("parse_rfc2822", new ParseRfc2822());
        module.set("parse", new Parse());
        module.set("from_timestamp", new FromTimestamp());
        module.set("utc", new Utc());
        module.set("instant_now", new InstantNow());
    }

    private static LuaValue orNil(TimePoint tp) {
        return tp == null ? LuaValue.NIL : TimePoints.wrap(tp);
    }

    /** {@code time.duration(x)}. */
    static final class DurationFunction extends NamedFunction {
        DurationFunction() {
            super("duration");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return Durations.wrap(DurationArgs.check(args.arg(1)));
        }
    }

    /** {@code time.now()}. */
    static final class Now extends NamedFunction {
        Now() {
            super("now");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return TimePoints.wrap(TimePoint.now());
        }
    }

    /** {@code time.now_table()}: the fields of {@code now():parts()}. */
    static final class NowTable extends NamedFunction {
        NowTable() {
            super("now_table");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return TimePoints.parts(TimePoint.now());
        }
    }

    static final class ParseRfc3339 extends NamedFunction {
        ParseRfc3339() {
            super("parse_rfc3339");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return orNil(TimeParsing.rfc3339(Args.checkString(args, 1, luaName())));
        }
    }

    static final class ParseRfc2822 extends NamedFunction {
        ParseRfc2822() {
            super("parse_rfc2822");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return orNil(TimeParsing.rfc2822(Args.checkString(args, 1, luaName())));
        }
    }

    static final class Parse extends NamedFunction {
        Parse() {
            super("parse");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return orNil(TimeParsing.parse(Args.checkString(args, 1, luaName())));
        }
    }

    /** {@code time.from_timestamp(seconds)}. */
    static final class FromTimestamp extends NamedFunction {
        FromTimestamp() {
            super("from_timestamp");
        }

        @Override
        public Varargs invoke(Varargs args) {
            double seconds = Args.checkNumber(args, 1, luaName());
            if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                throw Args.badArgument(1, luaName(), "number must be finite");
            }
            // The shortest decimal form, so that 1.1 means 1.1 s and not 1.100000000000000088 s.
            BigDecimal exact = BigDecimal.valueOf(seconds).setScale(9, RoundingMode.HALF_EVEN);
            if (exact.compareTo(MIN_SECONDS) < 0 || exact.compareTo(MAX_SECONDS) >= 0) {
                throw Args.badArgument(1, luaName(), TimePoint.OUT_OF_RANGE);
            }
            BigDecimal whole = exact.setScale(0, RoundingMode.FLOOR);
            long nanos = exact.subtract(whole).movePointRight(9).longValueExact();
            try {
                return TimePoints.wrap(TimePoint.ofEpochSecond(whole.longValueExact(), nanos));
            } catch (TimeValueException e) {
                throw Args.badArgument(1, luaName(), e.getMessage());
            }
        }
    }

    /** {@code time.utc(year, month, day, hour, min, sec, nsec?)}. */
    static final class Utc extends NamedFunction {
        Utc() {
            super("utc");
        }

        @Override
        public Varargs invoke(Varargs args) {
            long year = Args.checkInteger(args, 1, luaName());
            long month = Args.checkInteger(args, 2, luaName());
            long day = Args.checkInteger(args, 3, luaName());
            long hour = Args.checkInteger(args, 4, luaName());
            long minute = Args.checkInteger(args, 5, luaName());
            long second = Args.checkInteger(args, 6, luaName());
            long nano = Args.optInteger(args, 7, luaName(), 0);
            int y = (int) inRange(year, LocalDateTime.MIN.getYear(), LocalDateTime.MAX.getYear(), 1, "year");
            int mo = (int) inRange(month, 1, 12, 2, "month");
            inRange(day, 1, YearMonth.of(y, mo).lengthOfMonth(), 3, "day");
            inRange(hour, 0, 23, 4, "hour");
            inRange(minute, 0, 59, 5, "minute");
            inRange(second, 0, 59, 6, "second");
            inRange(nano, 0, 999_999_999, 7, "nanosecond");
            try {
                return TimePoints.wrap(TimePoint.of(LocalDateTime.of(y, mo, (int) day, (int) hour, (int) minute,
                        (int) second, (int) nano)));
            } catch (DateTimeException | TimeValueException e) {
                throw new LuaError(TimePoint.OUT_OF_RANGE); // unreachable after the checks above
            }
        }

        private long inRange(long value, long min, long max, int index, String what) {
            if (value < min || value > max) {
                throw Args.badArgument(index, luaName(), what + " out of range");
            }
            return value;
        }
    }

    /** {@code time.instant_now()}. */
    static final class InstantNow extends NamedFunction {
        InstantNow() {
            super("instant_now");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return InstantPoints.wrap(InstantPoint.now());
        }
    }
}
