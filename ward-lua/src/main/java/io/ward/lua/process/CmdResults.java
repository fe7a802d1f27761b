package io.ward.lua.process;

import io.ward.lua.Args;
import io.ward.lua.LuaFunctions;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;

/**
 * {@code CmdResult} tables: fields {@code ok}, {@code code}, {@code signal}, {@code stdout},
 * {@code stderr}, {@code steps}, {@code timed_out}, and the methods {@code is_ok} and
 * {@code assert_ok}.
 *
 * <p>Confined to the runtime's context.
 */
final class CmdResults {
    /** How much of stderr an {@code assert_ok} message quotes. */
    static final int STDERR_QUOTE = 200;

    private final LuaTable meta;

    CmdResults() {
        LuaTable methods = new LuaTable();
        // is_ok checks its receiver like assert_ok: indexing a non-table raised an error without
        // the function's name ("attempt to index ? (a nil value)") or read a string's "ok" field
        methods.set("is_ok", LuaFunctions.named("is_ok", args -> LuaValue.valueOf(receiver(args, "is_ok").get("ok").toboolean())));
        methods.set("assert_ok", LuaFunctions.named("assert_ok", args -> {
            LuaValue r = receiver(args, "assert_ok");
            if (r.get("ok").toboolean()) {
                return r;
            }
            LuaValue msg = args.arg(2);
            throw new LuaError(failure(msg.isnil() ? "command failed" : msg.tojstring(), r));
        }));
        meta = new LuaTable();
        meta.set(LuaValue.INDEX, methods);
        meta.set("__name", "CmdResult");
    }

    /** Argument #1 of a CmdResult method: a table ("got no value" when missing, like {@link Args}). */
    private static LuaValue receiver(Varargs args, String fname) {
        LuaValue r = args.arg1();
        if (!r.istable()) {
            throw Args.typeError(1, fname, "CmdResult", args.narg() == 0 ? LuaValue.NONE : r);
        }
        return r;
    }

    LuaTable toLua(ExitResult e) {
        LuaTable t = new LuaTable();
        t.set("ok", LuaValue.valueOf(e.ok()));
        t.set("code", LuaValue.valueOf(e.code()));
        t.set("signal", e.signal() == 0 ? LuaValue.NIL : LuaValue.valueOf(e.signal()));
        t.set("stdout", e.stdout == null ? LuaValue.NIL : LuaValue.valueOf(e.stdout));
        t.set("stderr", e.stderr == null ? LuaValue.NIL : LuaValue.valueOf(e.stderr));
        t.set("timed_out", LuaValue.valueOf(e.timedOut));
        LuaTable steps = new LuaTable();
        for (int i = 0; i < e.codes.length; i++) {
            steps.set(i + 1, LuaValue.valueOf(e.codes[i]));
        }
        t.set("steps", steps);
        t.setmetatable(meta);
        return t;
    }

    /** {@code msg: exit code N[, signal S][, timed out][: start of stderr]}. */
    private static String failure(String msg, LuaValue r) {
        StringBuilder sb = new StringBuilder(msg).append(": exit code ").append(r.get("code").tojstring());
        if (!r.get("signal").isnil()) {
            sb.append(", signal ").append(r.get("signal").tojstring());
        }
        if (r.get("timed_out").toboolean()) {
            sb.append(", timed out");
        }
        LuaValue err = r.get("stderr");
        if (err.isstring()) {
            String text = err.tojstring().strip();
            if (!text.isEmpty()) {
                byte[] b = text.getBytes(StandardCharsets.UTF_8);
                sb.append(": ").append(b.length <= STDERR_QUOTE ? text
                        : new String(b, 0, STDERR_QUOTE, StandardCharsets.UTF_8) + "...");
            }
        }
        return sb.toString();
    }
}
