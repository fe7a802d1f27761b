package io.ward.lua.time;

import io.ward.lua.DurationArgs;

import io.ward.core.time.DurationParser;
import io.ward.core.time.WardDuration;
import io.ward.core.time.TimeValueException;
import io.ward.lua.Args;
import java.time.LocalDateTime;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The Lua side of TimePoints (UTC wall-clock times); stateless and thread-safe (the shared
 * metatable is built once and never written again).
 *
 * <p>Methods (the receiver counts as argument #1 in errors):
 * <ul>
 * <li>{@code timestamp()}, {@code millis()}, {@code micros()}: whole seconds, milliseconds,
 *     microseconds since 1970-01-01T00:00Z, rounded toward negative infinity (so
 *     {@code from_timestamp(tp:timestamp())} is exact to the second).</li>
 * <li>{@code rfc3339()} (also {@code tostring}): {@code 2024-01-02T03:04:05Z}, with 3, 6 or 9
 *     fraction digits when the fraction is not zero; {@code iso_date()}: {@code 2024-01-02};
 *     {@code iso_time()}: {@code 03:04:05}; {@code format(fmt)}: see {@link TimeFormat}.</li>
 * <li>{@code add(d)}, {@code sub(d)}: a new TimePoint, {@code d} any duration value;
 *     {@code diff(other)}: the Duration {@code self - other}.</li>
 * <li>{@code parts()}: a table like {@code os.date("!*t")} plus nanoseconds: {@code year month
 *     day hour min sec nsec wday yday isdst} with {@code wday} 1-7 from Sunday, {@code yday}
 *     1-366 and {@code isdst = false}.</li>
 * </ul>
 * Metamethods: {@code == < <=} between TimePoints; {@code tp + d} and {@code d + tp} give a
 * TimePoint; {@code tp - d} gives a TimePoint and {@code tp - tp2} a Duration. {@code d} is any
 * duration value (number of seconds, string, Duration). {@code getmetatable} returns
 * {@code "TimePoint"}. Results outside years -999999999..999999999 raise {@code time out of
 * range}.
 */
public final class TimePoints {
    public static final String TYPE_NAME = "TimePoint";

    static final LuaTable METATABLE = metatable();

    private TimePoints() {
    }

    public static LuaUserdata wrap(TimePoint tp) {
        return new LuaUserdata(tp, METATABLE);
    }

    static boolean isTimePoint(LuaValue v) {
        return v.isuserdata() && v.touserdata() instanceof TimePoint;
    }

    static TimePoint checkArg(Varargs args, int index, String fname) {
        return TypeNames.check(args, index, fname, TimePoint.class, TYPE_NAME);
    }

    /** {@code tp + d} for a TimePoint userdata and any duration value. */
    static LuaValue plus(LuaValue timePoint, LuaValue duration) {
        TimePoint tp = (TimePoint) timePoint.touserdata();
        WardDuration d = WardDuration.ofNanos(DurationArgs.check(duration));
        try {
            return wrap(tp.plus(d));
        } catch (TimeValueException e) {
            throw new LuaError(e.getMessage());
        }
    }

    /** {@code parts()} and {@code now_table()}. */
    static LuaTable parts(TimePoint tp) {
        LocalDateTime t = tp.utc();
        LuaTable table = new LuaTable();
        table.set("year", t.getYear());
        table.set("month", t.getMonthValue());
        table.set("day", t.getDayOfMonth());
        table.set("hour", t.getHour());
        table.set("min", t.getMinute());
        table.set("sec", t.getSecond());
        table.set("nsec", t.getNano());
        table.set("wday", t.getDayOfWeek().getValue() % 7 + 1);
        table.set("yday", t.getDayOfYear());
        table.set("isdst", LuaValue.FALSE);
        return table;
    }

    /** Whole units since the epoch, floored; a float only beyond the range of a long. */
    private static LuaValue epochUnits(TimePoint tp, long unitsPerSecond) {
        long nanosPerUnit = DurationParser.NANOS_PER_SECOND / unitsPerSecond;
        long fraction = tp.nano() / nanosPerUnit;
        try {
            return LuaInteger.valueOf(Math.addExact(Math.multiplyExact(tp.epochSecond(), unitsPerSecond), fraction));
        } catch (ArithmeticException e) {
            return LuaValue.valueOf(tp.epochSecond() * (double) unitsPerSecond + fraction);
        }
    }

    private static LuaTable metatable() {
        LuaTable methods = new LuaTable();
        methods.set("timestamp", new Timestamp());
        methods.set("millis", new EpochUnits("millis", 1_000L));
        methods.set("micros", new EpochUnits("micros", 1_000_000L));
        methods.set("rfc3339", new Rfc3339("rfc3339"));
        methods.set("iso_date", new IsoDate());
        methods.set("iso_time", new IsoTime());
        methods.set("format", new Format());
        methods.set("add", new AddMethod());
        methods.set("sub", new SubMethod());
        methods.set("diff", new Diff());
        methods.set("parts", new Parts());
        LuaTable mt = new LuaTable();
        mt.set(LuaValue.INDEX, methods);
        mt.set(LuaValue.TOSTRING, new Rfc3339("__tostring"));
        Comparisons.install(mt, TimePoint.class, TYPE_NAME, TimePoint::compareTo);
        mt.set(LuaValue.ADD, new Add());
        mt.set(LuaValue.SUB, new Sub());
        mt.set(LuaValue.METATABLE, LuaValue.valueOf(TYPE_NAME));
        return mt;
    }

    /** {@code tp:timestamp()}: whole seconds, floored. */
    static final class Timestamp extends NamedFunction {
        Timestamp() {
            super("timestamp");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return LuaInteger.valueOf(checkArg(args, 1, luaName()).epochSecond());
        }
    }

    /** {@code tp:millis()} and {@code tp:micros()}. */
    static final class EpochUnits extends NamedFunction {
        private final long unitsPerSecond;

        EpochUnits(String luaName, long unitsPerSecond) {
            super(luaName);
            this.unitsPerSecond = unitsPerSecond;
        }

        @Override
        public Varargs invoke(Varargs args) {
            return epochUnits(checkArg(args, 1, luaName()), unitsPerSecond);
        }
    }

    /** {@code tp:rfc3339()} and {@code tostring(tp)}. */
    static final class Rfc3339 extends NamedFunction {
        Rfc3339(String luaName) {
            super(luaName);
        }

        @Override
        public Varargs invoke(Varargs args) {
            return LuaValue.valueOf(checkArg(args, 1, luaName()).toString());
        }
    }

    static final class IsoDate extends NamedFunction {
        IsoDate() {
            super("iso_date");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return LuaValue.valueOf(TimeFormat.isoDate(checkArg(args, 1, luaName()).utc()));
        }
    }

    static final class IsoTime extends NamedFunction {
        IsoTime() {
            super("iso_time");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return LuaValue.valueOf(TimeFormat.isoTime(checkArg(args, 1, luaName()).utc()));
        }
    }

    /** {@code tp:format(fmt)}; works on the raw bytes of {@code fmt}. */
    static final class Format extends NamedFunction {
        Format() {
            super("format");
        }

        @Override
        public Varargs invoke(Varargs args) {
            TimePoint tp = checkArg(args, 1, luaName());
            Args.checkString(args, 2, luaName());
            LuaString fmt = args.arg(2).checkstring();
            try {
                return LuaString.valueUsing(TimeFormat.format(tp, fmt.m_bytes, fmt.m_offset, fmt.m_length));
            } catch (TimeValueException e) {
                throw Args.badArgument(2, luaName(), e.getMessage());
            }
        }
    }

    /** {@code tp:add(d)}. */
    static final class AddMethod extends NamedFunction {
        AddMethod() {
            super("add");
        }

        @Override
        public Varargs invoke(Varargs args) {
            checkArg(args, 1, luaName());
            return plus(args.arg(1), args.arg(2));
        }
    }

    /** {@code tp:sub(d)}. */
    static final class SubMethod extends NamedFunction {
        SubMethod() {
            super("sub");
        }

        @Override
        public Varargs invoke(Varargs args) {
            TimePoint tp = checkArg(args, 1, luaName());
            WardDuration d = WardDuration.ofNanos(DurationArgs.check(args.arg(2)));
            try {
                return wrap(tp.minus(d));
            } catch (TimeValueException e) {
                throw new LuaError(e.getMessage());
            }
        }
    }

    /** {@code tp:diff(other)}: the Duration {@code tp - other}. */
    static final class Diff extends NamedFunction {
        Diff() {
            super("diff");
        }

        @Override
        public Varargs invoke(Varargs args) {
            TimePoint tp = checkArg(args, 1, luaName());
            TimePoint other = checkArg(args, 2, luaName());
            return Durations.luaResult(() -> tp.since(other));
        }
    }

    static final class Parts extends NamedFunction {
        Parts() {
            super("parts");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return parts(checkArg(args, 1, luaName()));
        }
    }

    /** {@code tp + d} or {@code d + tp} (Lua calls the TimePoint's {@code __add} for {@code 60 + tp}). */
    static final class Add extends NamedFunction {
        Add() {
            super("__add");
        }

        @Override
        public Varargs invoke(Varargs args) {
            if (isTimePoint(args.arg(1))) {
                return plus(args.arg(1), args.arg(2));
            }
            checkArg(args, 2, luaName());
            return plus(args.arg(2), args.arg(1));
        }
    }

    /** {@code tp - d} → TimePoint, {@code tp - tp2} → Duration. */
    static final class Sub extends NamedFunction {
        Sub() {
            super("__sub");
        }

        @Override
        public Varargs invoke(Varargs args) {
            TimePoint tp = checkArg(args, 1, luaName());
            if (isTimePoint(args.arg(2))) {
                TimePoint other = (TimePoint) args.arg(2).touserdata();
                return Durations.luaResult(() -> tp.since(other));
            }
            WardDuration d = WardDuration.ofNanos(DurationArgs.check(args.arg(2)));
            try {
                return wrap(tp.minus(d));
            } catch (TimeValueException e) {
                throw new LuaError(e.getMessage());
            }
        }
    }
}
