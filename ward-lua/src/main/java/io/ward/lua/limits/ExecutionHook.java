package io.ward.lua.limits;

import org.luaj.vm2.Globals;
import io.ward.lua.LuaErrors;
import io.ward.lua.patch.CallDepth;
import io.ward.lua.patch.FrameVarargs;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.VarArgFunction;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Confined to the runtime's context like all LuaJ state, except {@link #interrupt} and
 * {@link #onLimit}, which are thread-safe. LuaJ's debug hooks, used for two things and read by
 * Ward's own {@code debug} library ({@code io.ward.lua.lib.WardDebugLib}: tracebacks, getinfo,
 * and with the full library Lua hooks and locals): Lua call stacks (tracebacks for errors,
 * positions for error levels), and counting instructions for the instruction limit and for
 * stopping Lua code from another thread ({@link #interrupt}).
 *
 * <p>How: LuaJ's {@code LuaClosure} calls {@code globals.debuglib.onCall/onInstruction/onReturn}
 * whenever {@code globals.debuglib} is set, and builds an error's traceback with
 * {@link #traceback(int)}. This subclass replaces every one of those methods (LuaJ's own call
 * stack is {@code synchronized} on every instruction; this one is a plain array), so
 * {@link DebugLib#call} is never run and LuaJ's own {@code debug} table never exists. Each Lua thread
 * (every task and every coroutine has its own {@link LuaThread}, switched by
 * {@code WardRuntime.enter}) keeps its own {@link LuaCallStack} in {@link LuaThread#callstack}.
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
 * <p>Frames: Lua functions, the Java functions that report themselves ({@code pcall}), and with
 * the full debug library every Java function a Lua call instruction calls ({@link #javaCalled});
 * each with how it was entered ({@link LuaCallStack#flags}: tail call, hook, Java).
 *
 * <p>Call depth: a Lua thread's call stack holds at most {@link #MAX_DEPTH} frames; the call
 * that would add one more raises {@code "chunk:line: stack overflow"}, which {@code pcall} catches. Every runtime, with
 * or without this hook, also counts Lua calls and entries from Java where Lua functions are
 * entered ({@link CallDepth}, Lua 5.2's {@code stack overflow} and {@code C stack overflow});
 * its counts live in this hook's call stacks ({@link CallDepth.Shared}). The Java stack must
 * hold that depth: the CLI's loop thread and the thread engine's fibers have 128 MB stacks;
 * where it does not, the JVM's {@link StackOverflowError} comes first and Ward turns it into
 * {@code "stack overflow"}.
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
 * <p>Counting only: a hook installed without frames ({@link #install(Globals, long, boolean)},
 * an embedder's instruction limit without {@code executionHook(true)}) skips everything above
 * but the counting, so that a limit costs little more than no hook: no call stacks, no wrapped
 * {@code pcall}; errors, error levels and {@code debug.traceback} are those of a runtime without
 * a hook (LuaJ's error handler appends no traceback: {@link #tracebacks()}).
 *
 * <p>Over 400 lines: the debug library's view of the call stack (frames, locals) and its Lua
 * hooks ({@code debug.sethook}) live here because they must run inside the same per-instruction
 * path as the counting, which is what guarantees a Lua hook can never switch the counting off.
 * Moving the Lua-hook state into a class of its own is a possible later split.
 */
public final class ExecutionHook extends DebugLib implements CallDepth.Shared {
    /** The error text of the instruction limit. */
    public static final String INSTRUCTION_LIMIT_MESSAGE = "instruction limit exceeded";

    /**
     * Nested calls (Lua functions, and the Java functions that report themselves, such as
     * {@code pcall}) one Lua thread may have on its call stack ({@code -Dward.lua.maxDepth},
     * default 110,000): the call that would make one more raises
     * {@value LuaErrors#STACK_OVERFLOW} at the caller's position, as Lua 5.2 does (see the class
     * comment). Checked only when the call stack's arrays are full, so the fast path pays nothing.
     */
    public static final int MAX_DEPTH = CallDepth.MAX_DEPTH;

    /** Instructions between two looks at the interrupt flag. */
    static final int CHECK_INTERVAL = 1 << 14;
    private final Globals lua;
    private final long limit;
    /**
     * Whether this hook keeps Lua call stacks (tracebacks, error levels, the debug library); a
     * hook without them only counts instructions ({@link #install(Globals, long, boolean)}).
     */
    private final boolean frames;

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
    private LuaCallStack current;
    private int pc = -1;
    /** Whether {@code debug.sethook} ever set a Lua hook here: compiled code's per-line checks are one load until then. */
    private boolean luaHooksUsed;
    /**
     * Whether a compiled function's entry has more to do than count: a frame to push
     * ({@link #enterCompiled}), or a debug library that may want the call interpreted
     * ({@link #interpretsLocals}, {@link #luaHookSet}). False for a hook that only counts, so that
     * its entry is one load of this field (docs/COMPILER.md, "Speed" 21).
     */
    private boolean compiledEntryWork;

    private ExecutionHook(Globals lua, long limit, boolean frames) {
        this.lua = lua;
        this.limit = limit;
        this.frames = frames;
    }

    /**
     * Installs a hook on {@code globals} (after its libraries are loaded, so that the global
     * {@code pcall} and {@code xpcall} can be wrapped) and returns it.
     *
     * @param instructionLimit instructions allowed in total, or {@code 0} for no limit
     */
    public static ExecutionHook install(Globals globals, long instructionLimit) {
        return install(globals, instructionLimit, true);
    }

    /**
     * {@link #install(Globals, long)}, or with {@code frames} false a hook that only counts
     * instructions (the limit and {@link #interrupt}): no Lua call stacks, so that counting is
     * all it costs; errors, error levels and {@code debug.traceback} are then as in a runtime
     * without a hook ({@link #keepsFrames}). Not with Ward's {@code debug} library, which reads
     * the call stacks.
     */
    public static ExecutionHook install(Globals globals, long instructionLimit, boolean frames) {
        if (instructionLimit < 0) {
            throw new IllegalArgumentException("instruction limit must be positive: " + instructionLimit);
        }
        ExecutionHook hook = new ExecutionHook(globals, instructionLimit == 0 ? Long.MAX_VALUE : instructionLimit,
                frames);
        globals.debuglib = hook;
        if (!frames) {
            return hook;
        }
        hook.compiledEntryWork = true;
        // Registers are kept per frame only for the full debug library's getlocal/setlocal: an
        // extra reference store on every call and return costs call-heavy code ~10%
        LuaValue debug = globals.rawget("debug");
        hook.keepRegisters = debug.istable() && !debug.rawget("getlocal").isnil();
        hook.luaHooksPossible = debug.istable() && !debug.rawget("sethook").isnil();
        for (String name : new String[] {"pcall", "xpcall"}) {
            LuaValue f = globals.rawget(name);
            if (f.isfunction()) {
                globals.rawset(name, new StackRestoring(hook, f));
            }
        }
        return hook;
    }

    /**
     * Whether this hook keeps Lua call stacks: errors get Lua tracebacks, {@code error(msg, level)}
     * takes positions from them, and the debug library reads them. False for a hook that only
     * counts ({@link #install(Globals, long, boolean)}).
     */
    public boolean keepsFrames() {
        return frames;
    }

    /** The execution hook of {@code globals} if it keeps call stacks ({@link #keepsFrames}), else null. */
    public static ExecutionHook withFrames(Globals globals) {
        return globals != null && globals.debuglib instanceof ExecutionHook h && h.frames ? h : null;
    }

    @Override
    public boolean tracebacks() {
        return frames;
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
     * or is inside a long Java call ({@code sleep_blocking}) notices only when it executes
     * instructions again; the string library's pattern functions look every 65,536 steps
     * ({@link #checkInterrupted}).
     */
    public void interrupt(LimitExceededError.Kind kind) {
        if (interrupt == null) {
            interrupt = kind;
        }
    }

    /**
     * For long Java calls that run no Lua instructions (a pattern search that backtracks for
     * minutes): raises the {@link LimitExceededError} of a pending {@link #interrupt} now, as
     * the next instruction would; does nothing otherwise. Context only.
     */
    public void checkInterrupted() {
        if (interrupt != null) {
            checkpoint();
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
        if (!frames) {
            return;
        }
        push(f);
        LuaHook h = current.hook;
        if (h != null && h.call) {
            callLuaHook("call", LuaValue.NIL);
        }
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        if (!frames) {
            return;
        }
        boolean tail = false;
        if (push(c)) {
            LuaCallStack s = current;
            int top = s.n - 1;
            if (s.enteredByTailCall()) {
                s.flags[top] |= LuaCallStack.TAIL;
                tail = true;
            }
            if (keepRegisters) {
                s.registers[top] = stack;
                s.varargs[top] = varargs;
            }
        }
        LuaHook h = current.hook;
        if (h != null && h.call) {
            callLuaHook(tail ? "tail call" : "call", LuaValue.NIL);
        }
    }

    /**
     * {@link #onCall(LuaClosure, Varargs, LuaValue[])} for compiled Lua code: the same frame in
     * fewer steps when there is nothing else to do (no Lua hook on this thread, no registers
     * kept, no frame of another kind pending, room in the arrays), which is the case on every
     * call of a compiled function in a runtime without the full debug library. The frames are
     * most of what the hook costs call-heavy compiled code (docs/COMPILER.md, "Speed" 5).
     * Nothing in a hook that only counts.
     */
    public void enterCompiled(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        if (frames) { // (the frame apart: a method this small is inlined at every compiled call)
            pushCompiled(c, varargs, stack);
        }
    }

    private void pushCompiled(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        if (lua.running != currentThread) {
            switchTo(lua.running);
        }
        LuaCallStack s = current;
        int n = s.n;
        if (s.hook != null || entering != 0 || keepRegisters || n == s.fn.length || s.errorFrames != null
                || s.owner != Thread.currentThread()) {
            onCall(c, varargs, stack);
            return;
        }
        if (n > 0) {
            s.pc[n - 1] = pc; // the caller's current instruction: the call
        }
        s.fn[n] = c;
        s.flags[n] = s.enteredByTailCall() ? LuaCallStack.TAIL : 0;
        s.n = n + 1;
        pc = -1;
    }

    /** {@link #onReturn} for a frame {@link #enterCompiled} made, in fewer steps under the same conditions. */
    public void leaveCompiled() {
        if (frames) {
            popCompiled();
        }
    }

    private void popCompiled() {
        if (lua.running != currentThread) {
            switchTo(lua.running);
        }
        LuaCallStack s = current;
        int n = s.n - 1;
        if (s.hook != null || keepRegisters || n < 0 || s.errorFrames != null || s.owner != Thread.currentThread()) {
            onReturn();
            return;
        }
        s.fn[n] = null;
        s.n = n;
        pc = n > 0 ? s.pc[n - 1] : -1;
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        if (!frames) {
            if (--budget < 0) {
                checkpoint();
            }
            return;
        }
        if (lua.running != currentThread) {
            switchTo(lua.running);
        }
        int previous = this.pc;
        this.pc = pc;
        if (--budget < 0) {
            checkpoint();
        }
        LuaHook h = current.hook;
        if (h != null) {
            luaHookInstruction(h, previous, pc);
        }
    }

    /**
     * Compiled Lua code ({@code io.ward.lua.compiler}): {@code count} instructions ran since its
     * last report, the last of them (or the one about to run) is {@code pc}. Reported at calls
     * and loop back-edges, so the limit and interrupts stop a compiled loop and a callee sees
     * its caller's line (a hook that only counts keeps no pc).
     */
    public void onInstructions(int pc, int count) {
        if (frames) {
            at(pc);
        }
        count(count);
    }

    /**
     * Compiled code: {@code count} instructions ran (reported at branches and returns, without a
     * pc). Small, to be inlined at every report.
     */
    public void count(int count) {
        int b = budget - count;
        budget = b;
        if (b < 0) {
            nextSlices(b);
        }
    }

    /** {@link #count} past the current slice ({@code b} below zero): as many new slices as it takes. */
    private void nextSlices(int b) {
        while (b < 0) {
            checkpoint(); // a new slice; the instructions past the old one are taken from it
            b = budget + b + 1;
            budget = b;
        }
    }

    /**
     * Compiled code: the running frame is at {@code pc}, about to run Lua code (a metamethod) or
     * raising an error there; nothing is counted.
     */
    public void at(int pc) {
        if (!frames) {
            return;
        }
        if (lua.running != currentThread) {
            switchTo(lua.running);
        }
        this.pc = pc;
    }

    /**
     * Compiled code at the first instruction of a source line or a jump target: runs the Lua
     * line and count hooks of {@code debug.sethook} when one was set while the compiled call was
     * already running (new calls then run interpreted); nothing otherwise.
     */
    public void luaHookAt(int pc) {
        if (!luaHooksUsed) {
            return; // the common case, one load: no debug.sethook in this runtime yet
        }
        if (lua.running != currentThread) {
            switchTo(lua.running);
        }
        LuaHook h = current.hook;
        if (h == null) {
            return;
        }
        int previous = this.pc;
        this.pc = pc;
        luaHookInstruction(h, previous, pc);
    }

    /** Compiled code, at a function's entry: {@link #compiledEntryWork the field}. */
    public boolean compiledEntryWork() {
        return compiledEntryWork;
    }

    /**
     * Whether compiled code that keeps registers in JVM locals must leave calls to the interpreter
     * here: frames keep their registers (the full debug library's getlocal/setlocal), Lua code can
     * set Lua hooks ({@code debug.sethook}, which such code does not look for at every line), or
     * one is set ({@link #luaHookSet}). Asked at a compiled call's entry when
     * {@link #compiledEntryWork}.
     */
    public boolean interpretsLocals() {
        return keepRegisters || luaHooksPossible || luaHookSet();
    }

    /**
     * Whether {@code debug.sethook} set a Lua hook on the running Lua thread: compiled code then
     * leaves new calls to the interpreter.
     */
    public boolean luaHookSet() {
        return luaHooksUsed && luaHookOnThisThread(); // (the common case one load)
    }

    private boolean luaHookOnThisThread() {
        if (lua.running != currentThread) {
            switchTo(lua.running);
        }
        return current.hook != null;
    }

    @Override
    public void onReturn() {
        if (!frames) {
            return;
        }
        if (lua.running != currentThread) {
            switchTo(lua.running);
        }
        LuaCallStack s = current;
        LuaHook h = s.hook;
        if (h != null && h.ret && !s.leavingByTailCall()) {
            callLuaHook("return", LuaValue.NIL);
        }
        if (s.n > 0 && s.owner == Thread.currentThread()) {
            if (s.errorFrames != null && s.fn[s.n - 1] instanceof CallDepth.OwnFrame) {
                s.errorFrames = null; // pcall caught it: the thread goes on
            }
            if (keepRegisters) {
                s.registers[s.n - 1] = null;
                s.varargs[s.n - 1] = null;
            }
            s.fn[--s.n] = null;
            pc = s.n > 0 ? s.pc[s.n - 1] : -1;
        }
    }

    // ------------------------------------------------------------------------------------------
    // For the debug library (io.ward.lua.lib.WardDebugLib)
    // ------------------------------------------------------------------------------------------

    /** One frame of a Lua thread's call stack, as {@code debug.getinfo} reports it. */
    public record Frame(LuaFunction function, int currentLine, String name, String namewhat, boolean tailCall) {
    }

    /**
     * Frame {@code level} of {@code thread}'s call stack (1: the innermost one recorded, that
     * is the Lua function that called the Java function asking), or {@code null} past the
     * bottom. Context only.
     */
    public Frame frame(LuaThread thread, int level) {
        LuaCallStack s = readable(thread);
        int i = s.level0() - level;
        if (level < 0 || i < 0 || i >= s.n) {
            return null;
        }
        String[] nw = s.nameWhat(i);
        return new Frame(s.fn[i], s.currentLine(i), nw == null ? null : nw[0], nw == null ? "" : nw[1],
                (s.flags[i] & LuaCallStack.TAIL) != 0);
    }

    /**
     * {@code debug.getlocal}: the name and value of local {@code n} of the Lua function at
     * {@code level} of {@code thread}, or {@code null} when there is none (or the frame is a Java
     * function), as Lua 5.2's {@code findlocal}: {@code n >= 1} is a named local active at the
     * frame's instruction, else a {@code (*temporary)} register below the slot of the function the
     * frame is calling; {@code n <= -1} is extra argument {@code -n} ({@code (*vararg)}). A
     * non-null {@code value} sets it ({@code debug.setlocal}).
     */
    public Varargs local(LuaThread thread, int level, int n, LuaValue value) {
        LuaCallStack s = stackOf(thread);
        int i = s.level0() - level;
        if (level < 1 || i < 0 || !(s.fn[i] instanceof LuaClosure) || s.registers[i] == null || n == 0) {
            return null;
        }
        if (n < 0) {
            Varargs extra = s.varargs[i];
            if (!(extra instanceof FrameVarargs) || -n > extra.narg()) {
                return null;
            }
            if (value != null) {
                ((FrameVarargs) extra).set(-n, value);
                return VARARG;
            }
            return LuaValue.varargsOf(VARARG, extra.arg(-n));
        }
        LuaValue[] regs = s.registers[i];
        org.luaj.vm2.Prototype p = ((LuaClosure) s.fn[i]).p;
        LuaValue name = p.getlocalname(n, Math.max(s.pc[i], 0));
        if (name == null) {
            if (n > s.registersInUse(i) || n > regs.length) {
                return null;
            }
            name = TEMPORARY;
        }
        if (value != null) {
            regs[n - 1] = value;
            return name;
        }
        return LuaValue.varargsOf(name, regs[n - 1] == null ? LuaValue.NIL : regs[n - 1]);
    }

    private static final LuaValue VARARG = LuaValue.valueOf("(*vararg)");
    /** Lua 5.2's name for a register that holds no named local. */
    public static final LuaValue TEMPORARY = LuaValue.valueOf("(*temporary)");

    /**
     * Whether Java functions called by Lua call instructions get frames ({@link #javaCalled}: with
     * the full debug library): compiled code then calls them rather than computing what they return.
     */
    public boolean recordsJavaCalls() {
        return keepRegisters;
    }

    @Override
    public boolean javaCalled(LuaValue f) {
        // only for the full debug library: hooks, levels and tracebacks then count Java functions
        if (!keepRegisters || !(f instanceof LuaFunction) || f instanceof CallDepth.OwnFrame) {
            return false;
        }
        entering = LuaCallStack.JAVA;
        if (!push((LuaFunction) f)) {
            entering = 0;
            return false;
        }
        LuaHook h = current.hook;
        if (h != null && h.call) {
            callLuaHook("call", LuaValue.NIL);
        }
        return true;
    }

    @Override
    public void javaReturned() {
        onReturn();
    }

    @Override
    public void javaThrew() {
        if (!frames) {
            return;
        }
        LuaCallStack s = frames();
        // the first Java frame the error leaves: outer ones (it unwinds through) would keep less
        if (s.owner == Thread.currentThread() && s.errorFrames == null) {
            s.errorFrames = s.copy();
        }
    }

    @Override
    public CallDepth newCallStack() {
        LuaCallStack s = new LuaCallStack();
        s.keepVarargs(keepRegisters);
        return s;
    }

    /** Whether {@code thread} has a frame at {@code level}. */
    public boolean hasLevel(LuaThread thread, int level) {
        return level >= 1 && level <= stackOf(thread).level0();
    }

    /** {@code {name, namewhat}} of the Java function at level 0 (the one asking), or null. */
    public String[] javaCalleeName(LuaThread thread) {
        LuaCallStack s = stackOf(thread);
        return s.nameWhat(s.level0());
    }

    /** {@code thread}'s traceback from {@code level} (1: the caller of the Java function asking). */
    public String traceback(LuaThread thread, int level) {
        return readable(thread).traceback(level);
    }

    /** Levels from 1 up recorded for {@code thread}. */
    public int depth(LuaThread thread) {
        return readable(thread).level0();
    }

    /**
     * The frames {@code getinfo} and {@code traceback} read: {@code thread}'s, or for a coroutine
     * dead of an error, those where the error was raised (Lua keeps them: {@link LuaCallStack#errorFrames}).
     */
    private LuaCallStack readable(LuaThread thread) {
        LuaCallStack s = stackOf(thread);
        return s.n == 0 && s.errorFrames != null ? s.errorFrames : s;
    }

    private LuaCallStack stackOf(LuaThread thread) {
        if (thread == null || thread == lua.running) {
            return frames();
        }
        if (thread == currentThread) {
            LuaCallStack s = current;
            if (s.n > 0) {
                s.pc[s.n - 1] = pc;
            }
            return s;
        }
        Object cs = thread.callstack;
        return cs instanceof LuaCallStack ? (LuaCallStack) cs : new LuaCallStack();
    }

    // Lua hooks set by debug.sethook: one per Lua thread, in its call stack (LuaHook). They run
    // inside this hook, so clearing them never stops the counting above: the instruction limit
    // and interrupts stay in force.
    /** Whether frames keep their registers ({@code debug.getlocal}); set once by {@link #install}. */
    private boolean keepRegisters;
    /** Whether this runtime's {@code debug} can set Lua hooks ({@code sethook}, the full library). */
    private boolean luaHooksPossible;
    /** {@link LuaCallStack#flags} for the frame pushed next. */
    private byte entering;

    /**
     * {@code debug.sethook([thread,] f, mask, count)} for {@code thread} (null: the running one);
     * a nil {@code f} (or an empty mask and no count) clears it.
     */
    public void setLuaHook(LuaThread thread, LuaValue f, String mask, int count) {
        LuaCallStack s;
        if (thread == null || thread == lua.running) {
            s = frames();
        } else if (thread.callstack instanceof LuaCallStack) {
            s = (LuaCallStack) thread.callstack;
        } else {
            // a coroutine that has not run yet: its call stack, claimed by the thread that runs it
            s = LuaCallStack.unclaimed(thread.callstack instanceof CallDepth ? (CallDepth) thread.callstack : null);
            s.keepVarargs(keepRegisters);
            thread.callstack = s;
        }
        s.hook = LuaHook.of(f, mask, count);
        luaHooksUsed = true;
        compiledEntryWork = true;
    }

    /** {@code debug.gethook([thread])}: the function, mask and count, or nothing. */
    public Varargs luaHook(LuaThread thread) {
        LuaHook h = stackOf(thread).hook;
        return h == null ? LuaValue.NONE : h.describe();
    }

    private void luaHookInstruction(LuaHook h, int previous, int now) {
        if (h.count > 0 && ++h.counted >= h.count) {
            h.counted = 0;
            callLuaHook("count", LuaValue.NIL);
        }
        if (h.line) {
            LuaCallStack s = current;
            if (s.n > 0 && s.fn[s.n - 1] instanceof LuaClosure) {
                org.luaj.vm2.Prototype p = ((LuaClosure) s.fn[s.n - 1]).p;
                int line = LuaCallStack.line(p, now);
                if (line > 0 && (previous < 0 || now <= previous || LuaCallStack.line(p, previous) != line)) {
                    callLuaHook("line", LuaValue.valueOf(line));
                }
            }
        }
    }

    /** Calls the running thread's hook with {@code event}, unless it is running already. */
    private void callLuaHook(String event, LuaValue arg) {
        LuaCallStack s = current;
        LuaHook h = s.hook;
        if (h == null || s.inHook) {
            return;
        }
        s.inHook = true;
        entering = LuaCallStack.HOOK;
        try {
            h.function.call(LuaValue.valueOf(event), arg);
        } finally {
            s.inHook = false;
            entering = 0;
        }
    }

    /** The running Lua thread's traceback from {@code level} (1: the innermost function) on. */
    @Override
    public String traceback(int level) {
        return frames().traceback(level);
    }

    /**
     * {@code chunk:line} of the Lua function {@code level} Lua functions up the running thread's
     * stack (1: the innermost), or {@code null} when a Java function ({@code pcall}) or the
     * bottom of the stack comes first. Context only; used for {@code error(msg, level)}.
     */
    public String position(int level) {
        return frames().position(level);
    }

    private boolean push(LuaFunction f) {
        if (lua.running != currentThread) {
            switchTo(lua.running);
        }
        LuaCallStack s = current;
        if (s.owner != Thread.currentThread()) {
            if (s.owner != null) {
                return false; // not this Lua thread's code (see LuaCallStack#owner)
            }
            s.owner = Thread.currentThread();
        }
        int n = s.n;
        if (n == s.fn.length) {
            growOrOverflow(s);
        }
        if (s.errorFrames != null) { // (a test first: a store on every call costs a GC barrier)
            s.errorFrames = null; // the thread goes on after an error that was caught
        }
        if (n > 0) {
            s.pc[n - 1] = pc; // the caller's current instruction: the call
        }
        s.fn[n] = f;
        s.flags[n] = entering;
        entering = 0;
        if (keepRegisters) {
            s.registers[n] = null;
            s.varargs[n] = null;
        }
        s.n = n + 1;
        pc = -1;
        return true;
    }

    /**
     * A full call stack: grows it, or raises {@value LuaErrors#STACK_OVERFLOW} at
     * {@link #MAX_DEPTH} (out of line, so that {@link #push} stays small enough to inline).
     */
    private static void growOrOverflow(LuaCallStack s) {
        if (s.n >= MAX_DEPTH) {
            throw new LuaError(LuaErrors.STACK_OVERFLOW);
        }
        s.grow();
    }

    /** Saves the current instruction of the thread that ran last and caches {@code t}'s stack. */
    private void switchTo(LuaThread t) {
        if (current != null && current.n > 0) {
            current.pc[current.n - 1] = pc;
        }
        Object cs = t.callstack;
        LuaCallStack s;
        if (cs instanceof LuaCallStack) {
            s = (LuaCallStack) cs;
        } else {
            s = new LuaCallStack(cs instanceof CallDepth ? (CallDepth) cs : null);
            s.keepVarargs(keepRegisters);
            t.callstack = s;
        }
        currentThread = t;
        current = s;
        pc = s.n > 0 ? s.pc[s.n - 1] : -1;
    }

    /** The running thread's call stack, its innermost frame's instruction up to date. */
    private LuaCallStack frames() {
        if (lua.running != currentThread) {
            switchTo(lua.running);
        }
        LuaCallStack s = current;
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
                    frames ? traceback(1) : null);
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
     * {@code pcall} or {@code xpcall} while a hook is installed: after the call, drops frames a
     * stack overflow left behind (see the class comment).
     */
    private static final class StackRestoring extends VarArgFunction implements CallDepth.OwnFrame {
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
            LuaCallStack s = hook.frames();
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
    private void truncate(LuaCallStack s, int depth) {
        if (s == current && s.n > 0) {
            s.pc[s.n - 1] = pc;
        }
        Arrays.fill(s.fn, depth, s.n, null);
        Arrays.fill(s.registers, depth, s.n, null);
        Arrays.fill(s.varargs, depth, s.n, null);
        s.n = depth;
        if (s == current) {
            pc = depth > 0 ? s.pc[depth - 1] : -1;
        }
    }
}
