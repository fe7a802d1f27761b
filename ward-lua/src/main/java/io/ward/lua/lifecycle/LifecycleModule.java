package io.ward.lua.lifecycle;

import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.ward.core.CancelSignal;
import io.ward.core.FutureAwaitables;
import io.ward.core.Task;
import io.ward.lua.Args;
import io.ward.lua.Awaits;
import io.ward.lua.LuaErrors;
import io.ward.lua.LuaFunctions;
import io.ward.lua.ScriptExit;
import io.ward.lua.Shutdown;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;

/**
 * The {@code ward.lifecycle} table of one runtime: {@code on}, {@code on_shutdown},
 * {@code off}, {@code request}, {@code requested}, {@code code}, {@code _tick},
 * {@code _run_shutdown}.
 *
 * <p>Confined to the runtime's context, except {@link #deliver} (any thread).
 *
 * <p>Delivery: a signal hops onto the loop at once and each handler for it runs as its own
 * task with {@code {name = "INT", number = 2}}; handler errors are reported on stderr and do
 * not stop the others. After the handlers of SIGINT or SIGTERM have ended, shutdown is
 * requested with code 130 or 143 (origin {@code signal}); a second one while they run requests
 * it at once. Shutdown callbacks run once, last registered first, each as its own task (so it
 * may await), each with {@code {reason, code, error}}.
 */
final class LifecycleModule {
    private final WardRuntime rt;
    // Threading - context only. One counter for both kinds of handler, from 1.
    private long nextId = 1;
    private final Map<Long, SignalHandler> signalHandlers = new LinkedHashMap<>();
    private final Map<Long, LuaValue> shutdownCallbacks = new LinkedHashMap<>();
    /** Signals whose OS handler is installed (or could not be). */
    private final Set<Integer> listening = new HashSet<>();
    /** Ending signals (INT, TERM) whose handlers are running now. */
    private final Set<Integer> dispatching = new HashSet<>();

    private record SignalHandler(int number, LuaValue fn) {
    }

    private LifecycleModule(WardRuntime rt) {
        this.rt = rt;
        rt.shutdown().callbacks(this::runCallbacks);
        // Taken at once so that Ctrl-C and kill run the script's shutdown callbacks.
        listen(SignalNames.INT);
        listen(SignalNames.TERM);
    }

    static LuaTable create(WardRuntime rt) {
        return new LifecycleModule(rt).table();
    }

    private LuaTable table() {
        LuaTable m = new LuaTable();
        m.set("on", LuaFunctions.named("on", this::on));
        m.set("on_shutdown", LuaFunctions.named("on_shutdown", args -> {
            LuaValue fn = Args.checkFunction(args, 1, "on_shutdown");
            long id = nextId++;
            shutdownCallbacks.put(id, fn);
            return LuaValue.valueOf(id);
        }));
        m.set("off", LuaFunctions.named("off", args -> {
            long id = Args.checkInteger(args, 1, "off");
            if (id < 0) {
                throw Args.badArgument(1, "off", "handler id must not be negative");
            }
            return LuaValue.valueOf(signalHandlers.remove(id) != null | shutdownCallbacks.remove(id) != null);
        }));
        m.set("request", LuaFunctions.named("request", args -> {
            Integer code = args.arg1().isnil() ? null : int32(args, 1, "request");
            rt.shutdown().request(code, Shutdown.Origin.REQUESTED);
            return LuaValue.NONE;
        }));
        m.set("requested", LuaFunctions.named("requested", args -> LuaValue.valueOf(code().isPresent())));
        m.set("code", LuaFunctions.named("code", args -> {
            OptionalInt c = code();
            return c.isPresent() ? LuaValue.valueOf(c.getAsInt()) : LuaValue.NIL;
        }));
        m.set("_tick", LuaFunctions.named("_tick", args -> {
            if (code().isPresent()) {
                throw new LuaError("interrupted");
            }
            return LuaValue.NONE;
        }));
        m.set("_run_shutdown", LuaFunctions.named("_run_shutdown", this::runShutdown));
        return m;
    }

    /** {@code on(signal, fn)}. */
    private Varargs on(Varargs args) {
        LuaValue sig = args.arg1();
        int number;
        if (sig.type() == LuaValue.TNUMBER) {
            number = (int) (long) sig.todouble(); // truncated to 32 bits, as upstream
        } else if (sig.type() == LuaValue.TSTRING) {
            String name = sig.tojstring().toUpperCase(Locale.ROOT);
            number = SignalNames.number(name);
            if (number < 0) {
                throw Args.badArgument(1, "on", "unknown signal: " + name);
            }
        } else {
            throw Args.badArgument(1, "on", "signal must be a name (e.g. 'INT') or a number, got " + Args.typeName(
                    args.narg() == 0 ? LuaValue.NONE : sig));
        }
        LuaValue fn = Args.checkFunction(args, 2, "on");
        long id = nextId++;
        signalHandlers.put(id, new SignalHandler(number, fn));
        listen(number);
        return LuaValue.valueOf(id);
    }

    /** Takes signal {@code number} from the JVM if the runtime allows it and the name is known. */
    private void listen(int number) {
        String name = SignalNames.name(number);
        if (!rt.handlesOsSignals() || name.equals("UNKNOWN") || !listening.add(number)) {
            return;
        }
        Runnable stop = OsSignals.listen(name, number, this::deliver);
        if (stop != null) {
            rt.onClose(stop);
        }
    }

