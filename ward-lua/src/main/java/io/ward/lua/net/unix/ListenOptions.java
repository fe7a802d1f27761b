package io.ward.lua.net.unix;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The options of {@code unix.listen} with the spec's checks and messages: {@code backlog},
 * {@code mode}, {@code owner}, {@code group}, {@code unlink}, {@code unlink_on_close},
 * {@code mkdir}.
 *
 * <p>Immutable once read; made in the runtime's context.
 */
final class ListenOptions {
    int backlog = 128;
    /** Permission bits, or -1: unchanged. */
    int mode = -1;
    long owner = -1;
    long group = -1;
    boolean unlink = true;
    boolean unlinkOnClose = true;
    boolean mkdir;

    ListenOptions(LuaTable o) {
        if (o == null) {
            return;
        }
        LuaValue b = o.get("backlog");
        if (!b.isnil()) {
            backlog = backlog(b);
        }
        LuaValue m = o.get("mode");
        if (!m.isnil()) {
            mode = mode(m);
        }
        owner = id(o.get("owner"));
        group = id(o.get("group"));
        LuaValue u = o.get("unlink");
        if (!u.isnil()) {
            unlink = u.toboolean();
        }
        LuaValue uc = o.get("unlink_on_close");
        if (!uc.isnil()) {
            unlinkOnClose = uc.toboolean();
        }
        mkdir = o.get("mkdir").toboolean();
    }

    private static int backlog(LuaValue v) {
        if (v.type() == LuaValue.TNUMBER) {
            double d = v.todouble();
            if (d >= 1 && !Double.isInfinite(d)) {
                if (d > Integer.MAX_VALUE) {
                    throw new LuaError(d == Math.floor(d) ? "backlog is too large" : "backlog is too large or fractional");
                }
                return (int) d;
            }
        }
        throw new LuaError("backlog must be a positive integer");
    }

    private static int mode(LuaValue v) {
        if (v.type() == LuaValue.TNUMBER) {
            double d = v.todouble();
            if (d >= 0 && !Double.isInfinite(d)) {
                long n = (long) d;
                if (n > 07777) {
                    throw new LuaError("mode must be between 0 and 0o7777");
                }
                return (int) n;
            }
        }
        throw new LuaError("mode must be an integer (octal) between 0 and 0o7777");
    }

    private static long id(LuaValue v) {
        if (v.isnil()) {
            return -1;
        }
        if (v.type() == LuaValue.TNUMBER) {
            double d = v.todouble();
            if (d >= 0 && !Double.isInfinite(d)) {
                if (d > 0xFFFF_FFFFL) {
                    throw new LuaError("id out of range");
                }
                return (long) d;
            }
        }
        throw new LuaError("owner/group must be a non-negative integer");
    }
}
