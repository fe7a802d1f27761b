package io.ward.lua.reliability;

import io.ward.core.CancelSignal;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Lua function {@code WRAP(fn, kind, ...)} that calls {@code fn(...)} and counts, per
 * {@code kind}, how the call ended: {@code entered}, then exactly one of {@code values},
 * {@code died} or {@code cancelled}. Spawned as {@code async.spawn(WRAP, body, "kind")} it
 * counts task endings from outside Lua, even for tasks that cannot run Lua any more.
 *
 * <p>Called in the runtime's context; the counters are read from any thread.
 */
final class EndCounter extends VarArgFunction {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    @Override
    public Varargs invoke(Varargs args) {
        String kind = args.arg(2).tojstring();
        bump(kind, "entered");
        try {
            Varargs r = args.arg1().invoke(args.subargs(3));
            bump(kind, "values");
            return r;
        } catch (CancelSignal c) {
            bump(kind, "cancelled");
            throw c;
        } catch (RuntimeException | Error e) {
            bump(kind, "died");
            throw e;
        }
    }

    private void bump(String kind, String what) {
        counts.computeIfAbsent(kind + "." + what, k -> new AtomicInteger()).incrementAndGet();
    }

    /** How many calls of {@code kind} ended as {@code what} ({@code entered}, {@code values}, {@code died}, {@code cancelled}). */
    int count(String kind, String what) {
        AtomicInteger n = counts.get(kind + "." + what);
        return n == null ? 0 : n.get();
    }

    /** Calls of {@code kind} that ended, whichever way. */
    int ended(String kind) {
        return count(kind, "values") + count(kind, "died") + count(kind, "cancelled");
    }
}
