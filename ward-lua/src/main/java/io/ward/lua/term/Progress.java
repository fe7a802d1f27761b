package io.ward.lua.term;

import io.ward.lua.Args;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A {@code term.progress} bar. On a terminal (decided at creation) it redraws one line in
 * place ({@code \r}, clear line, at most every 50 ms unless forced). Elsewhere (a pipe, a
 * file, CI) it degrades to plain lines **[Ward/JVM]**: one when the message or total is set,
 * one each time the bar passes another tenth, and one at {@code finish}, never the same line
 * twice; upstream draws nothing there. Confined to the runtime's context.
 */
final class Progress {
    private static final long THROTTLE_NANOS = 50_000_000L;
    private static final char[] SPINNER = {'|', '/', '-', '\\'};

    private final WardRuntime rt;
    private final boolean toStdout;
    private final boolean terminal;
    private final int width;
    private final long started;
    private Long total; // null: spinner mode
    private long current;
    private String message;
    private boolean finished;
    private long lastDraw = Long.MIN_VALUE;
    private int spin;
    private int lastTenth = -1;
    private String lastPlain;

    private Progress(WardRuntime rt, Long total, String message, int width, boolean toStdout) {
        this.rt = rt;
        this.total = total;
        this.message = message;
        this.width = width;
        this.toStdout = toStdout;
        this.terminal = Terminals.isTerminal(rt, toStdout ? 1 : 2);
        this.started = rt.scheduler().nanoTime();
    }

    static LuaValue create(WardRuntime rt, Varargs a, LuaTable meta) {
        if (a.narg() > 1) {
            throw new LuaError("progress expects at most one argument");
        }
        LuaValue v = a.arg1();
        Long total = null;
        String message = null;
        int width = 40;
        boolean stdout = false;
        if (v.type() == LuaValue.TNUMBER) {
            total = count(v.todouble());
        } else if (v.istable()) {
            LuaValue t = v.get("total");
            if (t.type() == LuaValue.TNUMBER) {
                total = count(t.todouble());
            }
            LuaValue m = v.get("message");
            if (!m.isnil()) {
                if (!m.isstring()) {
                    throw new LuaError("progress message must be a string, got " + m.typename());
                }
                message = m.tojstring();
            }
            LuaValue w = v.get("width");
            if (!w.isnil()) {
                if (w.type() != LuaValue.TNUMBER || !(w.todouble() >= 0) || w.todouble() != Math.floor(w.todouble())) {
                    throw new LuaError("progress width must be a non-negative integer");
                }
                width = (int) Math.min(Math.max(10, w.todouble()), 1000);
            }
            LuaValue s = v.get("stream");
            stdout = s.isstring() && s.tojstring().toLowerCase(Locale.ROOT).equals("stdout");
        } else if (!v.isnil()) {
            throw new LuaError("progress expects a table or a number, got " + v.typename());
        }
        return new LuaUserdata(new Progress(rt, total, message, width, stdout), meta);
    }

    /** Negative is 0, a fraction is truncated. */
    private static long count(double d) {
        return Double.isNaN(d) || d <= 0 ? 0 : d >= 0x1p62 ? (long) 0x1p62 : (long) d;
    }

    static LuaTable metatable() {
        LuaTable methods = new LuaTable();
        methods.set("tick", fn("tick", a -> {
            Progress p = self(a, "tick");
            LuaValue d = a.arg(2);
            long delta = d.isnil() ? 1 : count(Args.checkNumber(a, 2, "tick"));
            p.current = Math.min(p.current + delta, (long) 0x1p62);
            p.draw(p.total != null && p.total > 0 && p.current >= p.total);
            return LuaValue.NONE;
        }));
        methods.set("value", fn("value", a -> {
            Progress p = self(a, "value");
            if (a.narg() < 2) {
                return LuaValue.valueOf((double) p.current);
            }
            p.current = count(Args.checkNumber(a, 2, "value"));
            p.draw(false);
            return LuaValue.NONE;
        }));
        methods.set("total", fn("total", a -> {
            Progress p = self(a, "total");
            if (a.narg() < 2) {
                return LuaValue.valueOf(p.total == null ? 0 : (double) p.total);
            }
            p.total = count(Args.checkNumber(a, 2, "total"));
            p.draw(true);
            return LuaValue.NONE;
        }));
        methods.set("message", fn("message", a -> {
            Progress p = self(a, "message");
            if (a.narg() < 2) {
                return LuaValue.valueOf(p.message == null ? "" : p.message);
            }
            p.message = Args.checkString(a, 2, "message");
            p.draw(true);
            return LuaValue.NONE;
        }));
        methods.set("finish", fn("finish", a -> {
            Progress p = self(a, "finish");
            LuaValue m = a.arg(2);
            if (!m.isnil() && !m.isstring()) {
                throw Args.typeError(2, "finish", "string", m);
            }
            if (!p.finished) {
                if (!m.isnil()) {
                    p.message = m.tojstring();
                }
                p.draw(true);
                if (p.terminal) {
                    p.stream().print('\n');
                    p.stream().flush();
                }
                p.finished = true;
            }
            return LuaValue.TRUE;
        }));
        LuaTable meta = new LuaTable();
        meta.set("__index", methods);
        meta.set("__name", "Progress");
        meta.set("__tostring", fn("__tostring", a -> {
            Progress p = self(a, "__tostring");
            return LuaValue.valueOf("Progress(total=" + (p.total == null ? "nil" : p.total) + ", current=" + p.current + ")");
        }));
        return meta;
    }

    private void draw(boolean force) {
        if (finished) {
            return;
        }
        long now = rt.scheduler().nanoTime();
        if (terminal) {
            if (!force && lastDraw != Long.MIN_VALUE && now - lastDraw < THROTTLE_NANOS) {
                return;
            }
            lastDraw = now;
            write("\r" + Ansi.csi("2K") + line(now));
            return;
        }
        int tenth = total != null ? (int) (fraction() * 10) : -1;
        if (!force && (total == null || tenth <= lastTenth)) {
            return;
        }
        lastTenth = Math.max(lastTenth, tenth);
        String plain = line(now);
        String withoutTime = plain.substring(0, plain.lastIndexOf(' '));
        if (!withoutTime.equals(lastPlain)) { // never the same state twice
            lastPlain = withoutTime;
            write(plain + "\n");
        }
    }

    private double fraction() {
        long t = Math.max(1, total);
        return Math.min(current, t) / (double) t;
    }

    /** The message right before the body (no separator, as upstream). */
    private String line(long now) {
        long secs = (now - started) / 1_000_000_000L;
        StringBuilder b = new StringBuilder(message == null ? "" : message);
        if (total != null) {
            long t = Math.max(1, total);
            int filled = (int) Math.round(fraction() * width);
            b.append('[').append("#".repeat(filled)).append("-".repeat(width - filled)).append("] ")
                    .append(Math.min(current, t)).append('/').append(t)
                    .append(" (").append(Math.round(fraction() * 100)).append("%) ");
        } else {
            b.append(SPINNER[spin++ % SPINNER.length]).append(' ');
        }
        return b.append(secs).append('s').toString();
    }

    private void write(String s) {
        PrintStream out = stream();
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        out.flush();
    }

    private PrintStream stream() {
        return toStdout ? rt.globals().STDOUT : rt.globals().STDERR;
    }

    private static Progress self(Varargs a, String fname) {
        return Args.checkUserdata(a, 1, fname, Progress.class, "Progress");
    }

    private static LuaValue fn(String name, LuaFunctions.Body body) {
        return LuaFunctions.named(name, body);
    }
}