    /** A signal arrived (any thread): dispatched on the loop. */
    void deliver(int number) {
        if (SignalNames.ends(number)) {
            rt.shutdown().endingSignal(128 + number);
        }
        try {
            rt.loop().execute(() -> dispatch(number));
        } catch (RejectedExecutionException e) {
            // the runtime's loop is gone: nobody left to tell
        }
    }

    private void dispatch(int number) {
        boolean ends = SignalNames.ends(number);
        if (ends && dispatching.contains(number)) {
            requestFor(number); // a second Ctrl-C while the handlers run: now
            return;
        }
        List<LuaValue> fns = new ArrayList<>();
        for (SignalHandler h : signalHandlers.values()) {
            if (h.number == number) {
                fns.add(h.fn);
            }
        }
        if (fns.isEmpty()) {
            if (ends) {
                requestFor(number);
            }
            return;
        }
        if (ends) {
            dispatching.add(number);
        }
        int[] left = {fns.size()};
        for (LuaValue fn : fns) {
            LuaTable event = new LuaTable();
            event.set("name", SignalNames.name(number));
            event.set("number", number);
            Future<?> f = spawn(fn, event);
            f.addListener(done -> {
                report(done, "signal handler (" + SignalNames.name(number) + ")");
                if (--left[0] == 0 && ends) {
                    dispatching.remove(number);
                    requestFor(number);
                }
            });
        }
    }

    private void requestFor(int number) {
        rt.shutdown().request(128 + number, Shutdown.Origin.SIGNAL);
    }

    /** Runs {@code fn(arg)} as a task; a future failed at once if the runtime is closed. */
    private Future<?> spawn(LuaValue fn, LuaValue arg) {
        try {
            Task<Varargs> t = rt.spawnLua(fn, arg);
            return t.toFuture();
        } catch (RuntimeException e) {
            return rt.loop().newSucceededFuture(null); // the runtime is closed: nothing runs
        }
    }

    /** Reports a handler's or callback's error on stderr, like an error nobody waited for. */
    private void report(Future<?> done, String what) {
        Throwable t = done.cause();
        if (t == null || ScriptExit.find(t) != null || LuaErrors.findCause(t, CancellationException.class) != null
                || LuaErrors.findCause(t, CancelSignal.class) != null || !rt.scheduler().inContext()) {
            return;
        }
        String message;
        try {
            message = LuaErrors.describe(t);
        } catch (RuntimeException e) {
            message = LuaErrors.value(t).typename() + " error value";
        }
        rt.stderr().println("ward: error in " + what + ": " + message);
        rt.stderr().flush();
    }

    /** The shutdown code: requested by lifecycle or a signal, else by {@code process.exit}. */
    private OptionalInt code() {
        Shutdown.Request r = rt.shutdown().requested();
        return r != null ? OptionalInt.of(r.code()) : rt.exitStatus();
    }

    /** Runs the callbacks (see {@link Shutdown#runCallbacks}): LIFO, one task each, in turn. */
    private Future<?> runCallbacks(Shutdown.Reason reason, String error) {
        List<LuaValue> fns = new ArrayList<>(shutdownCallbacks.values());
        Collections.reverse(fns);
        shutdownCallbacks.clear();
        Promise<Void> all = rt.loop().newPromise();
        runNext(fns.iterator(), reason, error, all);
        return all;
    }

    private void runNext(Iterator<LuaValue> it, Shutdown.Reason reason, String error, Promise<Void> all) {
        if (!it.hasNext()) {
            all.trySuccess(null);
            return;
        }
        LuaTable event = new LuaTable();
        event.set("reason", reason.luaName());
        OptionalInt c = code();
        if (c.isPresent()) {
            event.set("code", c.getAsInt());
        }
        if (error != null) {
            event.set("error", LuaErrors.luaString(error));
        }
        spawn(it.next(), event).addListener(done -> {
            report(done, "shutdown callback");
            runNext(it, reason, error, all);
        });
    }

    /** {@code _run_shutdown(reason?, error?)}: runs the callbacks now and waits for them. */
    private Varargs runShutdown(Varargs args) {
        LuaValue r = args.arg1();
        Shutdown.Reason reason;
        if (r.isnil()) {
            reason = Shutdown.Reason.ERROR;
        } else if (r.isstring()) { // numbers too, as everywhere a string is expected
            reason = null;
            for (Shutdown.Reason each : Shutdown.Reason.values()) {
                if (each.luaName().equals(r.tojstring())) {
                    reason = each;
                }
            }
            if (reason == null) {
                throw Args.badArgument(1, "_run_shutdown", "unknown shutdown reason: " + r.tojstring());
            }
        } else {
            throw Args.typeError(1, "_run_shutdown", "string", r);
        }
        LuaValue e = args.arg(2);
        if (!e.isnil() && !e.isstring()) {
            throw Args.typeError(2, "_run_shutdown", "string", e);
        }
        boolean first = !rt.shutdown().callbacksStarted();
        Future<?> run = rt.shutdown().runCallbacks(reason, e.isnil() ? null : e.tojstring());
        if (first) { // a later call (from a callback itself) must not wait for the run it is part of
            Awaits.awaitCore(rt, FutureAwaitables.of(rt.scheduler(), run));
        }
        return LuaValue.NONE;
    }

    /** A 32-bit integer argument (a fraction is an error; outside 32 bits too). */
    private static int int32(Varargs args, int index, String fname) {
        long v = Args.checkInteger(args, index, fname);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw Args.badArgument(index, fname, "number out of 32-bit range");
        }
        return (int) v;
    }
}
