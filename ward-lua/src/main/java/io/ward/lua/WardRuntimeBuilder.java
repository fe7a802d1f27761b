package io.ward.lua;

import io.netty.channel.EventLoop;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.fiber.FiberEngines;
import io.ward.core.shared.SharedDictionary;
import io.ward.lua.lib.StandardLibraries;
import io.ward.lua.limits.ExecutionHook;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Settings for a {@link WardRuntime} ({@link WardRuntime#builder()}). Not thread-safe. */
public final class WardRuntimeBuilder {
    /** Default size of the {@link WardRuntime#blockingPool()}. */
    public static final int DEFAULT_BLOCKING_THREADS = 8;

    EventLoop loop;
    FiberEngine engine;
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    /** Null: an empty standard input. */
    java.io.InputStream stdin;
    boolean inheritStdio;
    long instructionLimit;
    boolean executionHook;
    io.ward.lua.compiler.LuaCompilerMode luaCompiler;
    int blockingThreads = DEFAULT_BLOCKING_THREADS;
    final List<HostModule> hostModules = new ArrayList<>();
    final Map<String, HostFunction> functions = new LinkedHashMap<>();
    final List<Path> modulePath = new ArrayList<>();
    Duration callTimeout = Duration.ZERO;
    /** Lua libraries ({@code io}, {@code os}) and {@code ward.*} modules asked for. */
    final Set<String> added = new LinkedHashSet<>();
    /** Global libraries and {@code ward.*} modules taken away. */
    final Set<String> removed = new LinkedHashSet<>();
    boolean commandLine;
    boolean osSignals;
    ModuleRegistry registry;
    ClassLoader classLoader;
    String classpathPrefix;
    SharedDictionary shared;

    WardRuntimeBuilder() {
    }

    /**
     * Limits the Lua instructions this runtime may execute, counted across the main chunk,
     * every task and every coroutine; the next one raises an uncatchable
     * {@code instruction limit exceeded} ({@link io.ward.lua.limits.LimitExceededError}).
     * {@code 0} (the default) means no limit. Installs the {@link ExecutionHook}; on its own, one
     * that only counts (errors then as without a hook, no Lua tracebacks), which costs little
     * more than no limit; with {@link #executionHook} or the {@code debug} library, the hook that
     * also keeps call stacks.
     */
    public WardRuntimeBuilder instructionLimit(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("instruction limit must be positive: " + n);
        }
        this.instructionLimit = n;
        return this;
    }

    /**
     * Installs the {@link ExecutionHook} with Lua call stacks, with or without an instruction
     * limit: errors get Lua tracebacks, {@code error(msg, level)} finds its level at once, and
     * {@code executionHook().interrupt(...)} can stop running Lua code. Costs some speed on
     * Lua-heavy code (see the hook's documentation). Off by default.
     */
    public WardRuntimeBuilder executionHook(boolean on) {
        this.executionHook = on;
        return this;
    }

    /**
     * When this runtime's Lua functions are compiled to JVM bytecode (docs/COMPILER.md):
     * {@code TIERED} (hot functions, in the background), {@code OFF} (all interpreted) or
     * {@code ALWAYS} (every function at its first call, for tests). Default: the system property
     * {@value io.ward.lua.compiler.LuaCompilerMode#PROPERTY}, else tiered.
     */
    public WardRuntimeBuilder luaCompiler(io.ward.lua.compiler.LuaCompilerMode mode) {
        this.luaCompiler = java.util.Objects.requireNonNull(mode, "mode");
        return this;
    }

    /**
     * Size of the {@link WardRuntime#blockingPool()} (default {@value #DEFAULT_BLOCKING_THREADS});
     * {@code 0}: no pool at all, and modules that need one
     * ({@link WardModule.Need#BLOCKING_POOL}) cannot be enabled.
     */
    public WardRuntimeBuilder blockingThreads(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("blocking threads must not be negative: " + n);
        }
        this.blockingThreads = n;
        return this;
    }

    /** The loop to run on; by default the runtime makes (and on close shuts down) its own. */
    public WardRuntimeBuilder eventLoop(EventLoop loop) {
        this.loop = loop;
        return this;
    }

    /** The fiber engine; by default {@link FiberEngines#defaultEngine()}. */
    public WardRuntimeBuilder engine(FiberEngine engine) {
        this.engine = engine;
        return this;
    }

    public WardRuntimeBuilder stdout(PrintStream out) {
        this.stdout = out;
        return this;
    }

    public WardRuntimeBuilder stderr(PrintStream err) {
        this.stderr = err;
        return this;
    }

    /**
     * What scripts read as standard input ({@code ward.io}), through one
     * {@link StandardInput} reader thread; {@code System.in} is shared by every runtime of the
     * JVM. By default a runtime's stdin is empty: an embedding host's stdin is not its scripts'.
     */
    public WardRuntimeBuilder stdin(java.io.InputStream in) {
        this.stdin = in;
        return this;
    }

    /**
     * Whether {@link #stdout}/{@link #stderr} are the JVM process's own standard streams, so
     * that child processes ({@code ward.process}) with inherited output write to them
     * directly and inherited stdin reads the JVM's stdin. Off by default (an embedding host,
     * or a test runner, usually owns the JVM's standard streams): children's output is then
     * copied into these streams and their inherited stdin is empty. The CLI turns it on.
     */
    public WardRuntimeBuilder inheritStdio(boolean on) {
        this.inheritStdio = on;
        return this;
    }

    /**
     * Lets {@code ward.lifecycle} install handlers for the process's signals (SIGINT, SIGTERM,
     * SIGHUP, SIGUSR1, SIGUSR2, SIGPIPE) when a script uses it, replacing the JVM's own (Ctrl-C
     * then no longer ends the JVM by itself: the script's handlers run and the runner ends the
     * script). Signals belong to the whole process, so this is off by default: an embedding
     * host keeps them, and a script's {@code lifecycle.on} handlers then never fire. The
     * {@code ward} command turns it on.
     */
    public WardRuntimeBuilder osSignals(boolean on) {
        this.osSignals = on;
        return this;
    }

    /**
     * Starts from the {@code ward} command's module set ({@link WardModule#enabledForCli()})
     * instead of the embedders' ({@link WardModule#enabledForEmbedders()}).
     */
    public WardRuntimeBuilder commandLineModules() {
        this.commandLine = true;
        return this;
    }

    /**
     * Adds a library that scripts do not get by default: LuaJ's {@code "io"} or {@code "os"}
     * (globals), the full {@code "debug"} library (scripts always get its read-only
     * {@code traceback} and {@code getinfo}; this adds {@code sethook}, {@code getupvalue},
     * {@code setmetatable} and the rest, and installs the {@link ExecutionHook}), {@code "binary"}
     * ({@code string.dump} and binary chunks in {@code load}/{@code loadfile}/{@code dofile}/{@code require};
     * LuaJ does not verify bytecode), or any registered {@code ward.*} module by its full name (for example
     * {@code "ward.process"}, which runs the host's programs: trusted code only).
     *
     * @throws IllegalArgumentException for a name that is neither
     */
    public WardRuntimeBuilder withLibrary(String name) {
        if (!StandardLibraries.ADDABLE.contains(name) && registry().find(name) == null) {
            throw new IllegalArgumentException("unknown library '" + name + "' (" + addable() + " can be added)");
        }
        removed.remove(name);
        added.add(name);
        return this;
    }

    /**
     * Removes a global library (for example {@code "string"} or {@code "coroutine"}) or a
     * registered {@code ward.*} module (for example {@code "ward.time"}) from the defaults.
     *
     * @throws IllegalArgumentException for a {@code ward.*} name that no module has
     */
    public WardRuntimeBuilder withoutLibrary(String name) {
        if (name.startsWith("ward.") && registry().find(name) == null) {
            throw new IllegalArgumentException("unknown module '" + name + "' (registered: "
                    + String.join(", ", registry().names()) + ")");
        }
        added.remove(name);
        removed.add(name);
        return this;
    }

    private String addable() {
        List<String> names = new ArrayList<>(StandardLibraries.ADDABLE);
        names.addAll(registry().names());
        return String.join(", ", names);
    }

    /**
     * The modules to choose from; by default {@link ModuleRegistry#standard()} (every module
     * on the class path).
     */
    public WardRuntimeBuilder registry(ModuleRegistry registry) {
        this.registry = registry;
        return this;
    }

    ModuleRegistry registry() {
        return registry != null ? registry : ModuleRegistry.standard();
    }

    /**
     * Lets {@code require} also find Lua modules as class-path resources under
     * {@code prefix} (for example {@code "lua/"}: {@code require("a.b")} reads
     * {@code lua/a/b.lua}), before the file system.
     */
    public WardRuntimeBuilder classpathModules(ClassLoader loader, String prefix) {
        this.classLoader = loader;
        this.classpathPrefix = prefix.endsWith("/") || prefix.isEmpty() ? prefix : prefix + "/";
        return this;
    }

    /**
     * The dictionary {@code ward.shared} works on: give every runtime of a group the same one
     * ({@link WardRuntimeGroup} does) to share it. By default the runtime has its own, of
     * {@link SharedDictionary#DEFAULT_CAPACITY} entries.
     */
    public WardRuntimeBuilder sharedDictionary(SharedDictionary dictionary) {
        this.shared = dictionary;
        return this;
    }

    /** A Java module that Lua loads with {@code require(module.name())}. */
    public WardRuntimeBuilder module(HostModule module) {
        hostModules.add(module);
        return this;
    }

    /** A global Lua function implemented in Java (see {@link HostFunction}). */
    public WardRuntimeBuilder function(String globalName, HostFunction fn) {
        functions.put(globalName, fn);
        return this;
    }

    /**
     * Directories {@code require} searches for Lua modules ({@code dir/name.lua} and
     * {@code dir/name/init.lua}), replacing the default {@code package.path}.
     */
    public WardRuntimeBuilder modulePath(Path... dirs) {
        modulePath.addAll(Arrays.asList(dirs));
        return this;
    }

    /**
     * Time limit for each {@link WardRuntime#call}: past it the call's task is cancelled
     * and its future fails with {@link CallTimeoutException}. Zero (the default): none.
     * Cancellation lands at the task's next await; a CPU-bound loop needs the instruction
     * limit as well.
     */
    public WardRuntimeBuilder callTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("call timeout must not be negative: " + timeout);
        }
        this.callTimeout = timeout;
        return this;
    }

    /**
     * The registered modules this runtime enables: the defaults of its kind (command line or
     * embedder), plus {@link #withLibrary}, minus {@link #withoutLibrary}.
     *
     * @throws IllegalArgumentException when an enabled module needs what the runtime lacks
     */
    List<WardModule> enabledModules() {
        List<WardModule> on = new ArrayList<>();
        for (WardModule m : registry().all()) {
            boolean byDefault = commandLine ? m.enabledForCli() : m.enabledForEmbedders();
            if ((byDefault || added.contains(m.name())) && !removed.contains(m.name())) {
                if (blockingThreads == 0 && m.needs().contains(WardModule.Need.BLOCKING_POOL)) {
                    throw new IllegalArgumentException(m.name() + " needs the blocking pool, but blockingThreads is 0");
                }
                on.add(m);
            }
        }
        return on;
    }

    public WardRuntime build() {
        return new WardRuntime(this);
    }
}
