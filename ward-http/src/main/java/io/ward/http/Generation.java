package io.ward.http;

import io.netty.util.concurrent.Future;
import io.ward.lua.LuaErrors;
import io.ward.lua.WardRuntime;
import io.ward.lua.WardRuntimeGroup;
import org.luaj.vm2.Varargs;

import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loading of the handler script: a runtime per loop, each having run the script and its
 * {@code init}. A reload makes a new generation for new requests; the old one closes when its
 * last request is done, so no connection is dropped.
 *
 * <p>Thread-safe: {@link #acquire}/{@link #release} from any loop; the runtimes themselves are
 * used only on their own loops.
 */
final class Generation {
    private final WardRuntimeGroup runtimes;
    private final Map<WardRuntime, LuaHttpApi> apis;
    /** Requests in flight; -1 once closed (then {@link #acquire} refuses). */
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean retired;

    private Generation(WardRuntimeGroup runtimes) {
        this.runtimes = runtimes;
        Map<WardRuntime, LuaHttpApi> m = new IdentityHashMap<>();
        for (WardRuntime rt : runtimes.runtimes()) {
            m.put(rt, new LuaHttpApi(rt));
        }
        this.apis = Collections.unmodifiableMap(m);
    }

    /**
     * Runs {@code script} in every runtime of {@code runtimes}, then its {@code init(worker)}
     * if it defines one (worker: 1..n). Blocks the calling thread (never a loop).
     *
     * @throws IllegalStateException when the script fails to load, defines no {@code handle},
     *         or its {@code init} fails; the runtimes are closed then
     */
    static Generation load(WardRuntimeGroup runtimes, Path script) throws InterruptedException {
        try {
            List<WardRuntime> list = runtimes.runtimes();
            for (int i = 0; i < list.size(); i++) {
                WardRuntime rt = list.get(i);
                Future<Varargs> loaded = rt.runFile(script).await();
                if (!loaded.isSuccess()) {
                    throw new IllegalStateException("cannot load handler script " + script + ": "
                            + LuaErrors.describe(loaded.cause()));
                }
                Future<Varargs> check = rt.eval("return type(handle), type(init)", "=check").await();
                if (!check.isSuccess() || !"function".equals(check.getNow().arg1().tojstring())) {
                    throw new IllegalStateException("handler script " + script
                            + " must define a global function handle(req, res)");
                }
                if ("function".equals(check.getNow().arg(2).tojstring())) {
                    Future<Varargs> init = rt.call("init", i + 1).await();
                    if (!init.isSuccess()) {
                        throw new IllegalStateException("init of handler script " + script + " failed: "
                                + LuaErrors.describe(init.cause()));
                    }
                }
            }
            return new Generation(runtimes);
        } catch (RuntimeException | InterruptedException e) {
            runtimes.close();
            throw e;
        }
    }

    WardRuntimeGroup runtimes() {
        return runtimes;
    }

    LuaHttpApi api(WardRuntime rt) {
        return apis.get(rt);
    }

    /** Counts a request in; false once this generation closed (use the current one instead). */
    boolean acquire() {
        while (true) {
            int n = inFlight.get();
            if (n < 0) {
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (inFlight.decrementAndGet() == 0 && retired) {
            closeIfIdle();
        }
    }

    /** No new requests come here any more: close now if none is in flight, else after the last. */
    void retire() {
        retired = true;
        closeIfIdle();
    }

    int inFlight() {
        return Math.max(0, inFlight.get());
    }

    private void closeIfIdle() {
        if (inFlight.compareAndSet(0, -1)) {
            runtimes.close();
        }
    }

    /** Closes the runtimes now, whatever is in flight. */
    void close() {
        inFlight.set(-1);
        runtimes.close();
    }
}
