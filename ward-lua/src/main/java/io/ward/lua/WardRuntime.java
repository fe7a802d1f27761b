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
    private final PrintStream stderr;

    private WardRuntime(Builder b) {
        this.ownsLoop = b.loop == null;
        this.loop = b.loop != null ? b.loop : new DefaultEventLoop();
        this.scheduler = new Scheduler(loop, b.engine != null ? b.engine : FiberEngines.defaultEngine());
        this.stderr = b.stderr;
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
        this.stringTable = (LuaTable) globals.get("string");
        StringMetatable.install();
        LuaTable preload = globals.get("package").get("preload").checktable();
        preload.set("ward.async", loader(AsyncModule::create));
        preload.set("ward.time", loader(TimeModule::create));
        scheduler.onUnobservedFailure(this::reportUnobserved);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings for a {@link WardRuntime}. Not thread-safe. */
    public static final class Builder {
        private EventLoop loop;
        private FiberEngine engine;
        private PrintStream stdout = System.out;
        private PrintStream stderr = System.err;

        private Builder() {
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
        return scheduler.spawn(() -> {
            enter(new LuaThread(globals));
            return fn.invoke(args);
        });
    }

    /** Compiles and runs {@code code} as a task. Thread-safe; the future has the chunk's results. */
    public Future<Varargs> eval(String code, String chunkName) {
        Promise<Varargs> p = loop.newPromise();
        loop.execute(() -> {
            try {
                LuaValue chunk = load(code, chunkName);
                chainTo(spawnMain(chunk, LuaValue.NONE), p);
            } catch (RuntimeException e) {
                p.tryFailure(LuaErrors.toLuaError(e));
            }
        });
        return p;
    }

    /** Reads, compiles and runs a Lua file as a task. Thread-safe. */
    public Future<Varargs> runFile(Path file) {
        Promise<Varargs> p = loop.newPromise();
        loop.execute(() -> {
            try (InputStream in = Files.newInputStream(file)) {
                String code = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                // "@name": LuaJ then reports syntax and runtime errors as name:line:
                LuaValue chunk = load(code, "@" + file.getFileName());
                chainTo(spawnMain(chunk, LuaValue.NONE), p);
            } catch (java.io.IOException e) {
                p.tryFailure(new LuaError("cannot open " + file + ": " + e.getMessage()));
            } catch (RuntimeException e) {
                p.tryFailure(LuaErrors.toLuaError(e));
            }
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
        scheduler.close();
        if (ownsLoop) {
            loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
