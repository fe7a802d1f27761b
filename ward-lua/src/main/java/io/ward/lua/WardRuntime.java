package io.ward.lua;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.ward.core.Awaitable;
import io.ward.core.Scheduler;
import io.ward.core.Task;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.fiber.FiberEngines;
import io.ward.lua.async.AsyncModule;
import io.ward.lua.lib.ProtectedCallLib;
import io.ward.lua.lib.Sandbox;
import io.ward.lua.lib.StringMetatable;
import io.ward.lua.lib.Utf8Lib;
import io.ward.lua.lib.WardCoroutineLib;
import io.ward.lua.limits.ExecutionHook;
import io.ward.lua.process.ProcessExit;
import io.ward.lua.process.ProcessModule;
import io.ward.lua.time.TimeModule;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

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
    /** Whether stdout/stderr are the JVM's own standard streams ({@link Builder#inheritStdio}). */
    private final boolean inheritStdio;
    /** Run by {@link #close()}, on the closing thread. */
    private final java.util.List<Runnable> closeHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The status a script asked to end with ({@code process.exit}); -1: none. */
    private volatile int exitStatus = -1;
    /** Debug hooks for tracebacks and limits ({@link Builder#instructionLimit}); may be null. */
    private final ExecutionHook hook;
    /** Threads for blocking work ({@link Builder#blockingThreads}); threads start on demand. */
    private final ThreadPoolExecutor blockingPool;
    /** Limit on each {@link #call}; zero: none. */
    private final long callTimeoutNanos;
    private volatile boolean closed;

    private WardRuntime(Builder b) {
        this.ownsLoop = b.loop == null;
        this.loop = b.loop != null ? b.loop : new DefaultEventLoop();
        this.scheduler = new Scheduler(loop, b.engine != null ? b.engine : FiberEngines.defaultEngine());
        this.stdout = b.stdout;
        this.stderr = b.stderr;
        this.inheritStdio = b.inheritStdio;
        this.globals = new Globals();
        globals.STDOUT = b.stdout;
        globals.STDERR = b.stderr;
        globals.load(new JseBaseLib());
        globals.load(new PackageLib());
        globals.load(new TableLib());
        globals.load(new StringLib());
        globals.load(new JseMathLib());
        globals.load(new WardCoroutineLib(this));
        globals.load(new Utf8Lib());
        globals.load(new ProtectedCallLib());
        LoadState.install(globals);
        LuaC.install(globals);
        Sandbox.restrict(globals);
        this.stringTable = (LuaTable) globals.get("string"); // string methods keep it even if the global goes
        addAndRemoveLibraries(b);
        if (b.classpathPrefix != null) {
            ClassLoader cl = b.classLoader;
            String prefix = b.classpathPrefix;
            org.luaj.vm2.lib.ResourceFinder files = globals.finder;
            // require's Lua searcher asks the finder for each package.path candidate
            globals.finder = name -> {
                InputStream in = cl.getResourceAsStream(prefix + name.replace('\\', '/'));
                return in != null ? in : files.findResource(name);
            };
        }
        // After the libraries: the hook wraps the global 'error' (see ExecutionHook).
        this.hook = b.executionHook || b.instructionLimit > 0
                ? ExecutionHook.install(globals, b.instructionLimit) : null;
        this.blockingPool = newBlockingPool(b.blockingThreads);
        StringMetatable.install();
        LuaTable preload = globals.get("package").get("preload").checktable();
        preload.set("ward.async", loader(AsyncModule::create));
        preload.set("ward.time", loader(TimeModule::create));
        if (b.addedLibraries.contains("process")) {
            preload.set("ward.process", loader(ProcessModule::create));
        }
        for (HostModule m : b.modules) {
            preload.set(m.name(), loader(rt -> HostFunctions.moduleTable(rt, m)));
        }
        for (java.util.Map.Entry<String, HostFunction> f : b.functions.entrySet()) {
            globals.set(f.getKey(), HostFunctions.wrap(this, f.getKey(), f.getValue()));
        }
        if (!b.modulePath.isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (Path dir : b.modulePath) {
                path.append(dir.resolve("?.lua")).append(';').append(dir.resolve("?").resolve("init.lua")).append(';');
            }
            globals.get("package").set("path", path.substring(0, path.length() - 1));
        }
        this.callTimeoutNanos = b.callTimeout.toNanos();
        scheduler.onUnobservedFailure(this::reportUnobserved);
    }

    private void addAndRemoveLibraries(Builder b) {
        for (String lib : b.addedLibraries) {
            switch (lib) {
                case "io":
                    globals.load(new org.luaj.vm2.lib.jse.JseIoLib());
                    break;
                case "os":
                    globals.load(new org.luaj.vm2.lib.jse.JseOsLib());
                    break;
                case "process":
                    break; // a preloaded module (see the constructor)
                default:
                    throw new IllegalArgumentException("unknown library '" + lib + "' (" + ADDABLE + " can be added)");
            }
        }
        for (String lib : b.removedLibraries) {
            globals.set(lib, LuaValue.NIL);
            globals.get("package").get("loaded").set(lib, LuaValue.NIL);
        }
    }

    private static final String ADDABLE = "io, os or process";

    /** Default size of the {@link #blockingPool()}. */
    public static final int DEFAULT_BLOCKING_THREADS = 8;

    public static Builder builder() {
        return new Builder();
    }

    /** Settings for a {@link WardRuntime}. Not thread-safe. */
    public static final class Builder {
        private EventLoop loop;
        private FiberEngine engine;
        private PrintStream stdout = System.out;
        private PrintStream stderr = System.err;
        private boolean inheritStdio;
        private long instructionLimit;
        private boolean executionHook;
        private int blockingThreads = DEFAULT_BLOCKING_THREADS;
        private final java.util.List<HostModule> modules = new java.util.ArrayList<>();
        private final java.util.Map<String, HostFunction> functions = new java.util.LinkedHashMap<>();
        private final java.util.List<Path> modulePath = new java.util.ArrayList<>();
        private java.time.Duration callTimeout = java.time.Duration.ZERO;
        private final java.util.Set<String> addedLibraries = new java.util.LinkedHashSet<>();
        private final java.util.Set<String> removedLibraries = new java.util.LinkedHashSet<>();
        private ClassLoader classLoader;
        private String classpathPrefix;

        private Builder() {
        }

        /**
         * Limits the Lua instructions this runtime may execute, counted across the main chunk,
         * every task and every coroutine; the next one raises an uncatchable
         * {@code instruction limit exceeded} ({@link io.ward.lua.limits.LimitExceededError}).
         * {@code 0} (the default) means no limit. Installs the {@link ExecutionHook}.
         */
        public Builder instructionLimit(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("instruction limit must be positive: " + n);
            }
            this.instructionLimit = n;
            return this;
        }

        /**
         * Installs the {@link ExecutionHook} even without an instruction limit: errors get Lua
         * tracebacks, and {@code executionHook().interrupt(...)} can stop running Lua code.
         * Costs some speed on Lua-heavy code (see the hook's documentation). Off by default.
         */
        public Builder executionHook(boolean on) {
            this.executionHook = on;
            return this;
        }

        /** Size of the {@link WardRuntime#blockingPool()} (default {@value #DEFAULT_BLOCKING_THREADS}). */
        public Builder blockingThreads(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("blocking threads must be positive: " + n);
            }
            this.blockingThreads = n;
            return this;
        }

        /** The loop to run on; by default the runtime makes (and on close shuts down) its own. */
        public Builder eventLoop(EventLoop loop) {
            this.loop = loop;
            return this;
        }

        /** The fiber engine; by default {@link FiberEngines#defaultEngine()}. */
        public Builder engine(FiberEngine engine) {
            this.engine = engine;
            return this;
        }

        public Builder stdout(PrintStream out) {
            this.stdout = out;
            return this;
        }

        public Builder stderr(PrintStream err) {
            this.stderr = err;
            return this;
        }

        /**
         * Whether {@link #stdout}/{@link #stderr} are the JVM process's own standard streams, so
         * that child processes ({@code ward.process}) with inherited output write to them
         * directly and inherited stdin reads the JVM's stdin. Off by default (an embedding host,
         * or a test runner, usually owns the JVM's standard streams): children's output is then
         * copied into these streams and their inherited stdin is empty. The CLI turns it on.
         */
        public Builder inheritStdio(boolean on) {
            this.inheritStdio = on;
            return this;
        }

        /**
         * Adds a library that scripts do not get by default: LuaJ's {@code "io"} or {@code "os"},
         * or {@code "process"} ({@code require("ward.process")}). All three reach the host's
         * files and programs: trusted code only.
         */
        public Builder withLibrary(String name) {
            if (!name.equals("io") && !name.equals("os") && !name.equals("process")) {
                throw new IllegalArgumentException("unknown library '" + name + "' (" + ADDABLE + " can be added)");
            }
            addedLibraries.add(name);
            return this;
        }

        /** Removes a global library (for example {@code "string"} or {@code "coroutine"}) from the defaults. */
        public Builder withoutLibrary(String name) {
            removedLibraries.add(name);
            return this;
        }

        /**
         * Lets {@code require} also find Lua modules as class-path resources under
         * {@code prefix} (for example {@code "lua/"}: {@code require("a.b")} reads
         * {@code lua/a/b.lua}), before the file system.
         */
        public Builder classpathModules(ClassLoader loader, String prefix) {
            this.classLoader = loader;
            this.classpathPrefix = prefix.endsWith("/") || prefix.isEmpty() ? prefix : prefix + "/";
            return this;
        }

        /** A Java module that Lua loads with {@code require(module.name())}. */
        public Builder module(HostModule module) {
            modules.add(module);
            return this;
        }

        /** A global Lua function implemented in Java (see {@link HostFunction}). */
        public Builder function(String globalName, HostFunction fn) {
            functions.put(globalName, fn);
            return this;
        }

        /**
         * Directories {@code require} searches for Lua modules ({@code dir/name.lua} and
         * {@code dir/name/init.lua}), replacing the default {@code package.path}.
         */
        public Builder modulePath(Path... dirs) {
            modulePath.addAll(java.util.Arrays.asList(dirs));
            return this;
        }

        /**
         * Time limit for each {@link WardRuntime#call}: past it the call's task is cancelled
         * and its future fails with {@link CallTimeoutException}. Zero (the default): none.
         * Cancellation lands at the task's next await; a CPU-bound loop needs the instruction
         * limit as well.
         */
        public Builder callTimeout(java.time.Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("call timeout must not be negative: " + timeout);
            }
            this.callTimeout = timeout;
            return this;
        }

        public WardRuntime build() {
            return new WardRuntime(this);
        }
    }

    private LuaFunction loader(Function<WardRuntime, LuaTable> factory) {
        return new org.luaj.vm2.lib.VarArgFunction() {
            private LuaTable module;

            @Override
            public Varargs invoke(Varargs args) {
                if (module == null) {
                    module = factory.apply(WardRuntime.this);
                }
                return module;
            }
        };
    }

    public EventLoop loop() {
        return loop;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /**
     * The debug hook (tracebacks, instruction limit, interrupts), or {@code null} when the
     * runtime was built without one ({@link Builder#instructionLimit}, {@link Builder#executionHook}).
     */
    public ExecutionHook executionHook() {
        return hook;
    }

    /**
     * Threads for blocking work (file or process I/O, blocking Java calls), so that it never
     * runs on the loop: submit there and await the result as a future. Daemon threads, started
     * on demand up to {@link Builder#blockingThreads} and ended after a minute idle; shut down
     * by {@link #close()}. Thread-safe.
     */
    public ExecutorService blockingPool() {
        return blockingPool;
    }

    private static ThreadPoolExecutor newBlockingPool(int threads) {
        AtomicInteger ids = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "ward-blocking-" + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The stream Lua's {@code print} writes to. */
    public PrintStream stdout() {
        return stdout;
    }

    /** The stream Ward's own messages (unobserved task errors) go to. */
    public PrintStream stderr() {
        return stderr;
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

    /** Compiles a chunk of Lua text. Context only; raises LuaError on syntax errors. */
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
            } catch (ProcessExit exit) {
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
                }, callTimeoutNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
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
                    p.tryFailure(e instanceof java.util.concurrent.RejectedExecutionException
                            ? new IllegalStateException("the Ward runtime is closed") : LuaErrors.toLuaError(e));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
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
        if (ProcessExit.find(failure) != null) {
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
            loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
