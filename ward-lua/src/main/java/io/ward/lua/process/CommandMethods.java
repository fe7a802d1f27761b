package io.ward.lua.process;

import io.ward.lua.Args;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.List;
import java.util.function.BiFunction;

import static io.ward.lua.process.ProcessModule.fn;

/**
 * The {@code Cmd} and {@code Pipeline} userdata: fluent builders (each method returns its
 * receiver) and their terminal operations {@code run}, {@code output} and {@code spawn}.
 *
 * <p>Confined to the runtime's context.
 */
final class CommandMethods {
    private final ProcessModule module;
    private final LuaTable cmdMeta;
    private final LuaTable pipelineMeta;

    CommandMethods(ProcessModule module) {
        this.module = module;
        this.cmdMeta = cmdMetatable();
        this.pipelineMeta = pipelineMetatable();
    }

    LuaValue newCmd(List<String> argv) {
        return ProcessModule.userdata(new CommandSpec(argv, module.defaultTimeoutNanos), cmdMeta);
    }

    private LuaTable cmdMetatable() {
        LuaTable m = new LuaTable();
        m.set("cwd", fn("cwd", a -> {
            CommandSpec c = cmd(a, "cwd");
            c.cwd = a.arg(2).isnil() ? null : Args.checkString(a, 2, "cwd");
            return a.arg1();
        }));
        m.set("env", fn("env", a -> {
            CommandSpec c = cmd(a, "env");
            String key = Args.checkString(a, 2, "env");
            c.env.put(key, envValue(a.arg(3), 3, "env"));
            return a.arg1();
        }));
        m.set("envs", fn("envs", a -> {
            CommandSpec c = cmd(a, "envs");
            LuaValue t = Args.checkTable(a, 2, "envs");
            for (LuaValue k = LuaValue.NIL; ; ) {
                Varargs next = t.next(k);
                k = next.arg1();
                if (k.isnil()) {
                    break;
                }
                if (!k.isstring()) {
                    throw Args.badArgument(2, "envs", "keys must be strings, got " + k.typename());
                }
                c.env.put(k.tojstring(), envValue(next.arg(2), 2, "envs"));
            }
            return a.arg1();
        }));
        m.set("timeout", fn("timeout", a -> {
            cmd(a, "timeout").timeoutNanos = ProcessModule.timeoutArg(a.arg(2), 2, "timeout");
            return a.arg1();
        }));
        m.set("stdin", fn("stdin", a -> {
            CommandSpec c = cmd(a, "stdin");
            LuaValue v = a.arg(2);
            if (v.isnil() || v == LuaValue.FALSE) {
                c.stdin = CommandSpec.Stdin.INHERIT;
                c.stdinBytes = null;
            } else if (v.isstring()) {
                c.stdin = CommandSpec.Stdin.BYTES;
                c.stdinBytes = bytes(v);
            } else {
                throw Args.typeError(2, "stdin", "string", v);
            }
            return a.arg1();
        }));
        m.set("stdin_file", fn("stdin_file", a -> {
            CommandSpec c = cmd(a, "stdin_file");
            c.stdinFile = Args.checkString(a, 2, "stdin_file");
            c.stdin = CommandSpec.Stdin.FILE;
            return a.arg1();
        }));
        m.set("stdin_null", fn("stdin_null", a -> {
            cmd(a, "stdin_null").stdin = CommandSpec.Stdin.NULL;
            return a.arg1();
        }));
        m.set("stderr_to_stdout", fn("stderr_to_stdout", a -> {
            cmd(a, "stderr_to_stdout").mergeStderr = flag(a, "stderr_to_stdout");
            return a.arg1();
        }));
        m.set("kill_on_cancel", fn("kill_on_cancel", a -> {
            cmd(a, "kill_on_cancel").killOnCancel = flag(a, "kill_on_cancel");
            return a.arg1();
        }));
        m.set("pipe", fn("pipe", a -> {
            PipelineSpec p = new PipelineSpec(module.defaultPipefail, module.defaultTimeoutNanos);
            p.stages.add(cmd(a, "pipe").copy());
            appendStages(p, a);
            return ProcessModule.userdata(p, pipelineMeta);
        }));
        addTerminals(m, (a, fname) -> PipelineSpec.single(cmd(a, fname)));
        return meta(m, "Cmd", a -> "Cmd(" + CommandSpec.describe(cmd(a, "__tostring").argv) + ")");
    }

