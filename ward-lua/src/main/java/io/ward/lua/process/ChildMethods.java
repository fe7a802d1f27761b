package io.ward.lua.process;

import io.ward.lua.Args;
import io.ward.lua.Awaits;
import io.ward.lua.LuaAwaitable;
import io.ward.core.Awaitable;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.concurrent.CompletableFuture;

import static io.ward.lua.process.ProcessModule.fn;

/**
 * The userdata of a spawned child: {@code ProcChild}, its {@code ProcStdin}, and the
 * {@code LineStream}/{@code ByteStream} over its output pipes (awaitables, so they work with
 * {@code async.await}, {@code async.select} and {@code time.timeout}).
 *
 * <p>Confined to the runtime's context.
 */
final class ChildMethods {
    private static final Varargs NOT_PIPED = answer("not_piped");
    private static final Varargs MERGED = answer("merged");
    private static final Varargs MODE_CONFLICT = answer("mode_conflict");
    private static final Varargs EOF = answer("eof");

    private final ProcessModule module;
    private final LuaTable childMeta;
    private final LuaTable stdinMeta;
    private final LuaTable lineMeta;
    private final LuaTable byteMeta;

    ChildMethods(ProcessModule module) {
        this.module = module;
        this.childMeta = childMetatable();
        this.stdinMeta = stdinMetatable();
        this.lineMeta = streamMetatable("LineStream", false);
        this.byteMeta = streamMetatable("ByteStream", true);
    }

    /** The payload of a {@code ProcChild}. */
    private static final class Child {
        final Execution exec;
        final boolean merged;
        /** A task cancelled in {@code wait()} kills the processes. */
        final boolean killOnCancel;
        LuaValue stdin;

        Child(Execution exec, boolean merged, boolean killOnCancel) {
            this.exec = exec;
            this.merged = merged;
            this.killOnCancel = killOnCancel;
        }
    }

    /** The payload of a {@code LineStream} ({@code maxBytes == 0}) or {@code ByteStream}. */
    private static final class Stream implements LuaAwaitable {
        final OutputPipe pipe;
        final boolean bytes;

        Stream(OutputPipe pipe, boolean bytes) {
            this.pipe = pipe;
            this.bytes = bytes;
        }

        @Override
        public Awaitable<?> awaitable() {
            return pipe.next(bytes ? OutputPipe.DEFAULT_READ : 0);
        }

        @Override
        public Varargs finish(Object value) {
            return value == OutputPipe.EOF ? EOF : LuaValue.valueOf((byte[]) value);
        }
    }

    LuaValue wrap(Execution exec, boolean merged, boolean killOnCancel) {
        return ProcessModule.userdata(new Child(exec, merged, killOnCancel), childMeta);
    }

