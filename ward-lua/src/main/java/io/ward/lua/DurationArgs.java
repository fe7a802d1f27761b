package io.ward.lua;

import io.ward.core.time.DurationParser;
import io.ward.core.time.TimeValueException;
import io.ward.core.time.WardDuration;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * Duration arguments for every module that takes one ({@code ward.time}'s timers, process
 * timeouts, ...): a number is whole seconds, a string is parsed by {@link DurationParser}, a
 * Duration userdata (payload {@link WardDuration}, made by {@code ward.time}) is copied.
 * Stateless and thread-safe.
 *
 * <p>The errors carry the exact words of the spec as the whole message (no
 * {@code bad argument} prefix), for example {@code duration must be finite}.
 */
public final class DurationArgs {
    public static final String NOT_A_DURATION_USERDATA =
            "userdata is not a Duration (expected number, string, or Duration)";
    public static final String WRONG_TYPE = "duration must be number, string, or Duration userdata";
    public static final String NEGATIVE = "duration must be non-negative";

    private DurationArgs() {
    }

    /**
     * The nanoseconds of a duration argument (number, string or Duration userdata).
     *
     * @throws LuaError with the spec's message when {@code v} is not a valid duration
     */
    public static long check(LuaValue v) {
        try {
            switch (v.type()) {
                case LuaValue.TNUMBER:
                    return DurationParser.fromSeconds(v.todouble());
                case LuaValue.TSTRING:
                    return DurationParser.parse(v.tojstring());
                case LuaValue.TUSERDATA:
                    if (v.touserdata() instanceof WardDuration d) {
                        return d.nanos();
                    }
                    throw new LuaError(NOT_A_DURATION_USERDATA);
                default:
                    throw new LuaError(WRONG_TYPE);
            }
        } catch (TimeValueException e) {
            throw new LuaError(e.getMessage());
        }
    }

    /** Like {@link #check(LuaValue)}, for timers: also raises {@code duration must be non-negative}. */
    public static long checkNonNegative(LuaValue v) {
        long nanos = check(v);
        if (nanos < 0) {
            throw new LuaError(NEGATIVE);
        }
        return nanos;
    }
}
