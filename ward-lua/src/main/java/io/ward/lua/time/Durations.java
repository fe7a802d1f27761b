package io.ward.lua.time;

import io.ward.core.time.WardDuration;
import io.ward.core.time.TimeValueException;
import io.ward.lua.Args;
import java.util.Comparator;
import java.util.function.Supplier;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The Lua side of durations: conversion of duration arguments and the Duration userdata;
 * stateless and thread-safe (the shared metatable is built once and never written again).
 *
 * <p>Every duration argument goes through {@link io.ward.lua.DurationArgs} (shared with the
 * other modules that take durations); this class owns the userdata type.
 *
 * <p>Duration userdata: methods {@code seconds()} (float), {@code millis()} and
 * {@code micros()} (whole, truncated toward zero), {@code abs()}, {@code neg()};
 * {@code tostring} gives {@code Duration(1500ms)} (see {@link WardDuration#toString()});
 * metamethods {@code == < <=} and {@code + -} between Durations, {@code + TimePoint} (giving a
 * TimePoint), {@code *} with a number on either side, unary {@code -}.
 * {@code getmetatable(d)} returns the string {@code "Duration"}: the metatable is shared by
 * every runtime in the JVM, so scripts must not be able to reach and modify it.
 */
public final class Durations {
    public static final String TYPE_NAME = "Duration";
    /** The metatable of every Duration userdata. */
    static final LuaTable METATABLE = metatable();

    private Durations() {
    }

    /** A new Duration userdata. */
    public static LuaUserdata wrap(long nanos) {
        try {
            return wrap(WardDuration.ofNanos(nanos));
        } catch (TimeValueException e) {
            throw new LuaError(e.getMessage());
        }
    }

    public static LuaUserdata wrap(WardDuration d) {
        return new LuaUserdata(d, METATABLE);
    }

    /** Whether {@code v} is a Duration userdata. */
    public static boolean isDuration(LuaValue v) {
        return v.isuserdata() && v.touserdata() instanceof WardDuration;
    }

    /** The payload of argument {@code index}, or {@code bad argument ... (Duration expected, got X)}. */
    static WardDuration checkArg(Varargs args, int index, String fname) {
        return TypeNames.check(args, index, fname, WardDuration.class, TYPE_NAME);
    }

    /** Runs a computation whose {@link TimeValueException} must surface as a Lua error. */
    static LuaValue luaResult(Supplier<WardDuration> computation) {
        try {
            return wrap(computation.get());
        } catch (TimeValueException e) {
            throw new LuaError(e.getMessage());
        }
    }

    private static LuaTable metatable() {
        LuaTable methods = new LuaTable();
        methods.set("seconds", new Seconds());
        methods.set("millis", new Millis());
        methods.set("micros", new Micros());
        methods.set("abs", new Abs());
        methods.set("neg", new Neg());
        LuaTable mt = new LuaTable();
        mt.set(LuaValue.INDEX, methods);
        mt.set(LuaValue.TOSTRING, new ToString());
        Comparisons.install(mt, WardDuration.class, TYPE_NAME, Comparator.comparingLong(WardDuration::nanos));
        mt.set(LuaValue.ADD, new Add());
        mt.set(LuaValue.SUB, new Sub());
        mt.set(LuaValue.MUL, new Mul());
        mt.set(LuaValue.UNM, new Unm());
        mt.set(LuaValue.METATABLE, LuaValue.valueOf(TYPE_NAME));
        return mt;
    }

    /** {@code d:seconds()}: float seconds. */
    static final class Seconds extends NamedFunction {
        Seconds() {
            super("seconds");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return LuaValue.valueOf(checkArg(args, 1, luaName()).seconds());
        }
    }

    /** {@code d:millis()}: whole milliseconds, truncated toward zero. */
    static final class Millis extends NamedFunction {
        Millis() {
            super("millis");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return LuaInteger.valueOf(checkArg(args, 1, luaName()).millis());
        }
    }

    /** {@code d:micros()}: whole microseconds, truncated toward zero. */
    static final class Micros extends NamedFunction {
        Micros() {
            super("micros");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return LuaInteger.valueOf(checkArg(args, 1, luaName()).micros());
        }
    }

    /** {@code d:abs()}: a new Duration. */
    static final class Abs extends NamedFunction {
        Abs() {
            super("abs");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return wrap(checkArg(args, 1, luaName()).abs());
        }
    }

    /** {@code d:neg()}: a new Duration. */
    static final class Neg extends NamedFunction {
        Neg() {
            super("neg");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return wrap(checkArg(args, 1, luaName()).negated());
        }
    }

    static final class ToString extends NamedFunction {
        ToString() {
            super("__tostring");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return LuaValue.valueOf(checkArg(args, 1, luaName()).toString());
        }
    }

    /** Duration + Duration, and Duration + TimePoint (delegated: Lua asks the left operand first). */
    static final class Add extends NamedFunction {
        Add() {
            super("__add");
        }

        @Override
        public Varargs invoke(Varargs args) {
            if (TimePoints.isTimePoint(args.arg(2))) {
                return TimePoints.plus(args.arg(2), args.arg(1));
            }
            WardDuration a = checkArg(args, 1, luaName());
            WardDuration b = checkArg(args, 2, luaName());
            return luaResult(() -> a.plus(b));
        }
    }

    static final class Sub extends NamedFunction {
        Sub() {
            super("__sub");
        }

        @Override
        public Varargs invoke(Varargs args) {
            WardDuration a = checkArg(args, 1, luaName());
            WardDuration b = checkArg(args, 2, luaName());
            return luaResult(() -> a.minus(b));
        }
    }

    /** Duration * number or number * Duration. */
    static final class Mul extends NamedFunction {
        Mul() {
            super("__mul");
        }

        @Override
        public Varargs invoke(Varargs args) {
            boolean durationFirst = isDuration(args.arg(1));
            WardDuration d = checkArg(args, durationFirst ? 1 : 2, luaName());
            int factorIndex = durationFirst ? 2 : 1;
            LuaValue factor = args.arg(factorIndex);
            if (factor.type() != LuaValue.TNUMBER) {
                throw Args.badArgument(factorIndex, luaName(), "number expected, got " + TypeNames.of(factor));
            }
            return luaResult(() -> d.times(factor.todouble()));
        }
    }

    /** Unary minus; LuaJ passes the operand once. */
    static final class Unm extends NamedFunction {
        Unm() {
            super("__unm");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return wrap(checkArg(args, 1, luaName()).negated());
        }
    }
}
