package io.ward.lua.patch;

import io.ward.lua.LuaErrors;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * Confined to the runtime's context, like the Lua thread it belongs to. How deeply one Lua
 * thread (a task, a coroutine, the main chunk) has nested its Lua calls, counted where every
 * Lua function is entered ({@code LuaClosure.execute}, patched by {@link LuajPatcher}), whether
 * or not a runtime has the execution hook: so unbounded recursion ends with Lua's error in
 * bounded time however large the Java stack is.
 *
 * <p>Two counts, as in Lua 5.2: {@link #depth}, all Lua calls (Lua's stack limit,
 * {@value LuaErrors#STACK_OVERFLOW} past {@link #MAX_DEPTH}); and the "C calls", entries into
 * Lua from Java rather than from a Lua call instruction (metamethods, {@code pcall},
 * {@code string.gsub} callbacks, {@code table.sort} comparators, coroutine bodies...), which Lua
 * 5.2 limits to {@value #MAX_C_CALLS} ({@code LUAI_MAXCCALLS}, {@code "C stack overflow"}). A
 * coroutine's C calls continue its resumer's ({@link #resumedBy}), as Lua's {@code lua_resume}
 * does, so nested resumes are limited too.
 *
 * <p>Kept in {@link LuaThread#callstack}; the execution hook's call stack extends this class
 * so both live there ({@link Shared}). Public only because the patched {@code LuaClosure} is in
 * another package.
 */
public class CallDepth {
    /**
     * Nested Lua calls one Lua thread may make ({@code -Dward.lua.maxDepth}, default 110,000):
     * the call that would make one more raises {@value LuaErrors#STACK_OVERFLOW} at the caller's
     * position, as Lua 5.2 does. Lua 5.2's own limit is 1,000,000 stack slots (about 500,000
     * calls of a small function); a JVM stack that deep would take seconds to fill and unwind.
     */
    public static final int MAX_DEPTH = Math.max(16, Math.min(Integer.getInteger("ward.lua.maxDepth", 110_000),
            1 << 30));

    /** Lua 5.2's {@code LUAI_MAXCCALLS}: nested entries from Java into Lua. */
    public static final int MAX_C_CALLS = 200;

    /** C calls a Lua thread started from Java counts from: lua.c's {@code pmain}, as in {@code lua5.2}. */
    private static final int BASE = 1;

    /** Lua functions running in this Lua thread. */
    int depth;
    /** Entries from Java among them. */
    int cCalls;
    /** C calls of the resumer, for a coroutine; {@link #BASE} for the rest. */
    int base = BASE;
    /**
     * Whether vararg functions entered in this Lua thread get their extra arguments in a
     * {@link FrameVarargs} (the full debug library's {@code setlocal(level, -n, v)}).
     */
    protected boolean copyVarargs;
    /**
     * Set by a Lua tail call ({@code OP_TAILCALL} of a Lua function) until the called function is
     * entered: the calling frame returns in between (LuaJ makes the call after it), and that
     * return is no return of Lua's ({@link #leavingByTailCall}).
     */
    private boolean tailCalling;
    /** Whether the Lua function entered last was entered by a tail call. */
    private boolean enteredByTailCall;

    /**
     * The counts of {@code globals}' running Lua thread, made on first use; null (nothing is
     * counted) without one, and when LuaJ's own debug library keeps its call stack in the same
     * field ({@code JsePlatform.debugGlobals()}: it limits the depth itself).
     */
    public static CallDepth of(Globals globals) {
        if (globals == null) {
            return null; // a function of LuaJ's load(..., env) without Ward's runtime: LuaJ gives it no Globals
        }
        LuaThread t = globals.running;
        Object cs = t != null ? t.callstack : null;
        if (cs instanceof CallDepth) {
            return (CallDepth) cs; // the fast path: three loads
        }
        return t != null ? firstOf(globals, t, cs) : null;
    }

    /**
     * {@link #of(Globals)} when {@code t}'s field holds no {@code CallDepth}: apart, so that the
     * JIT inlines only the fast path at every call (it inlines so much into one compiled method).
     */
    private static CallDepth firstOf(Globals globals, LuaThread t, Object cs) {
        DebugLib debug = globals.debuglib;
        if (cs != null || (debug != null && !(debug instanceof Shared))) {
            return null;
        }
        CallDepth d = debug != null ? ((Shared) debug).newCallStack() : new CallDepth();
        t.callstack = d;
        return d;
    }

    /** A debug library whose call stacks are {@link CallDepth}s too (Ward's execution hook). */
    public interface Shared {
        /** A new, empty call stack for the Lua thread running now. */
        CallDepth newCallStack();

        /**
         * Whether LuaJ's error handler appends this library's traceback to an error's message
         * (as it does for any debug library): false for a hook that only counts instructions,
         * whose runtime's errors stay as without one ({@link LuajErrorHooks#tracebacks}).
         */
        boolean tracebacks();

        /**
         * A Lua call instruction is calling {@code f}, which is no Lua function: returns whether
         * it was recorded as a frame, in which case {@link #javaReturned} follows when it returns
         * or throws ({@link JavaCalls}).
         */
        boolean javaCalled(LuaValue f);

        /** The Java function recorded by the last {@link #javaCalled} that returned true is done. */
        void javaReturned();

        /**
         * That Java function is throwing (called before {@link #javaReturned}, while its frame is
         * still there): a coroutine that dies of the error keeps its frames for tracebacks, as in Lua.
         */
        void javaThrew();
    }

    /**
     * A Java function that records its own frame (Ward's {@code pcall}, {@code xpcall}), which a
     * call instruction must therefore not record again.
     */
    public interface OwnFrame {
    }

    /**
     * The extra arguments {@code c} runs with: {@code v} itself, or a {@link FrameVarargs} copy
     * when {@code d} asks for one ({@link #copyVarargs}) and {@code c} is a vararg function.
     * Called by the patched {@code LuaClosure.execute} on every entry.
     */
    public static Varargs varargs(CallDepth d, LuaClosure c, Varargs v) {
        if (d == null || !d.copyVarargs || c.p.is_vararg == 0) {
            return v;
        }
        return FrameVarargs.copyOf(v);
    }

    /** The counts of {@code t}, made on first use; null when the field holds another library's call stack. */
    public static CallDepth of(LuaThread t) {
        Object cs = t.callstack;
        if (cs instanceof CallDepth) {
            return (CallDepth) cs;
        }
        if (cs != null) {
            return null;
        }
        CallDepth d = new CallDepth();
        t.callstack = d;
        return d;
    }

    /**
     * A Lua function is entered: checks both limits and counts it. {@code fromLua}: by a Lua call
     * instruction (else from Java, a C call). Returns the counts to restore on exit.
     *
     * @throws LuaError {@value LuaErrors#STACK_OVERFLOW} or {@value CStackOverflow#MESSAGE}
     */
    public static long enter(CallDepth d, boolean fromLua) {
        if (d == null) {
            return 0;
        }
        int depth = d.depth;
        int c = d.cCalls;
        if (depth >= MAX_DEPTH) {
            throw new LuaError(LuaErrors.STACK_OVERFLOW);
        }
        d.enteredByTailCall = d.tailCalling;
        d.tailCalling = false;
        if (!fromLua) {
            enterFromJava(d, c);
        }
        d.depth = depth + 1;
        return ((long) depth << 32) | (c & 0xFFFF_FFFFL);
    }

    /** {@link #enter}'s C call: apart, as {@link #firstOf}. */
    private static void enterFromJava(CallDepth d, int c) {
        if (d.base + c + 1 >= MAX_C_CALLS) {
            throw new CStackOverflow();
        }
        d.cCalls = c + 1;
    }

    /** The Lua function entered when {@link #enter} returned {@code saved} returns or throws. */
    public static void exit(CallDepth d, long saved) {
        if (d != null) {
            d.depth = (int) (saved >>> 32);
            d.cCalls = (int) saved;
        }
    }

    /**
     * {@code coroutine.resume} of {@code co} by {@code resumer}: the coroutine's C calls now
     * continue the resumer's, plus one for the resume.
     *
     * @return false when that is one too many ({@value CStackOverflow#MESSAGE}, the coroutine not resumed)
     */
    public static boolean resumedBy(LuaThread co, LuaThread resumer) {
        CallDepth r = of(resumer);
        CallDepth c = of(co);
        if (r == null || c == null) {
            return true;
        }
        int base = r.base + r.cCalls;
        if (base + 1 >= MAX_C_CALLS) {
            return false;
        }
        c.base = base;
        c.copyVarargs |= r.copyVarargs; // a coroutine's body function is entered before its hook sees it
        return true;
    }

    /** The patched {@code OP_TAILCALL} of a Lua function: the frame of {@code d}'s thread is leaving by a tail call. */
    public static void tailCall(CallDepth d) {
        if (d != null) {
            d.tailCalling = true;
        }
    }

    /** Whether the frame returning now returns only to make a tail call (Lua 5.2 reports no return for it). */
    public final boolean leavingByTailCall() {
        return tailCalling;
    }

    /** Whether the Lua function entered last was entered by a tail call (Lua 5.2's {@code istailcall}). */
    public final boolean enteredByTailCall() {
        return enteredByTailCall;
    }

    /** Takes over {@code other}'s counts (the execution hook replacing a plain one by its call stack). */
    protected final void copyCounts(CallDepth other) {
        depth = other.depth;
        cCalls = other.cCalls;
        base = other.base;
        copyVarargs = other.copyVarargs;
    }
}
