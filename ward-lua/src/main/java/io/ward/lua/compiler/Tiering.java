package io.ward.lua.compiler;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;

import io.ward.lua.patch.CompiledSlot;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe: {@link #body} runs on any Lua thread, compiles on one background daemon thread.
 * Decides when a Lua function runs compiled (docs/COMPILER.md): {@code LuaClosure.execute}
 * (patched, {@code LuajPatcherCompiler}) asks {@link #body} at every call of a Lua function; the
 * answer is the prototype's published {@link CompiledFunction}, or null for the interpreter.
 *
 * <p>In {@link LuaCompilerMode#TIERED} a prototype called {@value #DEFAULT_CALLS} times
 * ({@code -Dward.lua.compile.calls}), or whose loops ({@code for}, and {@code while},
 * {@code repeat} and {@code goto} loops: backward jumps) ran {@value #DEFAULT_LOOPS}
 * iterations in the interpreter ({@code -Dward.lua.compile.loops}), is queued for the compiler thread, which never blocks the
 * caller (a full queue just means the prototype is counted again); the compiled body is
 * published with a volatile write to {@code Prototype.wardCompiled} and used from the next
 * call, and by a call the interpreter is running from its next loop instruction
 * ({@link #loopEntry}). A prototype the compiler refuses or fails on stays interpreted for good, and so does
 * one whose compiled method the JIT would never compile ({@link FunctionCompiler#JIT_METHOD_LIMIT}).
 * {@link LuaCompilerMode#ALWAYS} compiles at the first call, on the calling thread, whatever fits.
 */
public final class Tiering {
    /** Calls after which a function is compiled in the tiered mode. */
    public static final int DEFAULT_CALLS = 1000;
    /** Loop iterations ({@code for} loops, backward jumps) after which a function is compiled in the tiered mode. */
    public static final int DEFAULT_LOOPS = 10_000;
    private static final int CALLS = Math.max(1, Integer.getInteger("ward.lua.compile.calls", DEFAULT_CALLS));
    private static final int LOOPS = Math.max(1, Integer.getInteger("ward.lua.compile.loops", DEFAULT_LOOPS));
    /** Heat of one call; one loop iteration is 1, and {@link #HOT} makes a function hot. */
    private static final int CALL_HEAT = Math.max(1, LOOPS / CALLS);
    private static final int HOT = CALL_HEAT * CALLS;
    private static final boolean VERBOSE = Boolean.getBoolean("ward.lua.compile.verbose");
    /** {@code Prototype.wardCompiled} of a prototype waiting for the compiler thread. */
    private static final Object QUEUED = new Object();
    /** {@code Prototype.wardCompiled} of a prototype that stays interpreted. */
    private static final Object INTERPRETED = new Object();
    private static final LuaCompilerMode DEFAULT = LuaCompilerMode.fromSystemProperty();
    private static final Map<Globals, LuaCompilerMode> MODES = Collections.synchronizedMap(new WeakHashMap<>());
    private static volatile boolean anyRuntimeMode;
    private static final BlockingQueue<Prototype> QUEUE = new ArrayBlockingQueue<>(1024);
    private static final AtomicLong COMPILED = new AtomicLong();
    private static final AtomicLong REFUSED = new AtomicLong();
    private static final AtomicLong LOOP_ENTRIES = new AtomicLong();
    private static final AtomicLong FAILED = new AtomicLong();
    // Prototype's fields added by the patcher (javac does not see them): wardCompiled, wardHeat

    /** 0: the compiler thread is not started yet, 1: running, -1: it could not start (nothing is queued). */
    private static volatile int compilerThread;

    private Tiering() {
    }

    /** The mode of runtimes that set none ({@code -Dward.lua.compile}, default tiered). */
    public static LuaCompilerMode defaultMode() {
        return DEFAULT;
    }

    /** Functions of {@code globals} (one runtime) are compiled in {@code mode}. */
    public static void setMode(Globals globals, LuaCompilerMode mode) {
        if (mode != DEFAULT) {
            MODES.put(globals, mode);
            anyRuntimeMode = true;
        }
    }

    /**
     * Prototypes compiled, prototypes refused (they stay interpreted), calls compiled code took
     * over from the interpreter at a loop ({@link #loopEntry}), and prototypes the compiler failed
     * on (a bug: they stay interpreted too, and tests check there are none), since the JVM started.
     */
    public static long[] counts() {
        return new long[] {COMPILED.get(), REFUSED.get(), LOOP_ENTRIES.get(), FAILED.get()};
    }

    /**
     * The compiled body to run for this call of {@code closure} (whose {@code Globals} is
     * {@code globals}, maybe null), or null for the interpreter; counts the call.
     */
    public static CompiledFunction body(LuaClosure closure, Globals globals) {
        Prototype p = closure.p;
        Object c = slot(p).wardCompiledBody();
        if (c instanceof CompiledFunction) {
            return (CompiledFunction) c;
        }
        if (c != null) {
            return null; // queued, or stays interpreted
        }
        LuaCompilerMode mode = anyRuntimeMode && globals != null ? MODES.getOrDefault(globals, DEFAULT) : DEFAULT;
        switch (mode) {
            case OFF:
                slot(p).wardCompiledBody(INTERPRETED); // this runtime's: never asked again
                return null;
            case ALWAYS:
                synchronized (p) {
                    if (slot(p).wardCompiledBody() == null) {
                        slot(p).wardCompiledBody(compile(p, Integer.MAX_VALUE));
                    }
                }
                c = slot(p).wardCompiledBody();
                return c instanceof CompiledFunction ? (CompiledFunction) c : null;
            default:
                heat(p, CALL_HEAT, globals);
                return null;
        }
    }

    /** The interpreter's OP_FORLOOP: {@code step.gt_b(zero)}, counting the iteration. */
    public static boolean forLoop(LuaValue step, int zero, LuaClosure closure, Globals globals) {
        heat(closure.p, 1, globals);
        return step.gt_b(zero);
    }

    /** The interpreter's OP_TFORLOOP: {@code v.isnil()}, counting the iteration. */
    public static boolean genericLoop(LuaValue v, LuaClosure closure, Globals globals) {
        heat(closure.p, 1, globals);
        return v.isnil();
    }

    /**
     * The interpreter at a loop instruction ({@code OP_FORLOOP}, {@code OP_TFORLOOP}, about to run
     * the one at {@code pc}): when {@code closure}'s prototype has been compiled since the call
     * began, the compiled body takes the call over from there ({@link CompiledFunction#resume})
     * and its end is thrown as a {@link LoopExit}; else returns and the interpreter goes on. So a
     * loop that runs long in a call made once (a main chunk's) gets compiled code too.
     */
    public static void loopEntry(LuaClosure closure, Globals globals, LuaValue[] stack, Varargs varargs,
            UpValue[] openups, int pc) {
        Object c = slot(closure.p).wardCompiledBody();
        if (!(c instanceof CompiledFunction) || CompiledSupport.interpretInsteadOfLocals(globals)) {
            return; // not compiled, or a debug library that keeps calls interpreted: the loop stays here
        }
        LOOP_ENTRIES.incrementAndGet(); // counted while the compiled code runs; taken back if it declines
        Varargs results;
        try {
            results = ((CompiledFunction) c).resume(closure, stack, varargs, openups, pc);
        } catch (Throwable t) { // the compiled frame has run its error hooks: the interpreter's must not
            throw LoopExit.threw(t);
        }
        if (results == CompiledFunction.DECLINED) {
            LOOP_ENTRIES.decrementAndGet();
            return;
        }
        throw LoopExit.returned(results);
    }

    /**
     * The interpreter at an {@code OP_JMP} (about to run the one at {@code pc}): a backward jump
     * closes a {@code while}, {@code repeat} or {@code goto} loop, so it counts as a loop iteration,
     * as {@link #forLoop} does, and may hand the call to compiled code ({@link #loopEntry}).
     */
    public static void jumpEntry(LuaClosure closure, Globals globals, LuaValue[] stack, Varargs varargs,
            UpValue[] openups, int pc) {
        Prototype p = closure.p;
        if (!isLoopInstruction(p.code[pc])) {
            return; // a forward jump (an if, a break): no loop
        }
        heat(p, 1, globals);
        loopEntry(closure, globals, stack, varargs, openups, pc);
    }

    /**
     * Whether {@code instruction} ends a loop's iteration, where the interpreter may hand a call
     * to compiled code: {@code FORLOOP}, {@code TFORLOOP}, a backward {@code JMP}. The patcher
     * puts the entries at those cases ({@code LuajPatcherCompiler.loopEntries}); the compiler
     * makes its entry points there ({@code FunctionCompiler}).
     */
    static boolean isLoopInstruction(int instruction) {
        int op = org.luaj.vm2.Lua.GET_OPCODE(instruction);
        return op == org.luaj.vm2.Lua.OP_FORLOOP || op == org.luaj.vm2.Lua.OP_TFORLOOP
                || op == org.luaj.vm2.Lua.OP_JMP && org.luaj.vm2.Lua.GETARG_sBx(instruction) < 0;
    }

    private static void heat(Prototype p, int add, Globals globals) {
        int heat = slot(p).wardHeat() + add; // a racy count is fine: it only decides when
        if (heat < HOT) {
            slot(p).wardHeat(heat);
            return;
        }
        slot(p).wardHeat(0);
        if (slot(p).wardCompiledBody() != null) {
            return; // compiled, queued or refused already: this is the interpreter finishing a call
        }
        LuaCompilerMode mode = anyRuntimeMode && globals != null ? MODES.getOrDefault(globals, DEFAULT) : DEFAULT;
        if (mode != LuaCompilerMode.TIERED) {
            return;
        }
        if (compilerThread <= 0 && !startCompilerThread()) {
            slot(p).wardCompiledBody(INTERPRETED); // no thread to compile on: the interpreter, as with off
            return;
        }
        slot(p).wardCompiledBody(QUEUED);
        if (!QUEUE.offer(p)) {
            slot(p).wardCompiledBody(null); // the compiler is busy: count again
        }
    }

    /** Starts the compiler thread once; false when the JVM cannot make a thread (then never again). */
    private static synchronized boolean startCompilerThread() {
        if (compilerThread == 0) {
            try {
                Thread t = new Thread(Tiering::compileLoop, "ward-lua-compiler");
                t.setDaemon(true);
                t.setPriority(Thread.NORM_PRIORITY - 1);
                t.start();
                compilerThread = 1;
            } catch (OutOfMemoryError | RuntimeException e) { // "unable to create native thread"
                compilerThread = -1;
            }
        }
        return compilerThread > 0;
    }

    private static void compileLoop() {
        while (true) {
            Prototype p;
            try {
                p = QUEUE.take();
            } catch (InterruptedException e) {
                return; // a daemon: only when the JVM goes
            }
            slot(p).wardCompiledBody(compile(p, FunctionCompiler.JIT_METHOD_LIMIT));
        }
    }

    /** {@code p}'s compiled body, or {@link #INTERPRETED}. */
    private static Object compile(Prototype p, int maxRunBytes) {
        CompiledFunction f = tryCompile(p, maxRunBytes);
        return f == null ? INTERPRETED : f;
    }

    /**
     * {@code p}'s compiled body, or null when it stays interpreted: when its code would not fit one
     * JVM method, or (tiered) {@code maxRunBytes}, the size the JIT still compiles; the always mode,
     * a switch for tests, compiles whatever fits a JVM method.
     */
    static CompiledFunction tryCompile(Prototype p, int maxRunBytes) {
        if (Nestmates.LOOKUP == null) {
            return null;
        }
        try {
            byte[] bytes = FunctionCompiler.generate(p, "org/luaj/vm2/LuaClosure$WardCompiled", maxRunBytes);
            MethodHandles.Lookup hidden = Nestmates.LOOKUP.defineHiddenClass(bytes, false, MethodHandles.Lookup.ClassOption.NESTMATE);
            CompiledFunction f = (CompiledFunction) hidden.findConstructor(hidden.lookupClass(),
                    MethodType.methodType(void.class)).invoke();
            COMPILED.incrementAndGet();
            return f;
        } catch (FunctionCompiler.Unsupported e) {
            REFUSED.incrementAndGet();
            if (VERBOSE) {
                System.err.println("[ward] stays interpreted: " + p + ": " + e.getMessage());
            }
            return null;
        } catch (Throwable e) { // a compiler bug must never break the script: it runs interpreted
            REFUSED.incrementAndGet();
            FAILED.incrementAndGet();
            if (VERBOSE) {
                System.err.println("[ward] Lua compiler failed on " + p + ": " + e);
            }
            return null;
        }
    }

    /**
     * Compiles {@code p} on the calling thread and publishes the body, as the compiler thread
     * would (its calls from the next one on, its running calls at their next loop instruction);
     * false when it stays interpreted. For tests that need a function compiled at a chosen point.
     */
    static boolean compileNow(Prototype p) {
        CompiledFunction f = tryCompile(p, Integer.MAX_VALUE);
        slot(p).wardCompiledBody(f == null ? INTERPRETED : f);
        return f != null;
    }

    /** The compiler's fields of {@code p} (patched: {@code LuajPatcherCompiler}). */
    private static CompiledSlot slot(Prototype p) {
        return (CompiledSlot) (Object) p;
    }

    /** The lookup hidden classes are defined with, made only when the first function is compiled. */
    private static final class Nestmates {
        static final MethodHandles.Lookup LOOKUP = lookup();
    }

    private static MethodHandles.Lookup lookup() {
        try {
            return MethodHandles.privateLookupIn(LuaClosure.class, MethodHandles.lookup());
        } catch (IllegalAccessException | RuntimeException e) {
            return null; // LuaJ in another module or loader: everything stays interpreted
        }
    }
}
