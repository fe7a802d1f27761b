package io.ward.lua.limits;

import io.ward.lua.patch.CallDepth;
import io.ward.lua.patch.LuajHooks;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.lib.DebugLib;

import java.lang.reflect.Field;
import java.util.Arrays;

/**
 * Confined to the runtime's context, like the {@link ExecutionHook} that keeps it. One Lua
 * thread's call stack: the functions and, for Lua ones, the current instruction (for the
 * innermost frame of the thread that runs, that is the hook's {@code pc}, stored here only when
 * the stack is read or another Lua thread runs); and what is read from it: positions and
 * tracebacks in Lua 5.2's format.
 *
 * <p>Kept in {@link org.luaj.vm2.LuaThread#callstack}, so every task and coroutine has its own.
 */
final class LuaCallStack extends CallDepth {
    /** Frames shown at the top and at the bottom of a long traceback (Lua 5.2's values). */
    private static final int LEVELS1 = 12;
    private static final int LEVELS2 = 10;

    private static final Field NAME = nameWhatField("name");
    private static final Field NAMEWHAT = nameWhatField("namewhat");

    /**
     * The Java thread that runs this Lua thread's code: the loop thread on the continuation
     * engine, the fiber's own thread on the thread engine. Calls and returns reported by any
     * other thread are not this Lua thread's: the thread engine unwinds an abandoned coroutine
     * on its own thread while {@code globals.running} still names another.
     */
    final Thread owner = Thread.currentThread();
    LuaFunction[] fn = new LuaFunction[16];
    int[] pc = new int[16];
    /** The registers of each Lua frame (for {@code debug.getlocal}); null for Java frames. */
    LuaValue[][] registers = new LuaValue[16][];
    int n;

    /** A call stack that takes over the call counts of {@code counts} (null: none yet). */
    LuaCallStack(CallDepth counts) {
        if (counts != null) {
            copyCounts(counts);
        }
    }

    LuaCallStack() {
    }

    void grow() {
        int length = Math.min(n * 2, Math.max(ExecutionHook.MAX_DEPTH, n + 1));
        fn = Arrays.copyOf(fn, length);
        pc = Arrays.copyOf(pc, length);
        registers = Arrays.copyOf(registers, length);
    }

    /**
     * {@code chunk:line} of the Lua function {@code level} Lua functions down from the top
     * (1: the innermost), or {@code null} when a Java function ({@code pcall}) or the bottom of
     * the stack comes first.
     */
    String position(int level) {
        int seen = 0;
        for (int i = n - 1; i >= 0; i--) {
            if (!(fn[i] instanceof LuaClosure)) {
                return null;
            }
            if (++seen == level) {
                Prototype p = ((LuaClosure) fn[i]).p;
                int line = line(p, pc[i]);
                return source(p) + ":" + (line > 0 ? String.valueOf(line) : "?");
            }
        }
        return null;
    }

    /** Lua 5.2's {@code luaL_traceback} format, Java functions shown as {@code [Java]}. */
    String traceback(int level) {
        StringBuilder sb = new StringBuilder("stack traceback:");
        int top = n - Math.max(level, 1);
        int total = top + 1;
        for (int i = top; i >= 0; i--) {
            if (total > LEVELS1 + LEVELS2 && i == top - LEVELS1) {
                sb.append("\n\t...");
                i = LEVELS2; // the loop's i-- leaves the last LEVELS2 frames
                continue;
            }
            describe(sb.append("\n\t"), i);
        }
        return sb.toString();
    }

    private void describe(StringBuilder sb, int i) {
        LuaFunction f = fn[i];
        String name = calledName(i);
        if (f instanceof LuaClosure) {
            Prototype p = ((LuaClosure) f).p;
            String src = source(p);
            sb.append(src).append(':');
            int line = line(p, pc[i]);
            if (line > 0) {
                sb.append(line).append(':');
            }
            sb.append(" in ");
            if (name != null) {
                sb.append("function '").append(name).append('\'');
            } else if (p.linedefined == 0) {
                sb.append("main chunk");
            } else {
                sb.append("function <").append(src).append(':').append(p.linedefined).append('>');
            }
        } else {
            sb.append("[Java]: in ").append(name != null ? "function '" + name + "'" : "?");
        }
    }

    /** The name the caller of frame {@code i} used to call it, when the caller is Lua code. */
    private String calledName(int i) {
        String[] nw = nameWhat(i);
        return nw == null ? null : nw[0];
    }

    /**
     * {@code {name, namewhat}} of frame {@code i} as its caller called it (Lua 5.2's
     * {@code getfuncname}), or {@code null} when unknown. {@code i == n} means a Java function
     * called by the innermost frame.
     */
    String[] nameWhat(int i) {
        if (i == 0 || i > n || !(fn[i - 1] instanceof LuaClosure) || NAME == null || NAMEWHAT == null) {
            return null;
        }
        Prototype p = ((LuaClosure) fn[i - 1]).p;
        int at = pc[i - 1];
        if (at < 0 || at >= p.code.length) {
            return null;
        }
        int instruction = p.code[at];
        int op = Lua.GET_OPCODE(instruction);
        if (op == Lua.OP_TFORCALL) {
            return new String[] {"for iterator", "for iterator"};
        }
        if (op != Lua.OP_CALL && op != Lua.OP_TAILCALL) {
            return null; // a metamethod or a Java function calling back
        }
        try {
            Object nameWhat = DebugLib.getobjname(p, at, Lua.GETARG_A(instruction));
            return nameWhat == null ? null
                    : new String[] {(String) NAME.get(nameWhat), (String) NAMEWHAT.get(nameWhat)};
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The current line of frame {@code i}, or -1 (a Java function, or no line information). */
    int currentLine(int i) {
        return fn[i] instanceof LuaClosure ? line(((LuaClosure) fn[i]).p, pc[i]) : -1;
    }

    static int line(Prototype p, int pc) {
        return p.lineinfo != null && pc >= 0 && pc < p.lineinfo.length ? p.lineinfo[pc] : -1;
    }

    /** A chunk name as Lua prints it ({@code luaO_chunkid}: {@code @script.lua} as {@code script.lua}). */
    static String source(Prototype p) {
        return LuajHooks.chunkid(p.source);
    }

    private static Field nameWhatField(String name) {
        try {
            Field f = Class.forName("org.luaj.vm2.lib.DebugLib$NameWhat").getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // tracebacks then show no function names
        }
    }
}
