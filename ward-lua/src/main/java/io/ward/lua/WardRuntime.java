package io.ward.lua;

import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.ward.core.Awaitable;
import io.ward.core.Scheduler;
import io.ward.core.Task;
import io.ward.core.fiber.FiberEngines;
import io.ward.core.shared.SharedDictionary;
import io.ward.lua.lib.StandardLibraries;
import io.ward.lua.lib.StringMetatable;
import io.ward.lua.limits.ExecutionHook;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One Lua state (LuaJ {@code Globals}) on one Netty event loop; Lua code runs as Ward tasks.
 *
 * <p>Threading: {@link #eval}, {@link #runFile}, {@link #spawnMain} and {@link #close} are
 * thread-safe and return futures completed on the loop; everything else (Lua values,
 * {@link #globals()}, {@link #await}) is confined to the runtime's context.
 */
public final class WardRuntime implements AutoCloseable {
    private static final ThreadLocal<WardRuntime> CURRENT = new ThreadLocal<>();

    private final EventLoop loop;
    private final boolean ownsLoop;
    private final Scheduler scheduler;
    private final Globals globals;
    private final LuaTable stringTable;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final StandardInput stdin;
    private final ScriptEnvironment environment = new ScriptEnvironment();
    /** Whether stdout/stderr are the JVM's own standard streams ({@link WardRuntimeBuilder#inheritStdio}). */
    private final boolean inheritStdio;
    /** Run by {@link #close()}, on the closing thread. */
    private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();
    /** The status a script asked to end with ({@code process.exit}); -1: none. */
    private volatile int exitStatus = -1;
    /** Debug hooks for tracebacks and limits ({@link WardRuntimeBuilder#instructionLimit}); may be null. */
    private final ExecutionHook hook;
    /** Threads for blocking work ({@link WardRuntimeBuilder#blockingThreads}), made on first use. */
    private final BlockingPool blockingPool;
    /** Limit on each {@link #call}; zero: none. */
    private final long callTimeoutNanos;
    private volatile boolean closed;
    /** Shutdown requests and callbacks ({@code ward.lifecycle}). */
    private final Shutdown shutdown;
    /** Whether modules may install OS signal handlers ({@link WardRuntimeBuilder#osSignals}). */
    private final boolean osSignals;
    /** What {@code ward.shared} works on; shared with the other runtimes of a group. */
    private final SharedDictionary shared;

    WardRuntime(WardRuntimeBuilder b) {
        io.ward.lua.patch.LuajPatchCheck.verify(); // first: an unpatched LuaJ would print numbers wrongly
        List<WardModule> modules = b.enabledModules(); // first: it may refuse the settings
        this.ownsLoop = b.loop == null;
        // An I/O-capable loop (NIO selector), so ward.net and ward.ipc open their channels on it.
        this.loop = b.loop != null ? b.loop : new SingleThreadIoEventLoop(null,
                new DefaultThreadFactory("ward-loop"), NioIoHandler.newFactory());
        this.scheduler = new Scheduler(loop, b.engine != null ? b.engine : FiberEngines.defaultEngine());
        this.stdout = b.stdout;
        this.stderr = b.stderr;
        this.stdin = b.stdin == null ? StandardInput.empty() : StandardInput.of(b.stdin);
        this.inheritStdio = b.inheritStdio;
        this.blockingPool = new BlockingPool(b.blockingThreads);
        this.shutdown = new Shutdown(loop);
        this.osSignals = b.osSignals;
        this.shared = b.shared != null ? b.shared : new SharedDictionary();
        this.globals = StandardLibraries.create(this, b.stdout, b.stderr);
        this.stringTable = (LuaTable) globals.get("string"); // string methods keep it even if the global goes
        for (String lib : b.added) {
            if (StandardLibraries.ADDABLE.contains(lib)) {
                StandardLibraries.add(globals, lib);
            }
        }
        for (String lib : b.removed) {
            if (!lib.startsWith("ward.")) {
                StandardLibraries.remove(globals, lib);
            }
        }
        if (b.classpathPrefix != null) {
            StandardLibraries.searchClasspath(globals, b.classLoader, b.classpathPrefix);
        }
        if (!b.modulePath.isEmpty()) {
            StandardLibraries.setPath(globals, b.modulePath);
        }
        if (b.luaCompiler != null) {
            io.ward.lua.compiler.Tiering.setMode(globals, b.luaCompiler);
        }
        // After the libraries: the hook wraps pcall and xpcall (see ExecutionHook).
        boolean frames = b.executionHook || b.added.contains("debug");
        this.hook = frames || b.instructionLimit > 0 ? ExecutionHook.install(globals, b.instructionLimit, frames) : null;
        StringMetatable.install();
        RuntimeModules.preload(this, modules, b.hostModules);
        for (Map.Entry<String, HostFunction> f : b.functions.entrySet()) {
            globals.set(f.getKey(), HostFunctions.wrap(this, f.getKey(), f.getValue()));
        }
        this.callTimeoutNanos = b.callTimeout.toNanos();
        scheduler.onUnobservedFailure(this::reportUnobserved);
    }

    public static WardRuntimeBuilder builder() {
        return new WardRuntimeBuilder();
    }

    public EventLoop loop() {
        return loop;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /**
     * The debug hook (tracebacks, instruction limit, interrupts), or {@code null} when the
     * runtime was built without one ({@link WardRuntimeBuilder#instructionLimit}, {@link WardRuntimeBuilder#executionHook}).
     */
    public ExecutionHook executionHook() {
        return hook;
    }

    /**
     * Threads for blocking work (file or process I/O, blocking Java calls), so that it never
     * runs on the loop: submit there and await the result as a future. Daemon threads, started
     * on demand up to {@link WardRuntimeBuilder#blockingThreads} and ended after a minute idle; shut down
     * by {@link #close()}. Thread-safe.
     *
     * @throws IllegalStateException when the runtime was built with {@code blockingThreads(0)}
     */
    public ExecutorService blockingPool() {
        return blockingPool.get();
    }

    /**
     * The script's shutdown requests ({@code lifecycle.request}, signals) and its shutdown
     * callbacks, for whoever runs the script. Thread-safe (see {@link Shutdown}).
     */
    public Shutdown shutdown() {
        return shutdown;
    }

    /**
     * Whether {@code ward.lifecycle} may take the process's signals (SIGINT, SIGTERM, SIGHUP,
     * ...) from the JVM ({@link WardRuntimeBuilder#osSignals}); off for embedders by default.
     */
    public boolean handlesOsSignals() {
        return osSignals;
    }

    /**
     * The dictionary of {@code ward.shared}: the group's when the runtime belongs to a
     * {@link WardRuntimeGroup}, else its own. Thread-safe.
     */
    public SharedDictionary sharedDictionary() {
        return shared;
    }

    /** The stream Lua's {@code print} writes to. */
    public PrintStream stdout() {
        return stdout;
    }

    /** The stream Ward's own messages (unobserved task errors) go to. */
    public PrintStream stderr() {
        return stderr;
    }

    /** What scripts read as standard input ({@link WardRuntimeBuilder#stdin}); empty by default. Thread-safe. */
    public StandardInput stdin() {
        return stdin;
    }

    /**
     * The environment this runtime's scripts and child processes see: the process-wide base
     * with this runtime's {@code ward.env} overrides. Thread-safe.
     */
    public ScriptEnvironment environment() {
        return environment;
    }

    /** Whether {@link #stdout()} and {@link #stderr()} are the JVM's own standard streams. */
    public boolean inheritsStdio() {
        return inheritStdio;
    }

    /**
     * Context only, inside a task: the running task's value for {@code key}, inherited from
     * the task that spawned it; {@code null} when unset.
     */
    public Object taskLocal(Object key) {
        Object locals = scheduler.taskLocal();
        return locals == null ? null : ((TaskLocals) locals).get(key);
    }

    /** Context only, inside a task: sets {@code key} for the running task and tasks it spawns from now on. */
    public void setTaskLocal(Object key, Object value) {
        Object locals = scheduler.taskLocal();
        scheduler.setTaskLocal((locals == null ? TaskLocals.EMPTY : (TaskLocals) locals).with(key, value));
    }

    /** Runs {@code hook} when the runtime closes (on the closing thread; must be thread-safe). */
    public void onClose(Runnable hook) {
        closeHooks.add(hook);
    }

    /**
     * Records that the script asked to end with {@code status} ({@code process.exit}); the
     * latest request wins. Thread-safe.
     */
    public void requestExit(int status) {
        exitStatus = Math.max(0, status);
    }

    /** The status a script asked to end with, if it did ({@link #requestExit}). Thread-safe. */
    public java.util.OptionalInt exitStatus() {
        int s = exitStatus;
        return s < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(s);
    }

    /** The Lua globals. Context only. */
    public Globals globals() {
        return globals;
    }

    /** The runtime whose Lua code the calling thread runs, or {@code null}. */
    public static WardRuntime current() {
        return CURRENT.get();
    }

    /** This runtime's {@code string} table (the per-runtime target of string methods). */
    public LuaTable stringTable() {
        return stringTable;
    }

    /**
     * Context only: marks {@code running} as the Lua thread (task or coroutine) whose code
     * runs now on the calling thread. Called wherever Lua code continues after a suspension.
     */
    public void enter(LuaThread running) {
        globals.running = running;
        CURRENT.set(this);
    }

    /**
     * Context only, inside a task: waits for {@code a} and restores this task's Lua state
     * afterwards (other tasks, or other runtimes sharing the loop, ran meanwhile).
     */
    public <T> T await(Awaitable<T> a) {
        LuaThread me = globals.running;
        try {
            return scheduler.await(a);
        } finally {
            enter(me);
        }
    }

    /**
     * Compiles a chunk of Lua text. Context only; raises LuaError on syntax errors. The chunk
     * name is taken as Lua's C API takes it: {@code @file.lua} prints as {@code file.lua},
     * {@code =name} as {@code name}, any other name as {@code [string "name"]}.
     */
    public LuaValue load(String code, String chunkName) {
        return globals.load(new StringReader(code), chunkName);
    }

    /** Compiles a chunk from a reader. Context only. */
    public LuaValue load(Reader code, String chunkName) {
        return globals.load(code, chunkName);
    }

    /**
     * Runs {@code chunk} with {@code args} as a new task (the "main chunk": top-level awaits
     * work). Thread-safe.
     */
    public Task<Varargs> spawnMain(LuaValue chunk, Varargs args) {
        return spawnLua(chunk, args);
    }

    /** Spawns a task that calls {@code fn(args)} with its own Lua thread state. */
    public Task<Varargs> spawnLua(LuaValue fn, Varargs args) {
        // Copied now: LuaJ passes call arguments as a view of the caller's registers, which the
        // caller reuses before this (lazily started) task reads them.
        Varargs own = LuaValue.varargsOf(copyOf(args));
        Object inherited = scheduler.inTask() ? scheduler.taskLocal() : null;
        return scheduler.spawn(() -> {
            if (inherited != null) {
                scheduler.setTaskLocal(inherited);
            }
            enter(new LuaThread(globals));
            try {
                return fn.invoke(own);
            } catch (ScriptExit exit) {
                throw exit.asTaskFailure(); // ends this task only; a waiter gets a Lua error
            }
        });
    }

    private static LuaValue[] copyOf(Varargs args) {
        LuaValue[] a = new LuaValue[args.narg()];
        for (int i = 0; i < a.length; i++) {
            a[i] = args.arg(i + 1);
        }
        return a;
    }

    /**
     * Calls the Lua function {@code fn} (a function value, or the name of a global) with
     * {@code args} converted by {@link LuaValues#toLua(Object)}, as a new task. Thread-safe:
     * the future completes on the runtime's loop with the function's results, or fails with
     * its Lua error, or with {@link CallTimeoutException} past the call timeout.
     */
    public Future<Varargs> call(Object fn, Object... args) {
        Promise<Varargs> p = loop.newPromise();
        submit(p, () -> {
            LuaValue f = fn instanceof LuaValue ? (LuaValue) fn : globals.get(String.valueOf(fn));
            if (!HostFunctions.callable(f)) {
                p.tryFailure(new LuaError("attempt to call " + (fn instanceof LuaValue ? "a " + f.typename() + " value"
                        : "global '" + fn + "' (a " + f.typename() + " value)")));
                return;
            }
            Task<Varargs> task = spawnLua(f, LuaValues.toLuaVarargs(args));
            chainTo(task, p);
            if (callTimeoutNanos > 0) {
                io.netty.util.concurrent.ScheduledFuture<?> timer = loop.schedule(() -> {
                    if (p.tryFailure(new CallTimeoutException("call timed out after "
                            + java.time.Duration.ofNanos(callTimeoutNanos).toMillis() + " ms"))) {
                        task.cancel();
                    }
                }, callTimeoutNanos, TimeUnit.NANOSECONDS);
                p.addListener(done -> timer.cancel(false));
            }
        });
        return p;
    }

    /** Runs {@code work} on the loop unless the runtime is closed; fails {@code p} otherwise. */
    private void submit(Promise<Varargs> p, Runnable work) {
        if (closed) {
            p.tryFailure(new IllegalStateException("the Ward runtime is closed"));
            return;
        }
        try {
            loop.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    p.tryFailure(e instanceof RejectedExecutionException
                            ? new IllegalStateException("the Ward runtime is closed") : LuaErrors.toLuaError(e));
                }
            });
        } catch (RejectedExecutionException e) {
            p.tryFailure(new IllegalStateException("the Ward runtime is closed"));
        }
    }

    /** Compiles and runs {@code code} as a task. Thread-safe; the future has the chunk's results. */
    public Future<Varargs> eval(String code, String chunkName) {
        Promise<Varargs> p = loop.newPromise();
        submit(p, () -> chainTo(spawnMain(load(code, chunkName), LuaValue.NONE), p));
        return p;
    }

    /** Reads, compiles and runs a Lua file as a task. Thread-safe. */
    public Future<Varargs> runFile(Path file) {
        Promise<Varargs> p = loop.newPromise();
        submit(p, () -> {
            String code;
            try (InputStream in = Files.newInputStream(file)) {
                code = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                p.tryFailure(new LuaError("cannot open " + file + ": " + e.getMessage()));
                return;
            }
            // "@name": LuaJ then reports syntax and runtime errors as name:line:
            chainTo(spawnMain(load(code, "@" + file.getFileName()), LuaValue.NONE), p);
        });
        return p;
    }

    private static void chainTo(Task<Varargs> task, Promise<Varargs> p) {
        task.toFuture().addListener(f -> {
            if (f.isSuccess()) {
                p.trySuccess((Varargs) f.getNow());
            } else {
                p.tryFailure(LuaErrors.toLuaError(f.cause()));
            }
        });
    }

    private void reportUnobserved(Throwable failure) {
        if (ScriptExit.find(failure) != null) {
            return; // process.exit in a task: a request to end, not an error
        }
        StringBuilder sb = new StringBuilder("ward: error in a task that nobody waited for: ");
        sb.append(LuaErrors.value(failure).tojstring());
        String tb = LuaErrors.traceback(failure);
        if (tb != null) {
            sb.append('\n').append(tb);
        }
        stderr.println(sb);
        stderr.flush();
    }

    /** Cancels every task and timer; shuts the loop down if the runtime made it. Idempotent. */
    @Override
    public void close() {
        boolean first = !closed;
        closed = true;
        if (first) {
            for (Runnable hook : closeHooks) {
                hook.run();
            }
        }
        scheduler.close();
        blockingPool.shutdown();
        if (ownsLoop) {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }
}
