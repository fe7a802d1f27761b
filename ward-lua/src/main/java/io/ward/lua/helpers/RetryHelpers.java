package io.ward.lua.helpers;

import io.ward.core.Timers;
import io.ward.core.time.DurationParser;
import io.ward.core.time.TimeValueException;
import io.ward.lua.Args;
import io.ward.lua.Awaits;
import io.ward.lua.LuaErrors;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import java.util.concurrent.ThreadLocalRandom;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * {@code ward.helpers.retry}: {@code run(fn, opts)} calls {@code fn} until it returns without
 * raising, pausing between attempts on the runtime's timers (only the calling task waits).
 * Confined to the runtime's context.
 */
final class RetryHelpers {
    private final WardRuntime rt;

    private RetryHelpers(WardRuntime rt) {
        this.rt = rt;
    }

    static LuaTable create(WardRuntime rt) {
        RetryHelpers r = new RetryHelpers(rt);
        LuaTable m = new LuaTable();
        m.set("run", LuaFunctions.named("run", a -> r.run(Args.checkFunction(a, 1, "run"), a.arg(2))));
        return m;
    }

    private LuaValue run(LuaValue fn, LuaValue opts) {
        LuaValue o = opts.istable() ? opts : new LuaTable(); // non-table opts: the defaults
        long attempts = attempts(o.get("attempts"));
        long delay = millis(o.get("delay"), "delay", 100);
        long maxDelay = millis(o.get("max_delay"), "max_delay", -1);
        double backoff = o.get("backoff").isnil() ? 2.0 : number(o.get("backoff"), "backoff");
        if (!(backoff >= 1) || Double.isInfinite(backoff)) {
            backoff = 1.0;
        }
        boolean jitter = o.get("jitter").toboolean();
        double ratio = o.get("jitter_ratio").isnil() ? 0.2 : number(o.get("jitter_ratio"), "jitter_ratio");
        ratio = Double.isNaN(ratio) ? 0 : Math.max(0, Math.min(1, ratio));
        Awaits.checkInTask(rt);
        for (long attempt = 1; ; attempt++) {
            try {
                return fn.call();
            } catch (LuaError e) {
                if (LuaErrors.isUnwinding(e) || attempt >= attempts) {
                    throw e;
                }
            }
            long pause = maxDelay >= 0 ? Math.min(delay, maxDelay) : delay;
            if (jitter && ratio > 0 && pause > 0) { // ratio 0: no jitter (upstream aborts)
                double factor = 1 - ratio + ThreadLocalRandom.current().nextDouble() * 2 * ratio;
                pause = Math.round(pause * factor);
            }
            if (pause > 0) {
                Awaits.awaitCore(rt, Timers.sleep(rt.scheduler(), pause * 1_000_000L));
            }
            if (backoff > 1 && delay > 0) {
                delay = Math.min(Math.round(delay * backoff), Long.MAX_VALUE / 2_000_000L);
            }
        }
    }

    private static long attempts(LuaValue v) {
        if (v.isnil()) {
            return 3;
        }
        double d = number(v, "attempts");
        if (d < 0 || Double.isNaN(d)) {
            throw new LuaError("attempts must be a non-negative integer");
        }
        return Math.max(1, (long) d);
    }

    private static double number(LuaValue v, String name) {
        if (v.type() != LuaValue.TNUMBER) {
            throw new LuaError(name + " must be a number (got " + v.typename() + ")");
        }
        return v.todouble();
    }

    /** A pause: a duration string, integer milliseconds, or float milliseconds rounded. */
    private static long millis(LuaValue v, String name, long fallback) {
        if (v.isnil()) {
            return fallback;
        }
        if (v.type() == LuaValue.TSTRING) {
            LuaString s = (LuaString) v;
            if (!s.isValidUtf8()) {
                throw new LuaError(name + " must be valid utf-8");
            }
            try {
                return DurationParser.parse(s.tojstring()) / 1_000_000L;
            } catch (TimeValueException e) {
                throw new LuaError("failed to parse " + name + " duration");
            }
        }
        if (v.type() == LuaValue.TNUMBER) {
            double d = v.todouble();
            if (d == Math.rint(d) && !Double.isInfinite(d)) {
                if (d < 0) {
                    throw new LuaError(name + " must be non-negative");
                }
                return (long) Math.min(d, Long.MAX_VALUE / 2_000_000L);
            }
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                throw new LuaError(name + " must be a non-negative finite number");
            }
            return Math.round(d);
        }
        throw new LuaError(name + " must be a string or number (got " + v.typename() + ")");
    }
}