    private LuaTable childMetatable() {
        LuaTable m = new LuaTable();
        m.set("pid", fn("pid", a -> {
            Execution e = child(a, "pid").exec;
            return LuaValue.valueOf(e.stages.get(e.stages.size() - 1).pid());
        }));
        m.set("pids", fn("pids", a -> {
            LuaTable t = new LuaTable();
            int i = 1;
            for (Process p : child(a, "pids").exec.stages) {
                t.set(i++, LuaValue.valueOf(p.pid()));
            }
            return t;
        }));
        m.set("stdin", fn("stdin", a -> {
            Child c = child(a, "stdin");
            if (c.exec.stdin == null) {
                return NOT_PIPED;
            }
            if (c.stdin == null) {
                c.stdin = ProcessModule.userdata(c.exec.stdin, stdinMeta);
            }
            return c.stdin;
        }));
        m.set("stdout_lines", fn("stdout_lines", a -> stream(child(a, "stdout_lines"), false, false)));
        m.set("stdout_bytes", fn("stdout_bytes", a -> stream(child(a, "stdout_bytes"), false, true)));
        m.set("stderr_lines", fn("stderr_lines", a -> stream(child(a, "stderr_lines"), true, false)));
        m.set("stderr_bytes", fn("stderr_bytes", a -> stream(child(a, "stderr_bytes"), true, true)));
        m.set("kill", fn("kill", a -> LuaValue.valueOf(child(a, "kill").exec.kill())));
        m.set("wait", fn("wait", a -> {
            Child c = child(a, "wait");
            return module.results.toLua(module.awaitResult(c.exec, c.killOnCancel));
        }));
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, m);
        meta.set(LuaValue.TOSTRING, fn("__tostring", a -> LuaValue.valueOf("ProcChild(" + pidOf(child(a, "__tostring")) + ")")));
        meta.set("__name", "ProcChild");
        return meta;
    }

    private static long pidOf(Child c) {
        return c.exec.stages.get(c.exec.stages.size() - 1).pid();
    }

    private Varargs stream(Child c, boolean stderr, boolean bytes) {
        if (stderr && c.merged) {
            return MERGED;
        }
        OutputPipe pipe = stderr ? c.exec.stderrPipe : c.exec.stdoutPipe;
        if (pipe == null) {
            return NOT_PIPED;
        }
        if (pipe.claim(bytes ? OutputPipe.Mode.BYTES : OutputPipe.Mode.LINES) != null) {
            return MODE_CONFLICT;
        }
        return new LuaUserdata(new Stream(pipe, bytes), bytes ? byteMeta : lineMeta);
    }

    private LuaTable stdinMetatable() {
        LuaTable m = new LuaTable();
        m.set("write", fn("write", a -> {
            StdinPipe s = stdin(a, "write");
            Args.checkString(a, 2, "write");
            return written(s.write(CommandMethods.bytes(a.arg(2))));
        }));
        m.set("writeln", fn("writeln", a -> {
            StdinPipe s = stdin(a, "writeln");
            Args.checkString(a, 2, "writeln");
            byte[] b = CommandMethods.bytes(a.arg(2));
            byte[] line = java.util.Arrays.copyOf(b, b.length + 1);
            line[b.length] = '\n';
            return written(s.write(line));
        }));
        m.set("flush", fn("flush", a -> written(stdin(a, "flush").flush())));
        m.set("close", fn("close", a -> {
            module.await(stdin(a, "close").close()); // closing a pipe the child already closed is fine
            return LuaValue.TRUE;
        }));
        m.set("is_closed", fn("is_closed", a -> LuaValue.valueOf(stdin(a, "is_closed").isClosed())));
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, m);
        meta.set(LuaValue.TOSTRING, fn("__tostring", a -> LuaValue.valueOf("ProcStdin()")));
        meta.set("__name", "ProcStdin");
        return meta;
    }

    /** {@code true}, or {@code nil, err} for a failed stdin operation. */
    private Varargs written(CompletableFuture<String> op) {
        String error = module.await(op);
        return error == null ? LuaValue.TRUE : answer(error);
    }

    private LuaTable streamMetatable(String name, boolean bytes) {
        LuaTable m = new LuaTable();
        LuaValue wait = fn("wait", a -> waitOn(stream(a, "wait", name), a.arg(2), "wait"));
        m.set("wait", wait);
        if (bytes) {
            m.set("read", fn("read", a -> waitOn(stream(a, "read", name), a.arg(2), "read")));
        }
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, m);
        meta.set(LuaValue.CALL, fn("__call", a -> waitOn(stream(a, "__call", name), a.arg(2), "__call")));
        meta.set(LuaValue.TOSTRING, fn("__tostring", a -> LuaValue.valueOf(name + "()")));
        meta.set("__name", name);
        return meta;
    }

    /** One wait on a stream: a line, up to {@code n} bytes (default 16384), or {@code nil, "eof"}. */
    private Varargs waitOn(Stream s, LuaValue n, String fname) {
        int max = 0;
        if (s.bytes) {
            max = OutputPipe.DEFAULT_READ;
            if (!n.isnil()) {
                if (!n.isnumber()) {
                    throw Args.typeError(2, fname, "number", n);
                }
                double d = n.todouble();
                if (!(d >= 1) || d != Math.floor(d)) {
                    throw Args.badArgument(2, fname, "n must be a positive integer");
                }
                max = d >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) d;
            }
        }
        Object value = Awaits.awaitCore(module.rt, s.pipe.next(max));
        return s.finish(value);
    }

    private static Varargs answer(String word) {
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(word));
    }

    private static Child child(Varargs args, String fname) {
        return Args.checkUserdata(args, 1, fname, Child.class, "ProcChild");
    }

    private static StdinPipe stdin(Varargs args, String fname) {
        return Args.checkUserdata(args, 1, fname, StdinPipe.class, "ProcStdin");
    }

    private static Stream stream(Varargs args, String fname, String typeName) {
        return Args.checkUserdata(args, 1, fname, Stream.class, typeName);
    }
}
