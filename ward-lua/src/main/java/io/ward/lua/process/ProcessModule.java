package io.ward.lua.process;

import io.ward.lua.DurationArgs;

import io.ward.core.CancelSignal;
import io.ward.core.FutureAwaitables;
import io.ward.lua.Args;
import io.ward.lua.LuaErrors;
import io.ward.lua.LuaFunctions;
import io.ward.lua.ScriptExit;
import io.ward.lua.WardRuntime;
import io.ward.lua.Awaits;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Builds the {@code ward.process} module table of one runtime ({@code cmd}, {@code sh},
 * {@code exit}, {@code shell_defaults}, the middleware stack) and runs commands for the
 * {@code Cmd} and {@code Pipeline} builders: {@code run}, {@code output} and {@code spawn}.
 *
 * <p>Confined to the runtime's context.
 */
public final class ProcessModule {
    final WardRuntime rt;
    private final ChildProcesses children = new ChildProcesses();
    private final ExecutorService pipeIo = PipeThreads.create();
    final CmdResults results = new CmdResults();
    private final CommandMethods commands;
    private final ChildMethods childMethods;
    // Threading - context only. The shell defaults for commands and pipelines created from now on.
    boolean defaultPipefail;
    long defaultTimeoutNanos;

    private ProcessModule(WardRuntime rt) {
        this.rt = rt;
        this.commands = new CommandMethods(this);
        this.childMethods = new ChildMethods(this);
        rt.onClose(() -> {
            children.killAll(); // their pipes end, so the pipe threads end too
            pipeIo.shutdown();
        });
    }

    /** The module table for {@code require("ward.process")}. */
    public static LuaTable create(WardRuntime rt) {
        return new ProcessModule(rt).table();
    }

    private LuaTable table() {
        LuaTable m = new LuaTable();
        m.set("cmd", fn("cmd", args -> commands.newCmd(argv(args))));
        m.set("sh", fn("sh", args -> {
            String script = Args.checkString(args, 1, "sh");
            boolean windows = System.getProperty("os.name", "").startsWith("Windows");
            return commands.newCmd(windows ? List.of("cmd", "/C", script) : List.of("sh", "-lc", script));
        }));
        m.set("exit", fn("exit", args -> {
            int status = args.arg1().isnil() ? 0 : exitStatus(Args.checkNumber(args, 1, "exit"));
            rt.requestExit(status);
            throw new ScriptExit(status);
        }));
        m.set("shell_defaults", fn("shell_defaults", this::shellDefaults));
        m.set("push_middleware", fn("push_middleware",
                args -> LuaValue.valueOf(Middleware.push(rt, Args.checkFunction(args, 1, "push_middleware")))));
        m.set("pop_middleware", fn("pop_middleware", args -> LuaValue.valueOf(Middleware.pop(rt))));
        return m;
    }

    /** {@code cmd(program, ...)} or {@code cmd(program, {args...})}: the argument vector. */
    private static List<String> argv(Varargs args) {
        List<String> argv = new ArrayList<>();
        argv.add(Args.checkString(args, 1, "cmd"));
        if (args.narg() == 2 && args.arg(2).istable()) {
            LuaTable t = (LuaTable) args.arg(2);
            int n = t.length();
            if (t.keyCount() != n) {
                throw Args.badArgument(2, "cmd", "array of strings expected, got a table with other keys");
            }
            for (int i = 1; i <= n; i++) {
                LuaValue a = t.rawget(i);
                if (!a.isstring()) {
                    throw Args.badArgument(2, "cmd", "array of strings expected, element " + i + " is a " + a.typename());
                }
                argv.add(a.tojstring());
            }
            return argv;
        }
        for (int i = 2; i <= args.narg(); i++) {
            argv.add(Args.checkString(args, i, "cmd"));
        }
        return argv;
    }

    /** {@code shell_defaults(opts?)}: replaces the defaults with {@code opts}' when given; returns them. */
    private Varargs shellDefaults(Varargs args) {
        LuaValue opts = args.arg1();
        if (!opts.isnil()) {
            if (!opts.istable()) {
                throw Args.typeError(1, "shell_defaults", "table", opts);
            }
            LuaValue pipefail = opts.get("pipefail");
            if (!pipefail.isnil() && !pipefail.isboolean()) {
                throw Args.badArgument(1, "shell_defaults", "pipefail must be a boolean, got " + pipefail.typename());
            }
            long timeout = timeoutArg(opts.get("timeout"), 1, "shell_defaults");
            defaultPipefail = pipefail.toboolean();
            defaultTimeoutNanos = timeout;
        }
        LuaTable t = new LuaTable();
        t.set("pipefail", LuaValue.valueOf(defaultPipefail));
        t.set("timeout", defaultTimeoutNanos == 0 ? LuaValue.NIL : LuaValue.valueOf(defaultTimeoutNanos / 1e9));
        return t;
    }

