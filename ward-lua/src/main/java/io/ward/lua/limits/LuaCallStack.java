package io.ward.lua.limits;

import io.ward.lua.patch.CallDepth;
import io.ward.lua.patch.LuajHooks;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
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
    Thread owner = Thread.currentThread();
    /** The Lua hook of this Lua thread ({@code debug.sethook}), or null. */
    LuaHook hook;
    /**
     * Whether a hook of this Lua thread is running (Lua's {@code allowhook}): hooks are not called
     * for a hook's own code, even one the hook has just set.
     */
    boolean inHook;
    LuaFunction[] fn = new LuaFunction[16];
    int[] pc = new int[16];
    /** The registers of each Lua frame (for {@code debug.getlocal}); null for Java frames. */
    LuaValue[][] registers = new LuaValue[16][];
    /** The extra arguments of each Lua frame (for {@code debug.getlocal(level, -n)}); null for Java frames. */
    Varargs[] varargs = new Varargs[16];
    /** How each frame was entered: {@link #HOOK}, {@link #TAIL}. */
    byte[] flags = new byte[16];
    int n;

    /** Flag: the frame is a hook function called by the execution hook. */
    static final byte HOOK = 1;
    /** Flag: the frame was entered by a tail call (Lua 5.2's {@code istailcall}). */
    static final byte TAIL = 2;
    /** Flag: a Java function called by a Lua call instruction ({@code JavaCalls}). */
    static final byte JAVA = 4;

    /**
     * The index of level 0: the innermost frame when it is a Java function called by Lua (the
     * debug function asking, or a suspended coroutine's {@code yield}), else one past it (level 0,
     * the Java function asking, is not recorded). Level {@code l} is at {@code level0() - l}.
     */
    int level0() {
        return n > 0 && (flags[n - 1] & JAVA) != 0 ? n - 1 : n;
    }

    /** A call stack that takes over the call counts of {@code counts} (null: none yet). */
    LuaCallStack(CallDepth counts) {
        if (counts != null) {
            copyCounts(counts);
        }
    }

    LuaCallStack() {
    }

    /**
     * The frames as they were when a Java function called by this thread threw (see
     * {@link ExecutionHook#javaThrew}); cleared when the thread goes on (a call, or the
     * {@code pcall} that caught it returning). Kept when the error ends a coroutine.
     */
    LuaCallStack errorFrames;

    /** A copy of the frames (functions, instructions, flags) for {@link #errorFrames}. */
    LuaCallStack copy() {
        LuaCallStack c = new LuaCallStack();
        c.fn = Arrays.copyOf(fn, n);
        c.pc = Arrays.copyOf(pc, n);
        c.flags = Arrays.copyOf(flags, n);
        c.registers = new LuaValue[n][];
        c.varargs = new Varargs[n];
        c.n = n;
        return c;
    }

    /**
     * The call stack of a Lua thread that has not run yet (a hook set on a new coroutine),
     * owned by the Java thread that first runs it; takes over {@code counts} (null: none yet).
     */
    static LuaCallStack unclaimed(CallDepth counts) {
        LuaCallStack s = new LuaCallStack(counts);
        s.owner = null;
        return s;
    }

    void grow() {
        int length = Math.min(n * 2, Math.max(ExecutionHook.MAX_DEPTH, n + 1));
        fn = Arrays.copyOf(fn, length);
        pc = Arrays.copyOf(pc, length);
        registers = Arrays.copyOf(registers, length);
        varargs = Arrays.copyOf(varargs, length);
        flags = Arrays.copyOf(flags, length);
    }

    /** Asks for {@link io.ward.lua.patch.FrameVarargs} in vararg functions (the full debug library). */
    void keepVarargs(boolean keep) {
        copyVarargs = keep;
    }

    /**
     * {@code chunk:line} of the Lua function {@code level} Lua functions down from the top
     * (1: the innermost), or {@code null} when a Java function ({@code pcall}) or the bottom of
     * the stack comes first.
     */
    String position(int level) {
        int seen = 0;
        for (int i = level0() - 1; i >= 0; i--) {
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

    /**
     * Lua 5.2's {@code luaL_traceback} format from {@code level} ({@link #level0}; an unrecorded
     * level 0 is shown from level 1), Java functions shown as {@code [Java]}.
     */
    String traceback(int level) {
        StringBuilder sb = new StringBuilder("stack traceback:");
        int top = Math.min(level0() - level, n - 1);
        int total = top + 1;
        for (int i = top; i >= 0; i--) {
            if (total > LEVELS1 + LEVELS2 && i == top - LEVELS1) {
                sb.append("\n\t...");
                i = LEVELS2; // the loop's i-- leaves the last LEVELS2 frames
                continue;
            }
            describe(sb.append("\n\t"), i);
            if ((flags[i] & TAIL) != 0) {
                sb.append("\n\t(...tail calls...)"); // its callers are gone, as in Lua 5.2
            }
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
        if (i == 0 || i > n || !(fn[i - 1] instanceof LuaClosure) || NAME == null || NAMEWHAT == null
                || i < n && (flags[i] & TAIL) != 0) {
            return null; // a tail call's caller is gone: Lua 5.2 has no name for it either
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
            // called by the instruction through a metamethod (not by a hook, nor by a Java function:
            // with the full debug library those are frames of their own, without it this is a guess)
            String event = i < n && (flags[i] & HOOK) == 0 ? metamethod(op) : null;
            return event == null ? null : new String[] {event, "metamethod"};
        }
        try {
            Object nameWhat = DebugLib.getobjname(p, at, Lua.GETARG_A(instruction));
            return nameWhat == null ? null
                    : new String[] {(String) NAME.get(nameWhat), (String) NAMEWHAT.get(nameWhat)};
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * How many registers of Lua frame {@code i} a debugger may read (Lua 5.2's {@code findlocal}
     * limit): those below the function it is calling when its instruction is a call, else all of
     * them (it is calling a hook or a metamethod, which Lua places above the frame's registers).
     */
    int registersInUse(int i) {
        Prototype p = ((LuaClosure) fn[i]).p;
        int at = pc[i];
        if (i + 1 < n && (flags[i + 1] & HOOK) != 0 || at < 0 || at >= p.code.length) {
            return p.maxstacksize;
        }
        int instruction = p.code[at];
        switch (Lua.GET_OPCODE(instruction)) {
            case Lua.OP_CALL:
            case Lua.OP_TAILCALL:
                return Lua.GETARG_A(instruction);
            case Lua.OP_TFORCALL:
                return Lua.GETARG_A(instruction) + 3;
            default:
                return p.maxstacksize;
        }
    }

    /** The metamethod instruction {@code op} calls (Lua 5.2's {@code getfuncname}), or null. */
    private static String metamethod(int op) {
        switch (op) {
            case Lua.OP_SELF:
            case Lua.OP_GETTABUP:
            case Lua.OP_GETTABLE:
                return "__index";
            case Lua.OP_SETTABUP:
            case Lua.OP_SETTABLE:
                return "__newindex";
            case Lua.OP_EQ:
                return "__eq";
            case Lua.OP_ADD:
                return "__add";
            case Lua.OP_SUB:
                return "__sub";
            case Lua.OP_MUL:
                return "__mul";
            case Lua.OP_DIV:
                return "__div";
            case Lua.OP_MOD:
                return "__mod";
            case Lua.OP_POW:
                return "__pow";
            case Lua.OP_UNM:
                return "__unm";
            case Lua.OP_LEN:
                return "__len";
            case Lua.OP_LT:
                return "__lt";
            case Lua.OP_LE:
                return "__le";
            case Lua.OP_CONCAT:
                return "__concat";
            default:
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
