package io.ward.lua.io;

import io.ward.lua.Args;
import io.ward.lua.Awaits;
import io.ward.lua.LuaFunctions;
import io.ward.lua.StandardInput;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.PrintStream;

/**
 * Builds the {@code ward.io} module of one runtime: reads from the runtime's
 * {@link StandardInput} (the calling task waits; the bytes come as they are, a Lua string),
 * and writes to the runtime's {@code stdout()}/{@code stderr()}, the streams {@code print}
 * and {@code ward.log} write to, so that all of them appear in call order.
 *
 * <p>Confined to the runtime's context. Reads wait on the stdin reader thread and lose nothing
 * when the waiting task is cancelled. Writes go to the stream on the calling thread, as
 * {@code print} does (docs/ward-system.md says why they are not handed to a writer thread).
 */
public final class IoModule {
    private IoModule() {
    }

    /** The module table for {@code require("ward.io")}. */
    public static LuaTable create(WardRuntime rt) {
        LuaTable m = new LuaTable();
        m.set("read_all", LuaFunctions.named("read_all", a -> {
            long limit = limit(a.arg1());
            return bytes((byte[]) Awaits.awaitCore(rt, rt.stdin().readAll(rt.scheduler(), limit)));
        }));
        m.set("read_line", LuaFunctions.named("read_line", a -> readLine(rt)));
        // a new iterator each call, as the original; each call of it is a read_line
        m.set("read_lines", LuaFunctions.named("read_lines", a -> LuaFunctions.named("read_lines_iterator", b -> readLine(rt))));
        m.set("write_stdout", LuaFunctions.named("write_stdout", a -> write(rt.stdout(), a, "write_stdout", "stdout")));
        m.set("write_stderr", LuaFunctions.named("write_stderr", a -> write(rt.stderr(), a, "write_stderr", "stderr")));
        m.set("flush_stdout", LuaFunctions.named("flush_stdout", a -> flush(rt.stdout(), "stdout")));
        m.set("flush_stderr", LuaFunctions.named("flush_stderr", a -> flush(rt.stderr(), "stderr")));
        return m;
    }

    private static Varargs readLine(WardRuntime rt) {
        return bytes((byte[]) Awaits.awaitCore(rt, rt.stdin().readLine(rt.scheduler())));
    }

    private static LuaValue bytes(byte[] b) {
        return b == null ? LuaValue.NIL : LuaString.valueUsing(b);
    }

    /** {@code read_all}'s option: -1 for no limit, else the byte limit (see ward-io-env-host.md A.3). */
    static long limit(LuaValue opts) {
        if (opts.isnil()) {
            return -1;
        }
        if (opts.type() == LuaValue.TNUMBER) {
            return limitOf(opts.todouble());
        }
        if (opts.istable()) {
            LuaValue v = opts.rawget("max_bytes");
            if (v.isnil()) {
                return -1;
            }
            if (v.type() != LuaValue.TNUMBER) {
                throw new LuaError("max_bytes must be number, got " + v.typename());
            }
            return limitOf(v.todouble());
        }
        throw new LuaError("read_all(opts) expects nil, number, or table, got " + opts.typename());
    }

    private static long limitOf(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d) || d <= 0) {
            return -1;
        }
        return d >= 0x1p63 ? Long.MAX_VALUE : (long) d; // truncated toward zero: 0.5 is a limit of 0
    }

    private static Varargs write(PrintStream out, Varargs a, String fname, String stream) {
        LuaValue v = a.arg1();
        if (v.type() != LuaValue.TSTRING && v.type() != LuaValue.TNUMBER) {
            throw Args.typeError(1, fname, "string", a.narg() == 0 ? LuaValue.NONE : v);
        }
        LuaString s = v.checkstring();
        if (s.m_length > 0) {
            out.write(s.m_bytes, s.m_offset, s.m_length);
        }
        flush(out, stream);
        return LuaValue.TRUE;
    }

    private static Varargs flush(PrintStream out, String stream) {
        if (out.checkError()) { // flushes; PrintStream keeps the I/O error to itself, only this flag tells
            throw new LuaError(stream + ": write failed (the stream is closed or its reader has gone)");
        }
        return LuaValue.NONE;
    }
}