    /** A timeout argument: nil or false for none, else a positive duration (seconds, maybe fractional; string; Duration). */
    static long timeoutArg(LuaValue v, int index, String fname) {
        if (v.isnil() || v == LuaValue.FALSE) {
            return 0;
        }
        long nanos;
        try {
            // seconds may have a fraction here (ward.time wants whole seconds or a string)
            nanos = v.type() == LuaValue.TNUMBER ? secondsToNanos(v.todouble()) : DurationArgs.check(v);
        } catch (LuaError e) {
            throw Args.badArgument(index, fname, e.getMessageObject().tojstring());
        }
        if (nanos <= 0) {
            throw Args.badArgument(index, fname, "timeout must be positive");
        }
        return nanos;
    }

    private static long secondsToNanos(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            throw new LuaError("timeout must be finite");
        }
        double nanos = seconds * 1e9;
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(nanos);
    }

    /** What a terminal operation does with the started processes. */
    enum Op { RUN, OUTPUT, SPAWN }

    /**
     * In a task: applies the middleware, starts the stages and, for {@code run}/{@code output},
     * waits for the result; for {@code spawn}, returns the child. With {@code killOnCancel}, a
     * task cancelled while it waits (for the start too) kills what it started.
     */
    Varargs execute(List<CommandSpec> stages, boolean pipefail, long timeoutNanos, boolean killOnCancel, Op op,
                    SpawnOptions spawn) {
        if (!rt.scheduler().inTask()) {
            throw new LuaError("attempt to run a process outside a Ward task");
        }
        List<CommandSpec> resolved = new ArrayList<>(stages.size());
        for (CommandSpec s : stages) {
            resolved.add(Middleware.apply(rt, s.copy())); // a copy: the pool reads it while Lua may change the Cmd
        }
        Launcher.Out inherit = rt.inheritsStdio() ? Launcher.Out.INHERIT : Launcher.Out.ECHO;
        Launcher.Plan plan;
        switch (op) {
            case RUN:
                plan = new Launcher.Plan(resolved, stdinOf(stages.get(0)), inherit, inherit, pipefail, timeoutNanos);
                break;
            case OUTPUT:
                plan = new Launcher.Plan(resolved, stdinOf(stages.get(0)), Launcher.Out.CAPTURE, Launcher.Out.CAPTURE,
                        pipefail, timeoutNanos);
                break;
            default:
                plan = new Launcher.Plan(resolved, spawn.stdin, spawn.stdout, spawn.stderr, pipefail, timeoutNanos);
        }
        if (rt.inheritsStdio()) { // the child writes to the same descriptors: what Lua printed goes first
            rt.stdout().flush();
            rt.stderr().flush();
        }
        CompletableFuture<Execution> starting = Launcher.start(rt, children, pipeIo, plan);
        Execution exec;
        try {
            exec = await(starting);
        } catch (LuaError e) { // made on the pool: raise it afresh here, where Lua adds the position
            throw new LuaError(LuaErrors.value(e).tojstring());
        } catch (CancelSignal c) {
            if (killOnCancel) { // the processes still start: kill them once they have
                starting.thenAccept(Execution::kill);
            }
            throw c;
        }
        if (op == Op.SPAWN) {
            return childMethods.wrap(exec, stages.get(stages.size() - 1).mergeStderr, killOnCancel);
        }
        return results.toLua(awaitResult(exec, killOnCancel));
    }

    /** Waits in the running task for {@code exec}'s result; if the task is cancelled meanwhile, kills it when asked to. */
    ExitResult awaitResult(Execution exec, boolean killOnCancel) {
        try {
            return await(exec.result());
        } catch (CancelSignal c) {
            if (killOnCancel) {
                exec.kill();
            }
            throw c;
        }
    }

    static Launcher.In stdinOf(CommandSpec first) {
        switch (first.stdin) {
            case BYTES:
                return Launcher.In.BYTES;
            case FILE:
                return Launcher.In.FILE;
            case NULL:
                return Launcher.In.NULL;
            default:
                return Launcher.In.INHERIT;
        }
    }

    /** Waits in the running task for a future completed on another thread. */
    <T> T await(CompletableFuture<T> f) {
        @SuppressWarnings("unchecked")
        T value = (T) Awaits.awaitCore(rt, FutureAwaitables.of(rt.scheduler(), f));
        return value;
    }

    static LuaValue fn(String name, LuaFunctions.Body body) {
        return LuaFunctions.named(name, body);
    }

    static LuaUserdata userdata(Object payload, LuaTable meta) {
        return new LuaUserdata(payload, meta);
    }

    /**
     * The status for {@code process.exit(code)}: negative gives 1, past a 32-bit int is
     * clamped, a fraction is truncated, NaN gives 1.
     */
    static int exitStatus(double code) {
        if (Double.isNaN(code) || code < 0) {
            return 1;
        }
        return code >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) code;
    }
}