    private LuaTable pipelineMetatable() {
        LuaTable m = new LuaTable();
        m.set("pipefail", fn("pipefail", a -> {
            pipeline(a, "pipefail").pipefail = flag(a, "pipefail");
            return a.arg1();
        }));
        m.set("kill_on_cancel", fn("kill_on_cancel", a -> {
            pipeline(a, "kill_on_cancel").killOnCancel = flag(a, "kill_on_cancel");
            return a.arg1();
        }));
        m.set("timeout", fn("timeout", a -> {
            pipeline(a, "timeout").timeoutNanos = ProcessModule.timeoutArg(a.arg(2), 2, "timeout");
            return a.arg1();
        }));
        m.set("pipe", fn("pipe", a -> {
            appendStages(pipeline(a, "pipe"), a);
            return a.arg1();
        }));
        addTerminals(m, CommandMethods::pipeline);
        return meta(m, "Pipeline", a -> {
            StringBuilder sb = new StringBuilder("Pipeline(");
            List<CommandSpec> stages = pipeline(a, "__tostring").stages;
            for (int i = 0; i < stages.size(); i++) {
                sb.append(i == 0 ? "" : " | ").append(CommandSpec.describe(stages.get(i).argv));
            }
            return sb.append(')').toString();
        });
    }

    /** {@code run}, {@code output} and {@code spawn}, for a receiver seen as the pipeline to start. */
    private void addTerminals(LuaTable m, BiFunction<Varargs, String, PipelineSpec> receiver) {
        m.set("run", fn("run", a -> start(receiver.apply(a, "run"), ProcessModule.Op.RUN, null)));
        m.set("output", fn("output", a -> start(receiver.apply(a, "output"), ProcessModule.Op.OUTPUT, null)));
        m.set("spawn", fn("spawn", a -> {
            PipelineSpec p = receiver.apply(a, "spawn");
            return start(p, ProcessModule.Op.SPAWN, SpawnOptions.parse(a, 2, p.stages.get(0), module.rt.inheritsStdio()));
        }));
    }

    private Varargs start(PipelineSpec p, ProcessModule.Op op, SpawnOptions spawn) {
        return module.execute(p.stages, p.pipefail, p.effectiveTimeoutNanos(), p.killsOnCancel(), op, spawn);
    }

    /** A builder's switch, argument #2: a boolean, or nothing for {@code true}. */
    private static boolean flag(Varargs args, String fname) {
        LuaValue v = args.arg(2);
        if (!v.isnil() && !v.isboolean()) {
            throw Args.typeError(2, fname, "boolean", v);
        }
        return v.isnil() || v.toboolean();
    }

    /** Appends the stages of a Cmd (a snapshot) or a Pipeline (snapshots of its stages). */
    private static void appendStages(PipelineSpec p, Varargs args) {
        LuaValue next = args.arg(2);
        Object payload = next.isuserdata() ? next.touserdata() : null;
        if (payload instanceof CommandSpec) {
            p.stages.add(((CommandSpec) payload).copy());
        } else if (payload instanceof PipelineSpec) {
            for (CommandSpec s : ((PipelineSpec) payload).stages) {
                p.stages.add(s.copy());
            }
        } else {
            // args.arg(2) is nil, never NONE, for a missing argument: count to say "no value"
            throw Args.typeError(2, "pipe", "Cmd or Pipeline", args.narg() < 2 ? LuaValue.NONE : next);
        }
    }

    private interface Describe {
        String of(Varargs args);
    }

    private static LuaTable meta(LuaTable methods, String name, Describe describe) {
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, methods);
        meta.set(LuaValue.TOSTRING, fn("__tostring", a -> LuaValue.valueOf(describe.of(a))));
        meta.set("__name", name);
        return meta;
    }

    /** An environment value: a string (numbers converted), or nil/false to remove the variable. */
    private static String envValue(LuaValue v, int index, String fname) {
        if (v.isnil() || v == LuaValue.FALSE) {
            return null;
        }
        if (!v.isstring()) {
            throw Args.typeError(index, fname, "string", v);
        }
        return v.tojstring();
    }

    static byte[] bytes(LuaValue v) {
        LuaString s = v.checkstring();
        byte[] b = new byte[s.m_length];
        s.copyInto(0, b, 0, b.length);
        return b;
    }

    private static CommandSpec cmd(Varargs args, String fname) {
        return Args.checkUserdata(args, 1, fname, CommandSpec.class, "Cmd");
    }

    private static PipelineSpec pipeline(Varargs args, String fname) {
        return Args.checkUserdata(args, 1, fname, PipelineSpec.class, "Pipeline");
    }
}
