package io.ward.lua.time;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The Lua side of monotonic InstantPoints ({@code time.instant_now()}); stateless and
 * thread-safe (the shared metatable is built once and never written again).
 *
 * <p>Methods: {@code elapsed()} → Duration since the reading; {@code since(other)} → Duration
 * {@code self - other} (negative if {@code other} is later). Metamethods: {@code -} between
 * InstantPoints (a Duration, same as {@code since}), {@code == < <=}, {@code tostring} gives
 * {@code InstantPoint()} (the raw counter means nothing). {@code getmetatable} returns
 * {@code "InstantPoint"}.
 */
public final class InstantPoints {
    public static final String TYPE_NAME = "InstantPoint";

    static final LuaTable METATABLE = metatable();

    private InstantPoints() {
    }

    public static LuaUserdata wrap(InstantPoint p) {
        return new LuaUserdata(p, METATABLE);
    }

    static boolean isInstantPoint(LuaValue v) {
        return v.isuserdata() && v.touserdata() instanceof InstantPoint;
    }

    static InstantPoint checkArg(Varargs args, int index, String fname) {
        return TypeNames.check(args, index, fname, InstantPoint.class, TYPE_NAME);
    }

    private static LuaTable metatable() {
        LuaTable methods = new LuaTable();
        methods.set("elapsed", new Elapsed());
        methods.set("since", new Since("since"));
        LuaTable mt = new LuaTable();
        mt.set(LuaValue.INDEX, methods);
        mt.set(LuaValue.TOSTRING, new ToString());
        Comparisons.install(mt, InstantPoint.class, TYPE_NAME, InstantPoint::compareTo);
        mt.set(LuaValue.SUB, new Since("__sub"));
        mt.set(LuaValue.METATABLE, LuaValue.valueOf(TYPE_NAME));
        return mt;
    }

    /** {@code p:elapsed()}. */
    static final class Elapsed extends NamedFunction {
        Elapsed() {
            super("elapsed");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return Durations.luaResult(() -> checkArg(args, 1, luaName()).elapsed());
        }
    }

    /** {@code p:since(other)} and {@code p - other}. */
    static final class Since extends NamedFunction {
        Since(String luaName) {
            super(luaName);
        }

        @Override
        public Varargs invoke(Varargs args) {
            InstantPoint self = checkArg(args, 1, luaName());
            InstantPoint other = checkArg(args, 2, luaName());
            return Durations.luaResult(() -> self.since(other));
        }
    }

    static final class ToString extends NamedFunction {
        ToString() {
            super("__tostring");
        }

        @Override
        public Varargs invoke(Varargs args) {
            checkArg(args, 1, luaName());
            return LuaValue.valueOf(TYPE_NAME + "()");
        }
    }
}
