package io.ward.lua.process;

import io.ward.lua.Args;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The standard streams {@code spawn(opts)} asks for. Each of {@code stdin}, {@code stdout},
 * {@code stderr} is {@code true}/{@code "pipe"}, {@code false}/{@code "inherit"} or
 * {@code "null"}. Defaults: stdout piped; stderr inherited (it follows stdout when merged);
 * stdin from the command's {@code stdin}/{@code stdin_file}/{@code stdin_null}, else inherited.
 *
 * <p>Immutable.
 */
final class SpawnOptions {
    final Launcher.In stdin;
    final Launcher.Out stdout;
    final Launcher.Out stderr;

    private SpawnOptions(Launcher.In stdin, Launcher.Out stdout, Launcher.Out stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    private enum Choice { PIPE, INHERIT, NULL }

    /** Parses argument {@code index} of {@code spawn}; {@code inheritsStdio}: see {@link io.ward.lua.WardRuntime#inheritsStdio()}. */
    static SpawnOptions parse(Varargs args, int index, CommandSpec first, boolean inheritsStdio) {
        LuaValue opts = args.arg(index);
        if (!opts.isnil() && !opts.istable()) {
            throw Args.typeError(index, "spawn", "table", opts);
        }
        Choice in = null;
        Choice out = Choice.PIPE;
        Choice err = Choice.INHERIT;
        if (opts.istable()) {
            for (LuaValue k = LuaValue.NIL; ; ) {
                Varargs next = opts.next(k);
                k = next.arg1();
                if (k.isnil()) {
                    break;
                }
                String key = k.isstring() ? k.tojstring() : null;
                if (!"stdin".equals(key) && !"stdout".equals(key) && !"stderr".equals(key)) {
                    throw Args.badArgument(index, "spawn", "unknown option '" + k.tojstring() + "'");
                }
            }
            in = choice(opts.get("stdin"), index, "stdin", null);
            out = choice(opts.get("stdout"), index, "stdout", out);
            err = choice(opts.get("stderr"), index, "stderr", err);
        }
        if (in == Choice.PIPE && first.stdin == CommandSpec.Stdin.BYTES) {
            throw Args.badArgument(index, "spawn", "stdin = true conflicts with the command's one-shot stdin");
        }
        Launcher.In stdin = in == null ? ProcessModule.stdinOf(first)
                : in == Choice.PIPE ? Launcher.In.PIPE : in == Choice.NULL ? Launcher.In.NULL : Launcher.In.INHERIT;
        return new SpawnOptions(stdin, output(out, inheritsStdio), output(err, inheritsStdio));
    }

    private static Choice choice(LuaValue v, int index, String key, Choice fallback) {
        if (v.isnil()) {
            return fallback;
        }
        if (v == LuaValue.TRUE || (v.isstring() && v.tojstring().equals("pipe"))) {
            return Choice.PIPE;
        }
        if (v == LuaValue.FALSE || (v.isstring() && v.tojstring().equals("inherit"))) {
            return Choice.INHERIT;
        }
        if (v.isstring() && v.tojstring().equals("null")) {
            return Choice.NULL;
        }
        throw Args.badArgument(index, "spawn", key + " must be true, false, 'pipe', 'inherit' or 'null'");
    }

    private static Launcher.Out output(Choice c, boolean inheritsStdio) {
        switch (c) {
            case PIPE:
                return Launcher.Out.PIPE;
            case NULL:
                return Launcher.Out.NULL;
            default:
                return inheritsStdio ? Launcher.Out.INHERIT : Launcher.Out.PUMP;
        }
    }
}
