package io.ward.lua.log;

import io.ward.lua.Args;
import io.ward.lua.LogLevel;
import io.ward.lua.LogLines;
import io.ward.lua.LuaFunctions;
import io.ward.lua.TextArgs;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * Builds the {@code ward.log} module of one runtime: one logger per runtime (its level shared
 * by all its tasks, starting at info) writing {@code <UTC time> <LEVEL> <message>} lines to the
 * runtime's stderr, each in one write, in call order with {@code print} and {@code ward.io}.
 *
 * <p>Confined to the runtime's context; nothing suspends, except what {@code time}'s function
 * itself awaits.
 */
public final class LogModule {
    private final WardRuntime rt;
    // Threading - context only.
    private LogLevel level = LogLevel.INFO;

    private LogModule(WardRuntime rt) {
        this.rt = rt;
    }

    /** The module table for {@code require("ward.log")}. */
    public static LuaTable create(WardRuntime rt) {
        return new LogModule(rt).table();
    }

    private LuaTable table() {
        LuaTable m = new LuaTable();
        for (LogLevel l : LogLevel.values()) {
            String name = l.name().toLowerCase(Locale.ROOT);
            m.set(name, LuaFunctions.named(name, a -> {
                log(l, LogRendering.message(a, 1));
                return LuaValue.NONE;
            }));
            String labelled = "l" + name;
            m.set(labelled, LuaFunctions.named(labelled, a -> {
                String label = TextArgs.checkText(a, 1, labelled).strip();
                log(l, "[" + label + "] " + LogRendering.message(a, 2));
                return LuaValue.NONE;
            }));
        }
        m.set("set_level", LuaFunctions.named("set_level", a -> {
            String name = TextArgs.checkText(a, 1, "set_level");
            LogLevel l = LogLevel.parse(name);
            if (l == null) {
                throw new LuaError("invalid log level '" + name
                        + "' (expected trace, debug, info, warn, error or fatal)");
            }
            level = l;
            return LuaValue.NONE;
        }));
        m.set("time", LuaFunctions.named("time", this::time));
        return m;
    }

    private Varargs time(Varargs a) {
        String label = TextArgs.checkText(a, 1, "time"); // not trimmed
        LuaValue fn = Args.checkFunction(a, 2, "time");
        long start = System.nanoTime();
        LuaValue first = fn.invoke(LuaValue.NONE).arg1(); // an error propagates, nothing is logged
        log(LogLevel.INFO, "[" + label + "] took " + Elapsed.format(System.nanoTime() - start));
        return first;
    }

    private void log(LogLevel l, String message) {
        if (l.compareTo(level) < 0) {
            return;
        }
        byte[] line = LogLines.line(Instant.now(), l, LogLines.colour(rt), message.getBytes(StandardCharsets.UTF_8));
        LogLines.write(rt.stderr(), line);
    }
}
