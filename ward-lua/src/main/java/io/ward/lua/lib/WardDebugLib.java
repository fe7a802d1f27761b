package io.ward.lua.lib;

import io.ward.lua.Args;
import io.ward.lua.limits.ExecutionHook;
import io.ward.lua.patch.LuajHooks;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua's {@code debug} table.
 *
 * <p>Always present, read-only: {@code traceback} and {@code getinfo}. Both read the call stack
 * that the {@link ExecutionHook} records (the CLI installs it unless {@code --no-traceback};
 * embedders with {@code executionHook(true)} or {@code withLibrary("debug")}; an instruction limit
 * alone installs one that only counts). Without a hook that records frames: {@code traceback}
 * gives the message and a bare {@code stack traceback:} header plus one line saying so, and
 * {@code getinfo} of a level above 0 returns nil (of a function it works as always).
 *
 * <p>{@link #addFull} (for {@code withLibrary("debug")}, trusted code only) adds
 * {@code sethook}/{@code gethook} (per Lua thread, run by the execution hook, so clearing them
 * never stops the instruction limit), {@code getlocal}/{@code setlocal} (from the registers and
 * extra arguments the hook keeps per frame), {@code upvalueid} (light userdata,
 * {@link UpvalueIds}), {@code getupvalue}/{@code setupvalue} (LuaJ's, plus {@link CUpvalues}), and LuaJ's
 * {@code upvaluejoin}, {@code getregistry}, {@code getmetatable},
 * {@code setmetatable}, {@code getuservalue}, {@code setuservalue}. With it, the hook also
 * records Java functions called from Lua as frames ({@code io.ward.lua.patch.JavaCalls}).
 */
public final class WardDebugLib {
    static final String NO_FRAMES = "\n\t(no call stack recorded: the execution hook is off)";

    private static final String[] FULL_FROM_LUAJ = {
        "setupvalue", "upvaluejoin", "getregistry",
        "getmetatable", "setmetatable", "getuservalue", "setuservalue",
    };

    private WardDebugLib() {
    }

    /** Sets the global {@code debug} (and {@code package.loaded.debug}) to the read-only subset. */
    public static void install(Globals g) {
        LuaTable t = new LuaTable();
        t.rawset("traceback", new Traceback(g));
        t.rawset("getinfo", new GetInfo(g));
        g.rawset("debug", t);
        LuaValue pkg = g.rawget("package");
        if (pkg.istable()) {
            pkg.rawget("loaded").rawset("debug", t);
        }
    }

    /** Adds the full library's functions to the {@code debug} table of {@code g}. */
    public static void addFull(Globals g) {
        LuaValue debug = g.rawget("debug");
        if (!debug.istable()) {
            install(g);
            debug = g.rawget("debug");
        }
        // LuaJ's DebugLib builds its table into a scratch environment; it also sets
        // globals.debuglib, which is put back (Ward's hook is installed later, if at all).
        org.luaj.vm2.lib.DebugLib saved = g.debuglib;
        Globals scratch = new Globals();
        LuaValue luaj;
        try {
            scratch.debuglib = null;
            LuaTable pkg = new LuaTable();
            pkg.rawset("loaded", new LuaTable());
            scratch.rawset("package", pkg);
            DebugLib lib = new DebugLib();
            luaj = lib.call(LuaValue.valueOf("debug"), scratch);
            // getregistry reads the library's own globals field: point it at this runtime.
            setGlobals(lib, g);
        } finally {
            g.debuglib = saved;
        }
        for (String name : FULL_FROM_LUAJ) {
            debug.rawset(name, luaj.get(name));
        }
        debug.rawset("setmetatable", new SetMetatable(luaj.get("setmetatable")));
        debug.rawset("getupvalue", new CUpvalue(luaj.get("getupvalue"), false));
        debug.rawset("setupvalue", new CUpvalue(luaj.get("setupvalue"), true));
        debug.rawset("upvalueid", new UpvalueIds.UpvalueId());
        debug.rawset("setuservalue", new UpvalueIds.SetUservalue(luaj.get("setuservalue")));
        debug.rawset("getuservalue", new UpvalueIds.GetUservalue(luaj.get("getuservalue")));
        debug.rawset("sethook", new SetHook(g));
        debug.rawset("getlocal", new Local(g, false));
        debug.rawset("setlocal", new Local(g, true));
        debug.rawset("gethook", new GetHook(g));
    }

    private static void setGlobals(DebugLib lib, Globals g) {
        try {
            java.lang.reflect.Field f = DebugLib.class.getDeclaredField("globals");
            f.setAccessible(true);
            f.set(lib, g);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // getregistry then returns the scratch globals: harmless
        }
    }

    /** Prints as {@code function: name}, like Ward's other library functions. */
    abstract static class Named extends VarArgFunction {
        @Override
        public String tojstring() {
            return "function: " + name;
        }
    }

    /** The optional first argument of Lua 5.2's debug functions: a thread, or {@code null}. */
    static LuaThread threadArg(Varargs args) {
        return args.arg1().isthread() ? (LuaThread) args.arg1() : null;
    }

    /** The execution hook whose call stacks the functions read, or null (none, or one that only counts). */
    static ExecutionHook hook(Globals g) {
        return ExecutionHook.withFrames(g);
    }

    /** Lua 5.2's {@code debug.traceback([thread,] [message [, level]])}. */
    static final class Traceback extends Named {
        private final Globals g;

        Traceback(Globals g) {
            this.g = g;
            this.name = "traceback";
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaThread thread = threadArg(args);
            int a = thread != null ? 1 : 0; // the other arguments come after the optional thread
            LuaValue msg = args.arg(a + 1);
            if (!msg.isnil() && !msg.isstring()) {
                return msg;
            }
            boolean self = thread == null || thread == g.running;
            int level = args.arg(a + 2).isnil() ? (self ? 1 : 0) : args.arg(a + 2).checkint();
            return valueOf(text(msg, self ? null : thread, level, null));
        }

        /** As the message handler of {@code xpcall}: the frames where the error was raised. */
        LuaValue forError(LuaValue msg, String recorded) {
            if (!msg.isnil() && !msg.isstring()) {
                return msg;
            }
            return valueOf(text(msg, null, 1, recorded));
        }

        private String text(LuaValue msg, LuaThread thread, int level, String recorded) {
            StringBuilder sb = new StringBuilder();
            if (!msg.isnil()) {
                sb.append(msg.tojstring()).append('\n');
            }
            ExecutionHook hook = hook(g);
            String frames;
            if (recorded != null) {
                frames = recorded;
            } else if (hook == null) {
                return sb.append("stack traceback:").append(NO_FRAMES).toString();
            } else if (level < 0 || level > hook.depth(thread)) {
                // past the recorded frames: only the Java caller of a task's or the main chunk's
                LuaThread t = thread != null ? thread : g.running;
                boolean caller = level == hook.depth(thread) + 1 && !(t instanceof WardCoroutine);
                return sb.append("stack traceback:").append(caller ? "\n\t[C]: in ?" : "").toString();
            } else {
                // level 0 is traceback itself, recorded only with the full library (JavaCalls)
                frames = hook.traceback(thread, level);
            }
            // Lua 5.2 calls Java functions C functions; a task, like the main chunk, is called
            // from Java, a coroutine's body is not
            sb.append(frames.replace("\n\t[Java]: in ", "\n\t[C]: in "));
            LuaThread t = thread != null ? thread : g.running;
            if (!(t instanceof WardCoroutine)) {
                sb.append("\n\t[C]: in ?");
            }
            return sb.toString();
        }
    }

    /** Lua 5.2's {@code debug.getinfo([thread,] f [, what])}. */
    static final class GetInfo extends Named {
        private final Globals g;

        GetInfo(Globals g) {
            this.g = g;
            this.name = "getinfo";
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaThread thread = threadArg(args);
            int a = thread != null ? 1 : 0; // the other arguments come after the optional thread
            LuaValue target = args.arg(a + 1);
            String what = args.arg(a + 2).isnil() ? "flnStu" : args.arg(a + 2).checkjstring();
            for (int i = 0; i < what.length(); i++) {
                if ("SlnutfL>".indexOf(what.charAt(i)) < 0) {
                    throw Args.badArgument(a + 2, "getinfo", "invalid option");
                }
            }
            LuaFunction fn;
            int line = -1;
            String fname = null;
            String namewhat = "";
            boolean tail = false;
            if (target.isfunction()) {
                fn = (LuaFunction) target;
            } else if (target.isnumber()) {
                int level = target.checkint();
                ExecutionHook hook = hook(g);
                if (level == 0 && (thread == null || thread == g.running)) {
                    fn = this;
                    String[] nw = hook != null ? hook.javaCalleeName(thread) : null;
                    if (nw != null) {
                        fname = nw[0];
                        namewhat = nw[1];
                    }
                } else {
                    // a suspended coroutine's level 0 is yield, which is not recorded
                    ExecutionHook.Frame f = hook == null ? null : hook.frame(thread, level);
                    if (f == null) {
                        return NIL;
                    }
                    fn = f.function();
                    line = f.currentLine();
                    fname = f.name();
                    namewhat = f.namewhat();
                    tail = f.tailCall();
                }
            } else {
                throw Args.badArgument(a + 1, "getinfo", "function or level expected");
            }
            return describe(fn, line, fname, namewhat, tail, what);
        }

        private static LuaTable describe(LuaFunction fn, int line, String fname, String namewhat, boolean tail,
                String what) {
            LuaTable t = new LuaTable();
            Prototype p = fn instanceof LuaClosure ? ((LuaClosure) fn).p : null;
            if (what.indexOf('S') >= 0) {
                if (p != null) {
                    t.rawset("source", p.source != null ? untilZero(p.source) : valueOf("=?"));
                    t.rawset("short_src", LuajHooks.chunkid(p.source));
                    t.rawset("linedefined", p.linedefined);
                    t.rawset("lastlinedefined", p.lastlinedefined);
                    t.rawset("what", p.linedefined == 0 ? "main" : "Lua");
                } else {
                    t.rawset("source", "=[C]");
                    t.rawset("short_src", "[C]");
                    t.rawset("linedefined", -1);
                    t.rawset("lastlinedefined", -1);
                    t.rawset("what", "C");
                }
            }
            if (what.indexOf('l') >= 0) {
                t.rawset("currentline", line);
            }
            if (what.indexOf('u') >= 0) {
                t.rawset("nups", p != null ? p.upvalues.length : fn instanceof CUpvalues c ? c.upvalueCount() : 0);
                t.rawset("nparams", p != null ? p.numparams : 0);
                t.rawset("isvararg", valueOf(p == null || p.is_vararg != 0));
            }
            if (what.indexOf('n') >= 0) {
                if (fname != null) {
                    t.rawset("name", fname);
                }
                t.rawset("namewhat", namewhat == null ? "" : namewhat);
            }
            if (what.indexOf('t') >= 0) {
                t.rawset("istailcall", valueOf(tail));
            }
            if (what.indexOf('L') >= 0 && p != null) {
                LuaTable lines = new LuaTable();
                if (p.lineinfo != null) {
                    for (int l : p.lineinfo) {
                        lines.rawset(l, TRUE);
                    }
                }
                t.rawset("activelines", lines);
            }
            if (what.indexOf('f') >= 0) {
                t.rawset("func", fn);
            }
            return t;
        }
    }

    /** A chunk name as Lua 5.2's {@code getinfo} gives it: a C string, which ends at a zero byte. */
    private static LuaString untilZero(LuaString s) {
        int i = s.indexOf((byte) 0, 0);
        return i < 0 ? s : s.substring(0, i);
    }

    /**
     * {@code debug.getupvalue(f, n)} / {@code debug.setupvalue(f, n, v)}: LuaJ's, and for a Java
     * function that is a C closure in Lua ({@link CUpvalues}) its upvalues, named {@code ""}.
     */
    static final class CUpvalue extends Named {
        private final LuaValue luaj;
        private final boolean set;

        CUpvalue(LuaValue luaj, boolean set) {
            this.luaj = luaj;
            this.set = set;
            this.name = set ? "setupvalue" : "getupvalue";
        }

        @Override
        public Varargs invoke(Varargs args) {
            if (args.arg1() instanceof CUpvalues c && args.arg(2).isnumber()) {
                int n = args.arg(2).toint();
                if (n < 1 || n > c.upvalueCount()) {
                    return NONE;
                }
                if (set) {
                    if (args.narg() < 3) {
                        throw Args.badArgument(3, name, "value expected");
                    }
                    c.setUpvalue(n, args.arg(3));
                    return EMPTYSTRING;
                }
                return varargsOf(EMPTYSTRING, c.upvalue(n));
            }
            return luaj.invoke(args);
        }
    }

    /** {@code debug.setmetatable(value, mt)}: LuaJ's, with a table's entries as weak as the new metatable says. */
    static final class SetMetatable extends Named {
        private final LuaValue luaj;

        SetMetatable(LuaValue luaj) {
            this.luaj = luaj;
            this.name = "setmetatable";
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaValue mt = args.arg(2);
            if (args.arg1() instanceof LuaTable && (mt.isnil() || mt.istable())) {
                WeakTables.setmetatable((LuaTable) args.arg1(), mt.isnil() ? null : mt);
                return args.arg1();
            }
            return luaj.invoke(args);
        }
    }

    /** {@code debug.sethook([thread,] hook, mask [, count])}: the hook of that Lua thread (default: the running one). */
    static final class SetHook extends Named {
        private final Globals g;

        SetHook(Globals g) {
            this.g = g;
            this.name = "sethook";
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaThread thread = threadArg(args);
            int a = thread != null ? 1 : 0;
            ExecutionHook hook = hook(g);
            LuaValue f = args.arg(a + 1);
            if (f.isnil() || args.narg() <= a) {
                if (hook != null) {
                    hook.setLuaHook(thread, null, "", 0);
                }
                return NONE;
            }
            f.checkfunction();
            String mask = args.arg(a + 2).checkjstring();
            int count = args.arg(a + 3).optint(0);
            if (hook != null) {
                hook.setLuaHook(thread, f, mask, count);
            }
            return NONE;
        }
    }

    /**
     * {@code debug.getlocal([thread,] level, n)} / {@code debug.setlocal([thread,] level, n, value)};
     * {@code getlocal(f, n)} gives the name of parameter {@code n}; negative {@code n} is an extra
     * argument of a vararg function, level 0 this function's own arguments
     * ({@link ExecutionHook#local}).
     */
    static final class Local extends Named {
        private final Globals g;
        private final boolean set;

        Local(Globals g, boolean set) {
            this.g = g;
            this.set = set;
            this.name = set ? "setlocal" : "getlocal";
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaThread thread = threadArg(args);
            int a = thread != null ? 1 : 0; // the other arguments come after the optional thread
            LuaValue target = args.arg(a + 1);
            int n = args.arg(a + 2).checkint();
            if (!set && target.isfunction()) {
                if (!(target instanceof LuaClosure)) {
                    return NIL;
                }
                Prototype p = ((LuaClosure) target).p;
                LuaValue local = n >= 1 && n <= p.numparams ? p.getlocalname(n, 0) : null;
                return local == null ? NIL : local;
            }
            int level = target.checkint();
            ExecutionHook hook = hook(g);
            if (level == 0 && (thread == null || thread == g.running)) {
                // this function's own slots, its arguments, as Lua's C frame: temporaries
                if (n < 1 || n > args.narg()) {
                    return NIL;
                }
                return set ? ExecutionHook.TEMPORARY : varargsOf(ExecutionHook.TEMPORARY, args.arg(n));
            }
            if (hook == null || !hook.hasLevel(thread, level)) {
                throw Args.badArgument(a + 1, name, "level out of range");
            }
            LuaValue value = set ? args.arg(a + 3) : null;
            if (set && args.narg() < a + 3) {
                throw Args.badArgument(a + 3, name, "value expected");
            }
            Varargs r = hook.local(thread, level, n, value);
            return r == null ? NIL : r;
        }
    }

    /** {@code debug.gethook([thread])}. */
    static final class GetHook extends Named {
        private final Globals g;

        GetHook(Globals g) {
            this.g = g;
            this.name = "gethook";
        }

        @Override
        public Varargs invoke(Varargs args) {
            ExecutionHook hook = hook(g);
            return hook == null ? NONE : hook.luaHook(threadArg(args));
        }
    }
}
