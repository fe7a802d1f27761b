package io.ward.lua.limits;

import org.luaj.vm2.Globals;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.VarArgFunction;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * LuaJ's debug hooks, used for two things and never exposed to Lua (there is no {@code debug}
 * table): Lua tracebacks for errors, and counting instructions for the instruction limit and
 * for stopping Lua code from another thread ({@link #interrupt}).
 *
 * <p>How: LuaJ's {@code LuaClosure} calls {@code globals.debuglib.onCall/onInstruction/onReturn}
 * whenever {@code globals.debuglib} is set, and builds an error's traceback with
 * {@link #traceback(int)}. This subclass replaces every one of those methods (LuaJ's own call
 * stack is {@code synchronized} on every instruction; this one is a plain array), so
 * {@link DebugLib#call} is never run and the {@code debug} table never exists. Each Lua thread
 * (every task and every coroutine has its own {@link LuaThread}, switched by
 * {@code WardRuntime.enter}) keeps its own call stack in {@link LuaThread#callstack}.
 *
 * <p>Counting: one counter per runtime, so the limit covers the main chunk, every task and
 * every coroutine together. Instruction number {@code limit + 1} raises
 * {@link LimitExceededError} ({@value #INSTRUCTION_LIMIT_MESSAGE}), and so does every later
 * instruction of that runtime: the limit cannot be caught and retried. A {@link #interrupt}
 * from another thread is seen within {@value #CHECK_INTERVAL} instructions.
 *
 * <p>Error levels: {@code error(msg, level)} takes the position of a level from this call
 * stack ({@link #position}) while a hook is installed: see {@link io.ward.lua.ErrorLevels}.
 *
 * <p>Stack overflows: the JVM's {@link StackOverflowError} can strike again inside the
 * {@code finally} blocks that report returns, so a few returns may go unreported. Harmless for
 * a task or coroutine that dies of it; for one that catches it ({@code pcall}), {@code pcall}
 * and {@code xpcall} are wrapped to put the call stack back to its depth at the call.
 *
 * <p>Cost: every instruction, call and return of Lua code goes through the hook. Measured on
 * ward-bench's {@code LuaCpuBench} workloads, runtimes with and without the hook interleaved
 * in one JVM (2-core machine, JDK 17 thread engine and JDK 25 continuation engine): about
 * +20% for {@code fib(27)} (call-heavy), +7-13% for a numeric loop, +1-5% for string library
 * work; the instruction limit itself adds nothing measurable on top.
 *
 * <p>Threading: confined to the runtime's context like all LuaJ state, except
 * {@link #interrupt} and {@link #onLimit}, which are thread-safe.
 */
public final class ExecutionHook extends DebugLib {
    /** The error text of the instruction limit. */
    public static final String INSTRUCTION_LIMIT_MESSAGE = "instruction limit exceeded";

    /** Instructions between two looks at the interrupt flag. */
    static final int CHECK_INTERVAL = 1 << 14;
    /** Frames shown at the top and at the bottom of a long traceback (Lua 5.2's values). */
    private static final int LEVELS1 = 12;
    private static final int LEVELS2 = 10;

    private static final Field NAME = nameWhatField("name");

    private final Globals lua;
    private final long limit;

    // Counting. Instructions run in slices of at most CHECK_INTERVAL; the fast path only
    // decrements 'budget', and checkpoint() runs when it goes negative.
    /** Instructions of the slices before the current one. */
    private long used;
    /** Length of the current slice. */
    private int sliceLength;
    /** Instructions left in the current slice after the one executing. */
    private int budget;
    private volatile LimitExceededError.Kind interrupt;
    private volatile Consumer<LimitExceededError> onLimit;
    private boolean limitReported;

    // The call stack of the Lua thread that ran last, cached, and its innermost frame's current
    // instruction (kept here rather than in the array: one store per instruction).
    private LuaThread currentThread;
    private Frames current;
    private int pc = -1;

    private ExecutionHook(Globals lua, long limit) {
        this.lua = lua;
        this.limit = limit;
    }

    /**
     * Installs a hook on {@code globals} (after its libraries are loaded, so that the global
     * {@code pcall} and {@code xpcall} can be wrapped) and returns it.
     *
     * @param instructionLimit instructions allowed in total, or {@code 0} for no limit
     */
    public static ExecutionHook install(Globals globals, long instructionLimit) {
        if (instructionLimit < 0) {
            throw new IllegalArgumentException("instruction limit must be positive: " + instructionLimit);
        }
        ExecutionHook hook = new ExecutionHook(globals, instructionLimit == 0 ? Long.MAX_VALUE : instructionLimit);
        globals.debuglib = hook;
        for (String name : new String[] {"pcall", "xpcall"}) {
            LuaValue f = globals.rawget(name);
            if (f.isfunction()) {
                globals.rawset(name, new StackRestoring(hook, f));
            }
        }
        return hook;
    }

    /** The instruction limit, or {@code 0} for none. */
    public long instructionLimit() {
        return limit == Long.MAX_VALUE ? 0 : limit;
    }

    /** Instructions executed so far (context only; a rough figure from other threads). */
    public long instructionCount() {
        return sliceLength == 0 ? used : used + sliceLength - budget;
    }

    /**
     * Makes the runtime's Lua code raise {@link LimitExceededError} of {@code kind} from its
     * next instruction on, for good. Thread-safe; Lua code that is not running (suspended tasks)
     * or is inside a long Java call ({@code string.find}, {@code sleep_blocking}) notices only
     * when it executes instructions again.
     */
    public void interrupt(LimitExceededError.Kind kind) {
        if (interrupt == null) {
            interrupt = kind;
        }
    }

    /**
     * Sets who hears about the first {@link LimitExceededError} this hook raises, as it is
     * raised (on the runtime's context: keep it short). Useful because the error may end a task
     * that nobody waits for. Thread-safe.
     */
    public void onLimit(Consumer<LimitExceededError> listener) {
        this.onLimit = listener;
    }

    // ------------------------------------------------------------------------------------------
    // LuaJ's hooks
    // ------------------------------------------------------------------------------------------

    @Override
    public void onCall(LuaFunction f) {
        push(f);
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        push(c);
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        if (lua.running != currentThread) {
            switchTo(lua.running);
        }
        this.pc = pc;
        if (--budget < 0) {
            checkpoint();
        }
    }

    @Override
    public void onReturn() {
        if (lua.running != currentThread) {
            switchTo(lua.running);
        }
        Frames s = current;
        if (s.n > 0 && s.owner == Thread.currentThread()) {
            s.fn[--s.n] = null;
            pc = s.n > 0 ? s.pc[s.n - 1] : -1;
        }
    }

    /** The running Lua thread's traceback from {@code level} (1: the innermost function) on. */
    @Override
    public String traceback(int level) {
        return frames().traceback(level);
    }

    private void push(LuaFunction f) {
        if (lua.running != currentThread) {
            switchTo(lua.running);
        }
        Frames s = current;
        if (s.owner != Thread.currentThread()) {
            return; // not this Lua thread's code (see Frames#owner)
        }
        int n = s.n;
        if (n == s.fn.length) {
            s.grow();
        }
        if (n > 0) {
            s.pc[n - 1] = pc; // the caller's current instruction: the call
        }
        s.fn[n] = f;
        s.n = n + 1;
        pc = -1;
    }

    /** Saves the current instruction of the thread that ran last and caches {@code t}'s stack. */
    private void switchTo(LuaThread t) {
        if (current != null && current.n > 0) {
            current.pc[current.n - 1] = pc;
        }
        Object cs = t.callstack;
        Frames s;
        if (cs instanceof Frames) {
            s = (Frames) cs;
        } else {
            s = new Frames();
            t.callstack = s;
        }
        currentThread = t;
        current = s;
        pc = s.n > 0 ? s.pc[s.n - 1] : -1;
    }

    /** The running thread's call stack, its innermost frame's instruction up to date. */
    private Frames frames() {
        if (lua.running != currentThread) {
            switchTo(lua.running);
        }
        Frames s = current;
        if (s.n > 0) {
            s.pc[s.n - 1] = pc;
        }
        return s;
    }

    private void checkpoint() {
        used += sliceLength;
        // This instruction is number used + 1.
        LimitExceededError.Kind k = interrupt;
        if (k != null || used >= limit) {
            sliceLength = 0;
            budget = -1; // every later instruction fails too
            LimitExceededError e = new LimitExceededError(k != null ? k : LimitExceededError.Kind.INSTRUCTIONS,
                    traceback(1));
            Consumer<LimitExceededError> listener = onLimit;
            if (!limitReported && listener != null) {
                limitReported = true;
                listener.accept(e);
            }
            throw e;
        }
        sliceLength = (int) Math.min(CHECK_INTERVAL, limit - used);
        budget = sliceLength - 1;
    }

    /**
     * {@code chunk:line} of the Lua function {@code level} Lua functions up the running thread's
     * stack (1: the innermost), or {@code null} when a Java function ({@code pcall}) or the
     * bottom of the stack comes first. Context only.
     */
    public String position(int level) {
        Frames s = frames();
        int seen = 0;
        for (int i = s.n - 1; i >= 0; i--) {
            if (!(s.fn[i] instanceof LuaClosure)) {
                return null;
            }
            if (++seen == level) {
                Prototype p = ((LuaClosure) s.fn[i]).p;
                int line = line(p, s.pc[i]);
                return source(p) + ":" + (line > 0 ? String.valueOf(line) : "?");
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------
    // Call stacks and tracebacks
    // ------------------------------------------------------------------------------------------

    /**
     * One Lua thread's call stack: the functions and, for Lua ones, the current instruction
     * (for the innermost frame of the thread that runs, that is {@link ExecutionHook#pc}).
     */
    static final class Frames {
        /**
         * The Java thread that runs this Lua thread's code: the loop thread on the continuation
         * engine, the fiber's own thread on the thread engine. Calls and returns reported by any
         * other thread are not this Lua thread's: the thread engine unwinds an abandoned
         * coroutine on its own thread while {@code globals.running} still names another.
         */
        final Thread owner = Thread.currentThread();
        LuaFunction[] fn = new LuaFunction[16];
        int[] pc = new int[16];
        int n;

        void grow() {
            fn = Arrays.copyOf(fn, n * 2);
            pc = Arrays.copyOf(pc, n * 2);
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
            if (i == 0 || !(fn[i - 1] instanceof LuaClosure) || NAME == null) {
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
                return "for iterator";
            }
            if (op != Lua.OP_CALL && op != Lua.OP_TAILCALL) {
                return null; // a metamethod or a Java function calling back
            }
            try {
                Object nameWhat = DebugLib.getobjname(p, at, Lua.GETARG_A(instruction));
                return nameWhat == null ? null : (String) NAME.get(nameWhat);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    }

    static int line(Prototype p, int pc) {
        return p.lineinfo != null && pc >= 0 && pc < p.lineinfo.length ? p.lineinfo[pc] : -1;
    }

    /** A chunk name as Lua prints it: {@code @script.lua} and {@code =stdin} lose the prefix. */
    static String source(Prototype p) {
        String s = p.source != null ? p.source.tojstring() : "?";
        return !s.isEmpty() && (s.charAt(0) == '@' || s.charAt(0) == '=') ? s.substring(1) : s;
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

    /**
     * {@code pcall} or {@code xpcall} while a hook is installed: after the call, drops frames a
     * stack overflow left behind (see the class comment).
     */
    private static final class StackRestoring extends VarArgFunction {
        private final ExecutionHook hook;
        private final LuaValue wrapped;

        StackRestoring(ExecutionHook hook, LuaValue wrapped) {
            this.hook = hook;
            this.wrapped = wrapped;
            this.name = wrapped.tojstring().replace("function: ", "");
        }

        @Override
        public String tojstring() {
            return wrapped.tojstring();
        }

        @Override
        public Varargs invoke(Varargs args) {
            Frames s = hook.frames();
            int depth = s.n;
            try {
                return wrapped.invoke(args);
            } finally {
                if (s.n > depth) {
                    hook.truncate(s, depth);
                }
            }
        }
    }

    /** Drops the frames of {@code s} above {@code depth}. */
    private void truncate(Frames s, int depth) {
        if (s == current && s.n > 0) {
            s.pc[s.n - 1] = pc;
        }
        Arrays.fill(s.fn, depth, s.n, null);
        s.n = depth;
        if (s == current) {
            pc = depth > 0 ? s.pc[depth - 1] : -1;
        }
    }
}
