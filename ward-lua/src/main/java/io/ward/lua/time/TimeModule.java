package io.ward.lua.time;

import io.ward.lua.DurationArgs;

import io.ward.core.Awaitable;
import io.ward.core.Scheduler;
import io.ward.core.Timers;
import io.ward.lua.Args;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import io.ward.lua.Awaits;
import io.ward.lua.LuaAwaitable;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;


/**
 * Builds the {@code ward.time} module of one runtime: the clock and duration functions of
 * {@link ClockFunctions} plus the timers {@code sleep}, {@code after}, {@code interval},
 * {@code timeout} and {@code sleep_blocking}. Timers are userdata awaitables (method
 * {@code :wait()} and {@code __call}), their arguments validated when they are created.
 *
 * <p>Confined to the runtime's context.
 */
public final class TimeModule {
    private final WardRuntime rt;
    private final Scheduler scheduler;

    private TimeModule(WardRuntime rt) {
        this.rt = rt;
        this.scheduler = rt.scheduler();
    }

    /** The module table for {@code require("ward.time")}. */
    public static LuaTable create(WardRuntime rt) {
        return new TimeModule(rt).table();
    }

    private LuaTable table() {
        LuaTable m = new LuaTable();
        ClockFunctions.install(m);
        LuaTable sleepMeta = timerMeta("Sleep", null);
        LuaTable afterMeta = timerMeta("After", null);
        LuaTable timeoutMeta = timerMeta("Timeout", null);
        LuaTable intervalMethods = new LuaTable();
        intervalMethods.set("reset", fn("reset", a -> {
            interval(a, "reset").reset();
            return LuaValue.TRUE;
        }));
        intervalMethods.set("period", fn("period", a -> Durations.wrap(interval(a, "period").periodNanos)));
        LuaTable intervalMeta = timerMeta("Interval", intervalMethods);

        m.set("sleep", fn("sleep", a -> {
            long d = duration(a, 1, "sleep");
            return new LuaUserdata(new Sleep(d), sleepMeta);
        }));
        m.set("after", fn("after", a -> {
            long d = duration(a, 1, "after");
            LuaValue cb = a.arg(2);
            if (!cb.isnil() && !cb.isfunction()) {
                throw Args.typeError(2, "after", "function", cb);
            }
            return new LuaUserdata(new After(d, cb), afterMeta);
        }));
        m.set("interval", fn("interval", a -> {
            long p = duration(a, 1, "interval");
            if (p == 0) {
                throw Args.badArgument(1, "interval", "period must be positive");
            }
            return new LuaUserdata(new Interval(p), intervalMeta);
        }));
        m.set("timeout", fn("timeout", a -> {
            LuaValue inner = a.arg1();
            if (!inner.isuserdata() || !(inner.touserdata() instanceof LuaAwaitable)) {
                throw Args.typeError(1, "timeout", "awaitable", a.narg() == 0 ? LuaValue.NONE : inner);
            }
            long d = duration(a, 2, "timeout");
            return new LuaUserdata(new Timeout((LuaAwaitable) inner.touserdata(), d), timeoutMeta);
        }));
        m.set("sleep_blocking", fn("sleep_blocking", a -> {
            double seconds = Args.checkNumber(a, 1, "sleep_blocking");
            if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                throw new LuaError("duration must be finite");
            }
            if (seconds < 0) {
                throw new LuaError(DurationArgs.NEGATIVE);
            }
            sleepBlocking((long) (seconds * 1e9));
            return LuaValue.TRUE;
        }));
        return m;
    }

    private static void sleepBlocking(long nanos) {
        long deadline = System.nanoTime() + nanos;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            try {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LuaError("sleep_blocking interrupted");
            }
        }
    }

    /** A duration argument (number, string or Duration), non-negative, in nanoseconds. */
    private static long duration(Varargs a, int index, String fname) {
        if (index > a.narg()) {
            throw Args.typeError(index, fname, "duration", LuaValue.NONE);
        }
        return DurationArgs.checkNonNegative(a.arg(index));
    }

    private LuaTable timerMeta(String name, LuaTable extraMethods) {
        LuaTable methods = extraMethods != null ? extraMethods : new LuaTable();
        methods.set("wait", fn("wait", a -> Awaits.await(rt, timer(a, "wait"))));
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, methods);
        meta.set(LuaValue.CALL, fn("__call", a -> Awaits.await(rt, timer(a, "__call"))));
        meta.set(LuaValue.TOSTRING, fn("__tostring", a -> LuaValue.valueOf(timer(a, "__tostring").toString())));
        meta.set("__name", name);
        return meta;
    }

    private static Timer timer(Varargs a, String fname) {
        return Args.checkUserdata(a, 1, fname, Timer.class, "timer");
    }

    private static Interval interval(Varargs a, String fname) {
        return Args.checkUserdata(a, 1, fname, Interval.class, "Interval");
    }

    private static String millis(long nanos) {
        return java.math.BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString() + "ms";
    }

    private static LuaValue fn(String name, LuaFunctions.Body body) {
        return LuaFunctions.named(name, body);
    }

    /** The common type of the timer payloads. */
    private abstract static class Timer implements LuaAwaitable {
    }

    /** {@code sleep(d)}: each wait sleeps {@code d} from its start and returns {@code true}. */
    private final class Sleep extends Timer {
        private final long nanos;

        Sleep(long nanos) {
            this.nanos = nanos;
        }

        @Override
        public Awaitable<?> awaitable() {
            return Timers.sleep(scheduler, nanos);
        }

        @Override
        public Varargs finish(Object value) {
            return LuaValue.TRUE;
        }

        @Override
        public String toString() {
            return "Sleep(" + millis(nanos) + ")";
        }
    }

    /** {@code after(d, cb)}: each wait sleeps {@code d}, then returns {@code cb()}'s values. */
    private final class After extends Timer {
        private final long nanos;
        private final LuaValue callback;

        After(long nanos, LuaValue callback) {
            this.nanos = nanos;
            this.callback = callback;
        }

        @Override
        public Awaitable<?> awaitable() {
            return Timers.sleep(scheduler, nanos);
        }

        @Override
        public Varargs finish(Object value) {
            return callback.isnil() ? LuaValue.NONE : callback.invoke();
        }

        @Override
        public String toString() {
            return "After(" + millis(nanos) + ")";
        }
    }

    /**
     * {@code interval(p)}: ticks at creation + p, + 2p, ... with no drift; each wait returns
     * the tick count, a late waiter gets missed ticks at once, one per wait.
     */
    private final class Interval extends Timer {
        final long periodNanos;
        private long deadline;
        private long count;

        Interval(long periodNanos) {
            this.periodNanos = periodNanos;
            this.deadline = scheduler.nanoTime() + periodNanos;
        }

        void reset() {
            count = 0;
            deadline = scheduler.nanoTime() + periodNanos;
        }

        @Override
        public Awaitable<?> awaitable() {
            return Timers.until(scheduler, deadline);
        }

        @Override
        public Varargs finish(Object value) {
            deadline += periodNanos;
            return LuaValue.valueOf(++count);
        }

        @Override
        public String toString() {
            return "Interval(" + millis(periodNanos) + ")";
        }
    }

    /** {@code timeout(a, d)}: single use; {@code a}'s results, or an error containing "timeout". */
    private final class Timeout extends Timer {
        private final LuaAwaitable inner;
        private final long nanos;
        private boolean consumed;

        Timeout(LuaAwaitable inner, long nanos) {
            this.inner = inner;
            this.nanos = nanos;
        }

        @Override
        public Awaitable<?> awaitable() {
            if (consumed) {
                throw new LuaError("timeout awaitable already consumed");
            }
            consumed = true;
            return Timers.withTimeout(scheduler, inner.awaitable(), nanos);
        }

        @Override
        public Varargs finish(Object value) {
            return inner.finish(value);
        }

        @Override
        public String toString() {
            return "Timeout(" + millis(nanos) + ")";
        }
    }
}
