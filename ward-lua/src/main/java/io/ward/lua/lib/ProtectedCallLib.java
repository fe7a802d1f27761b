package io.ward.lua.lib;

import io.ward.lua.Args;
import io.ward.lua.ArgumentError;
import io.ward.lua.ErrorLevels;
import io.ward.lua.LuaErrors;
import io.ward.lua.patch.CallDepth;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua 5.2-conformant {@code pcall}, {@code xpcall} and {@code error}, replacing LuaJ's.
 *
 * <p>Load it after the base library: {@code globals.load(new ProtectedCallLib())}. It sets the
 * three globals in {@code env} and returns {@code env}.
 *
 * <ul>
 *   <li>{@code pcall(f, ...)}: {@code true, f(...)} or {@code false, err}, where {@code err} is
 *       {@link LuaErrors#value(Throwable)}: {@code chunk:line: msg} for string errors, the very
 *       same value for tables and other values, a Java exception's text (never its class name),
 *       {@code "stack overflow"} for a {@link StackOverflowError} (LuaJ's own {@code pcall} lets
 *       that escape).
 *   <li>{@code xpcall(f, msgh, ...)}: like {@code pcall} but passes the extra arguments to
 *       {@code f} (5.2) and, on error, returns {@code false, msgh(err)} (exactly one value). If
 *       {@code msgh} itself fails, it is called again with its own error, as Lua does, and
 *       after {@value #MAX_HANDLER_ERRORS} failures in a row (or when {@code msgh} is not a
 *       function) the result is {@code false, "error in error handling"}. The handler runs
 *       after the failed call has unwound (Lua runs it at the point of the error; the
 *       difference only shows through the debug library). {@code debug.traceback} as the
 *       handler is special-cased: it gets the traceback recorded where the error was raised.
 *   <li>{@code error(v [, level])}: see {@link ErrorLevels}, the one place that knows levels
 *       (with or without the execution hook); unlike LuaJ's, the level is honoured
 *       ({@code error("x", 2)} blames the caller's line, {@code error("x", 0)} adds no
 *       position) and a number raised with level 0 stays a number.
 * </ul>
 *
 * <p>Both protected calls let {@linkplain LuaErrors#isUnwinding(Throwable) unwinding errors}
 * (cancellation, fiber kill, limits, {@link OutOfMemoryError}) pass untouched. When
 * {@code globals.debuglib} is set they report themselves to it ({@code onCall}/{@code onReturn})
 * as LuaJ's own versions do, so its call stack stays balanced.
 *
 * <p>An instance may be loaded into one {@code Globals} only (it remembers it for the
 * execution hook); its functions are confined to that runtime like every LuaJ function.
 */
public final class ProtectedCallLib extends TwoArgFunction {

    /** How many times in a row {@code xpcall}'s handler may fail before giving up. */
    static final int MAX_HANDLER_ERRORS = 20;

    static final String ERROR_IN_ERROR_HANDLING = "error in error handling";

    private Globals globals;

    public ProtectedCallLib() {
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        globals = env.checkglobals();
        env.set("pcall", new PCall());
        env.set("xpcall", new XPCall());
        env.set("error", new ErrorFunction());
        return env;
    }

    private DebugLib debug() {
        return globals != null ? globals.debuglib : null;
    }

    /** Rethrows unwinding errors; anything else becomes its Lua error value. */
    private static LuaValue caught(Throwable t) {
        if (LuaErrors.isUnwinding(t)) {
            throw (Error) t;
        }
        return LuaErrors.value(t);
    }

    private final class PCall extends VarArgFunction implements CallDepth.OwnFrame {
        PCall() {
            name = "pcall";
        }

        @Override
        public String tojstring() {
            return "function: " + name;
        }

        @Override
        public Varargs invoke(Varargs args) {
            if (args.narg() < 1) {
                throw Args.badArgument(1, "pcall", "value expected");
            }
            LuaValue f = args.arg1();
            DebugLib debug = debug();
            if (debug != null) {
                debug.onCall(this);
            }
            try {
                return varargsOf(TRUE, f.invoke(args.subargs(2)).eval());
            } catch (Throwable t) {
                ArgumentError.calledFromJava(t, f, args.subargs(2));
                return varargsOf(FALSE, caught(t));
            } finally {
                if (debug != null) {
                    debug.onReturn();
                }
            }
        }
    }

    private final class XPCall extends VarArgFunction implements CallDepth.OwnFrame {
        XPCall() {
            name = "xpcall";
        }

        @Override
        public String tojstring() {
            return "function: " + name;
        }

        @Override
        public Varargs invoke(Varargs args) {
            if (args.narg() < 2) {
                throw Args.badArgument(2, "xpcall", "value expected");
            }
            LuaValue f = args.arg1();
            LuaValue handler = args.arg(2);
            DebugLib debug = debug();
            if (debug != null) {
                debug.onCall(this);
            }
            try {
                LuaValue err;
                String recorded;
                try {
                    return varargsOf(TRUE, f.invoke(args.subargs(3)).eval());
                } catch (Throwable t) {
                    ArgumentError.calledFromJava(t, f, args.subargs(3));
                    err = caught(t);
                    recorded = handler instanceof WardDebugLib.Traceback ? LuaErrors.traceback(t) : null;
                }
                if (recorded != null) {
                    // debug.traceback as the handler: the frames where the error was raised
                    return varargsOf(FALSE, ((WardDebugLib.Traceback) handler).forError(err, recorded));
                }
                return varargsOf(FALSE, handle(handler, err));
            } finally {
                if (debug != null) {
                    debug.onReturn();
                }
            }
        }

        private LuaValue handle(LuaValue handler, LuaValue err) {
            if (!handler.isfunction()) {
                return valueOf(ERROR_IN_ERROR_HANDLING);
            }
            LuaValue current = err;
            for (int i = 0; i < MAX_HANDLER_ERRORS; i++) {
                try {
                    return handler.invoke(current).eval().arg1();
                } catch (Throwable t) {
                    current = caught(t);
                }
            }
            return valueOf(ERROR_IN_ERROR_HANDLING);
        }
    }

    private final class ErrorFunction extends VarArgFunction {
        ErrorFunction() {
            name = "error";
        }

        @Override
        public String tojstring() {
            return "function: " + name;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaValue levelArg = args.arg(2);
            int level = 1;
            if (!levelArg.isnil()) {
                if (!levelArg.isnumber()) {
                    throw Args.typeError(2, "error", "number", levelArg);
                }
                double d = levelArg.todouble();
                level = d >= Integer.MAX_VALUE ? Integer.MAX_VALUE
                        : d <= Integer.MIN_VALUE ? Integer.MIN_VALUE : (int) d;
            }
            throw ErrorLevels.error(globals, args.arg1(), level);
        }
    }
}
