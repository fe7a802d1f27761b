package io.ward.lua.patch;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * Stateless; runs on the runtime's context, like the Lua code calling. Where the patched
 * {@code LuaClosure}'s call instructions ({@code OP_CALL}, {@code OP_TFORCALL}) call anything that
 * is not a Lua function: a Java function becomes a frame of the call stack while it runs when the
 * runtime's debug library asks for it ({@link CallDepth.Shared#javaCalled}: the full debug
 * library), so that hooks see its call and return, {@code debug.getinfo(level)} counts it and
 * tracebacks show it, as Lua 5.2 does with C functions. Otherwise the call is made as LuaJ makes
 * it. Public only because the patched {@code LuaClosure} is in another package.
 */
public final class JavaCalls {
    private JavaCalls() {
    }

    public static LuaValue call(LuaValue f, Globals g) {
        CallDepth.Shared h = enter(f, g);
        if (h == null) {
            return f.call();
        }
        try {
            return f.call();
        } catch (Throwable t) {
            h.javaThrew();
            throw t;
        } finally {
            h.javaReturned();
        }
    }

    public static LuaValue call(LuaValue f, LuaValue a, Globals g) {
        CallDepth.Shared h = enter(f, g);
        if (h == null) {
            return f.call(a);
        }
        try {
            return f.call(a);
        } catch (Throwable t) {
            h.javaThrew();
            throw t;
        } finally {
            h.javaReturned();
        }
    }

    public static LuaValue call(LuaValue f, LuaValue a, LuaValue b, Globals g) {
        CallDepth.Shared h = enter(f, g);
        if (h == null) {
            return f.call(a, b);
        }
        try {
            return f.call(a, b);
        } catch (Throwable t) {
            h.javaThrew();
            throw t;
        } finally {
            h.javaReturned();
        }
    }

    public static LuaValue call(LuaValue f, LuaValue a, LuaValue b, LuaValue c, Globals g) {
        CallDepth.Shared h = enter(f, g);
        if (h == null) {
            return f.call(a, b, c);
        }
        try {
            return f.call(a, b, c);
        } catch (Throwable t) {
            h.javaThrew();
            throw t;
        } finally {
            h.javaReturned();
        }
    }

    public static Varargs invoke(LuaValue f, Varargs args, Globals g) {
        CallDepth.Shared h = enter(f, g);
        if (h == null) {
            return f.invoke(args);
        }
        try {
            return f.invoke(args);
        } catch (Throwable t) {
            h.javaThrew();
            throw t;
        } finally {
            h.javaReturned();
        }
    }

    /** The debug library that recorded {@code f}'s frame (to be told of its return), or null. */
    private static CallDepth.Shared enter(LuaValue f, Globals g) {
        if (g == null) {
            return null;
        }
        DebugLib d = g.debuglib;
        if (d instanceof CallDepth.Shared && ((CallDepth.Shared) d).javaCalled(f)) {
            return (CallDepth.Shared) d;
        }
        return null;
    }
}
