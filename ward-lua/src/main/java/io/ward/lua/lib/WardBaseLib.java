package io.ward.lua.lib;

import io.ward.lua.Args;
import io.ward.lua.ArgumentError;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.TableCursor;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * Confined to the runtime's context (its {@code collectgarbage} settings): Lua 5.2.4's base
 * functions where LuaJ's differ, loaded over LuaJ's base library: {@code select},
 * {@code ipairs} and {@code pairs} (honouring {@code __ipairs}/{@code __pairs}, exactly three
 * results), {@code rawlen}, {@code rawequal}, {@code rawget}, {@code rawset}, {@code type},
 * {@code getmetatable} ({@code __metatable}), {@code setmetatable} and {@code collectgarbage},
 * with 5.2's argument checks and texts.
 *
 * <p>{@code collectgarbage}: {@code "collect"} (the default) and {@code "step"} ask the JVM for
 * a collection ({@code step} then returns true: a cycle finished); {@code "count"} returns the
 * JVM's used heap in kilobytes and, second, its remainder in bytes; {@code "stop"},
 * {@code "restart"} and {@code "isrunning"} only keep a flag (the JVM collects anyway);
 * {@code "setpause"}, {@code "setstepmul"} and {@code "setmajorinc"} keep and return their
 * previous value (200 at first); {@code "generational"} and {@code "incremental"} return 0.
 * An unknown option is {@code bad argument #1 to 'collectgarbage' (invalid option 'x')}.
 */
public final class WardBaseLib extends TwoArgFunction {
    private static final LuaString IPAIRS = LuaString.valueOf("__ipairs");
    private static final LuaString PAIRS = LuaString.valueOf("__pairs");
    private static final LuaString METATABLE = LuaString.valueOf("__metatable");

    private boolean running = true;
    private int pause = 200;
    private int stepmul = 200;
    private int majorinc = 200;

    public WardBaseLib() {
    }

    /**
     * What {@code f(s, c)} returns when {@code f} is the iterator {@code pairs} gives ({@code next},
     * called by a generic {@code for}) for a table {@code s} that {@link #step} leaves alone (a
     * weak table, a subclass), computed without the call: {@code s:next(c)}; null for anything
     * else (the caller calls {@code f}). For compiled code's {@code OP_TFORCALL} after
     * {@link #step}, which answers {@code ipairs} and plain tables itself.
     */
    public static Varargs iterate(LuaValue f, LuaValue s, LuaValue c) {
        if (!(s instanceof LuaTable)) {
            return null;
        }
        if (f.getClass() == NEXT) {
            try {
                return ((LuaTable) s).next(c);
            } catch (LuaError e) { // an invalid key: the call raises it, with its own name and position
                return null;
            }
        }
        return null;
    }

    /**
     * {@link #iterate} without the {@code Varargs}: the step's key and value in {@code cursor}
     * (a new one when null), which is returned; null when {@code f} is not one of those iterators
     * over a plain table, or the key is not in it (the caller calls {@code f}). A cursor also
     * remembers where {@code next}'s key was, so that the loop's next step finds it at once.
     */
    public static TableCursor step(LuaValue f, LuaValue s, LuaValue c, TableCursor cursor) {
        if (f.getClass() == NEXT && TableCursor.traverses(s)) {
            TableCursor at = cursor != null ? cursor : new TableCursor();
            return at.next((LuaTable) s, c) ? at : null;
        }
        if (f instanceof IpairsIterator && c instanceof LuaInteger && s instanceof LuaTable) {
            TableCursor at = cursor != null ? cursor : new TableCursor();
            at.ipairs((LuaTable) s, ((LuaInteger) c).toint());
            return at;
        }
        return null;
    }

    /** LuaJ's {@code next}, which {@code pairs} returns for a table without {@code __pairs}. */
    private static final Class<?> NEXT = new org.luaj.vm2.lib.BaseLib().call(LuaValue.NIL, new Globals()).get("next")
            .getClass();

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaValue next = env.get("next");
        IpairsIterator inext = new IpairsIterator();
        env.set("select", new Function("select", (f, a) -> select(f, a)));
        env.set("ipairs", new Function("ipairs", (f, a) -> pairs(f, a, IPAIRS, inext, ZERO)));
        env.set("pairs", new Function("pairs", (f, a) -> pairs(f, a, PAIRS, next, NIL)));
        env.set("rawlen", new Function("rawlen", (f, a) -> rawlen(f, a)));
        env.set("rawequal", new Function("rawequal", (f, a) -> {
            checkAny(a, 1, f);
            checkAny(a, 2, f);
            return valueOf(a.arg1().raweq(a.arg(2)));
        }));
        env.set("rawget", new Function("rawget", (f, a) -> {
            LuaValue t = Args.checkTable(a, 1, f);
            checkAny(a, 2, f);
            return t.rawget(a.arg(2));
        }));
        env.set("rawset", new Function("rawset", (f, a) -> {
            LuaValue t = Args.checkTable(a, 1, f);
            checkAny(a, 2, f);
            checkAny(a, 3, f);
            rawset((LuaTable) t, a.arg(2), a.arg(3));
            return t;
        }));
        env.set("type", new Function("type", (f, a) -> {
            checkAny(a, 1, f);
            return valueOf(a.arg1().typename());
        }));
        env.set("getmetatable", new Function("getmetatable", (f, a) -> {
            checkAny(a, 1, f);
            LuaValue mt = a.arg1().getmetatable();
            if (mt == null || mt.isnil()) {
                return NIL;
            }
            LuaValue protectedValue = mt.rawget(METATABLE);
            return protectedValue.isnil() ? mt : protectedValue;
        }));
        env.set("setmetatable", new Function("setmetatable", (f, a) -> {
            LuaValue t = Args.checkTable(a, 1, f);
            LuaValue mt = a.arg(2);
            if (!mt.isnil() && !mt.istable()) {
                throw Args.badArgument(2, f, "nil or table expected");
            }
            LuaValue old = t.getmetatable();
            if (old != null && !old.isnil() && !old.rawget(METATABLE).isnil()) {
                throw new LuaError("cannot change a protected metatable");
            }
            if (t instanceof LuaTable) {
                WeakTables.setmetatable((LuaTable) t, mt.isnil() ? null : mt);
            } else {
                t.setmetatable(mt.isnil() ? null : mt);
            }
            return t;
        }));
        env.set("collectgarbage", new Function("collectgarbage", (f, a) -> collectgarbage(f, a)));
        return env;
    }

    /** A function body: the function's name and its arguments. */
    private interface Body {
        Varargs apply(String name, Varargs args);
    }

    private static final class Function extends WardTableLib.Named {
        private final Body body;

        Function(String name, Body body) {
            super(name);
            this.body = body;
        }

        @Override
        public Varargs invoke(Varargs args) {
            return body.apply(name, args);
        }
    }

    /** {@code luaL_checkany}: {@code bad argument #i to 'f' (value expected)} when absent. */
    static void checkAny(Varargs args, int index, String fname) {
        if (index > args.narg()) {
            throw Args.badArgument(index, fname, "value expected");
        }
    }

    static void rawset(LuaTable t, LuaValue k, LuaValue v) {
        if (k.isnil()) {
            throw new LuaError("table index is nil");
        }
        if (k.type() == TNUMBER && Double.isNaN(k.todouble())) {
            throw new LuaError("table index is NaN");
        }
        t.rawset(k, v);
    }

    private static Varargs select(String f, Varargs a) {
        int n = a.narg();
        LuaValue first = a.arg1();
        if (first.type() == TSTRING) {
            LuaString s = first.strvalue();
            if (s.m_length > 0 && s.m_bytes[s.m_offset] == '#') {
                return valueOf(n - 1);
            }
        }
        int i = WardTableLib.checkInt(a, 1, f);
        if (i < 0) {
            i = n + i;
        } else if (i > n) {
            i = n;
        }
        if (i < 1) {
            throw Args.badArgument(1, f, "index out of range");
        }
        return a.subargs(i + 1);
    }

    private static Varargs pairs(String f, Varargs a, LuaString event, LuaValue iterator, LuaValue start) {
        LuaValue v = a.arg1();
        LuaValue mt = v.getmetatable();
        LuaValue mm = mt == null || mt.isnil() ? NIL : mt.rawget(event);
        if (mm.isnil()) {
            Args.checkTable(a, 1, f);
            return varargsOf(iterator, v, start);
        }
        Varargs r;
        try {
            r = mm.invoke(v);
        } catch (RuntimeException e) {
            ArgumentError.calledFromJava(e, mm);
            throw e;
        }
        return varargsOf(r.arg(1), r.arg(2), r.arg(3));
    }

    private static Varargs rawlen(String f, Varargs a) {
        LuaValue v = a.arg1();
        if (v.type() == TTABLE) {
            return valueOf(((LuaTable) v).rawlen());
        }
        if (v.type() == TSTRING) {
            return valueOf(v.strvalue().m_length);
        }
        throw Args.badArgument(1, f, "table or string expected");
    }

    private static final String[] GC_OPTIONS = {
        "stop", "restart", "collect", "count", "step", "setpause", "setstepmul", "setmajorinc", "isrunning",
        "generational", "incremental",
    };

    private Varargs collectgarbage(String f, Varargs a) {
        String option = "collect";
        if (!a.arg1().isnil()) {
            LuaValue o = a.arg1();
            if (!o.isstring()) {
                throw Args.typeError(1, f, "string", o);
            }
            option = o.tojstring();
        }
        if (!java.util.Arrays.asList(GC_OPTIONS).contains(option)) {
            throw Args.badArgument(1, f, "invalid option '" + option + "'");
        }
        int ex = WardTableLib.optInt(a, 2, f, 0);
        switch (option) {
            case "stop":
                running = false;
                return ZERO;
            case "restart":
                running = true;
                return ZERO;
            case "collect":
                System.gc();
                return ZERO;
            case "count": {
                Runtime r = Runtime.getRuntime();
                long used = r.totalMemory() - r.freeMemory();
                return varargsOf(valueOf(used / 1024 + (used % 1024) / 1024.0), valueOf((int) (used % 1024)));
            }
            case "step":
                System.gc();
                return TRUE;
            case "setpause": {
                int old = pause;
                pause = ex;
                return valueOf(old);
            }
            case "setstepmul": {
                int old = stepmul;
                stepmul = ex;
                return valueOf(old);
            }
            case "setmajorinc": {
                int old = majorinc;
                majorinc = ex;
                return valueOf(old);
            }
            case "isrunning":
                return valueOf(running);
            default: // generational, incremental
                return ZERO;
        }
    }

    /** {@code ipairs}' iterator: raw {@code t[i + 1]}, stopping at the first nil. */
    private static final class IpairsIterator extends WardTableLib.Named {
        IpairsIterator() {
            super("ipairs_aux");
        }

        @Override
        public Varargs invoke(Varargs args) {
            int i = WardTableLib.checkInt(args, 2, name);
            LuaTable t = (LuaTable) Args.checkTable(args, 1, name);
            i++;
            LuaValue v = t.rawget(i);
            return v.isnil() ? NIL : varargsOf(valueOf(i), v);
        }
    }
}
