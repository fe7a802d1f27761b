package io.ward.lua.net;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.WardRuntime;
import io.ward.lua.net.http.HttpClient;
import io.ward.lua.net.http.PoolStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP client's behaviour seen from Java, on every fiber engine, against a real server:
 * every handler callback and every line of Lua runs in the runtime's context (its loop, or
 * the fiber the loop hands over to), kept-alive connections are reused, and cancelled
 * requests leave no connection open, by the pool's own counters and by the server's.
 */
class HttpClientTest {
    private static TestHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestHttpServer(null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WardRuntime runtime(FiberEngine engine) {
        WardRuntime rt = WardRuntime.builder().engine(engine).commandLineModules().build();
        rt.globals().set("BASE", server.base);
        return rt;
    }

    private static Varargs run(WardRuntime rt, String code) throws Exception {
        Future<Varargs> f = rt.eval(code, "test");
        assertTrue(f.await(120, TimeUnit.SECONDS), "finished");
        if (!f.isSuccess()) {
            throw new AssertionError(f.cause().getMessage(), f.cause());
        }
        return f.getNow();
    }

    private static PoolStats stats(WardRuntime rt) throws Exception {
        return rt.loop().submit(() -> HttpClient.of(rt).stats()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void noLuaAndNoRequestCallbackRunsOffTheLoop() throws Exception {
        for (FiberEngine engine : Engines.runnable()) {
            try (WardRuntime rt = runtime(engine)) {
                AtomicInteger offContext = new AtomicInteger();
                AtomicInteger checks = new AtomicInteger();
                rt.globals().set("where", new VarArgFunction() {
                    @Override
                    public Varargs invoke(Varargs args) {
                        checks.incrementAndGet();
                        boolean onLoop = rt.loop().inEventLoop();
                        // the continuation engine runs fibers on the loop thread itself; the
                        // thread engine on a fiber thread while the loop waits for it
                        if (!rt.scheduler().inContext() || (engine.name().equals("continuation") && !onLoop)) {
                            offContext.incrementAndGet();
                        }
                        return NONE;
                    }
                });
                run(rt, "local async, http = require('ward.async'), require('ward.net.http')\n"
                        + "local tasks = {}\n"
                        + "for i = 1, 50 do tasks[i] = async.spawn(function()\n"
                        + "  for j = 1, 10 do\n"
                        + "    where(); assert(http.get(BASE .. '/hello').body == 'hello')\n"
                        + "    where(); assert(#http.get(BASE .. '/gzip').body == 1700)\n"
                        + "    local s = http.get(BASE .. '/big?n=100000', {stream = true}).stream\n"
                        + "    while s:read() do where() end\n"
                        + "  end\n"
                        + "end) end\n"
                        + "for i = 1, 50 do tasks[i]:wait() end\n");
                assertEquals(0, offContext.get(), "Lua ran outside the runtime's context on " + engine.name());
                assertTrue(checks.get() > 1000, "the probe ran");
                long off = rt.loop().submit(() -> HttpClient.of(rt).offLoopCallbacks()).get();
                assertEquals(0, off, "handler callbacks off the runtime's loop on " + engine.name());
                PoolStats s = stats(rt);
                assertTrue(s.reused > s.created, "connections were kept alive and reused: " + s);
                assertTrue(s.created <= 64 + 1, "bounded per host: " + s);
            }
        }
    }

    @Test
    void sequentialRequestsReuseOneConnection() throws Exception {
        for (FiberEngine engine : Engines.runnable()) {
            try (WardRuntime rt = runtime(engine)) {
                run(rt, "local http = require('ward.net.http')\n"
                        + "for i = 1, 100 do assert(http.get(BASE .. '/hello').body == 'hello') end");
                PoolStats s = stats(rt);
                assertEquals(1, s.created, "one connection for 100 sequential requests: " + s);
                assertEquals(99, s.reused, s.toString());
                assertEquals(1, s.idle, s.toString());
                // a server that closes (Connection: close) is not reused
                run(rt, "local http = require('ward.net.http')\n"
                        + "for i = 1, 3 do assert(http.get(BASE .. '/close').body == 'bye') end");
                // the kept-alive connection served the first, then closed; the others each had their own
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    PoolStats s2 = stats(rt);
                    assertEquals(0, s2.open, s2.toString());
                    assertEquals(3, s2.created, s2.toString());
                });
            }
        }
    }

    @Test
    void tenThousandCancelledRequestsLeaveNoOpenChannels() throws Exception {
        int n = Integer.getInteger("ward.net.cancelled", 10_000);
        for (FiberEngine engine : Engines.runnable()) {
            try (WardRuntime rt = runtime(engine)) {
                int hangingBefore = server.hanging.get();
                run(rt, "local async, time = require('ward.async'), require('ward.time')\n"
                        + "local http = require('ward.net.http')\n"
                        + "TASKS = {}\n"
                        + "for i = 1, " + n + " do TASKS[i] = async.spawn(function()\n"
                        + "  return http.get(BASE .. '/hang')\n"
                        + "end) end\n");
                // every connection the pool allows is in use and waiting for an answer
                await().atMost(Duration.ofSeconds(60)).until(() -> server.hanging.get() - hangingBefore >= 64);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    PoolStats busy = stats(rt);
                    assertEquals(64, busy.leased, busy.toString());
                    assertEquals(n - 64, busy.waiting, busy.toString()); // every task has started
                });
                run(rt, "for i = 1, #TASKS do TASKS[i]:cancel() end\n"
                        + "local time = require('ward.time'); time.sleep(0):wait()\n"
                        + "for i = 1, #TASKS do assert(not pcall(TASKS[i].wait, TASKS[i])) end");
                // Nothing leased nor waiting; what is still open is idle in the pool (a connection
                // made for a waiter cancelled while it connected goes idle, reusable), and the
                // server sees exactly those. Idle ones close after HttpClient.IDLE_NANOS (30 s),
                // not waited for here: closing the runtime closes them.
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    PoolStats s = stats(rt);
                    assertEquals(0, s.leased, s.toString());
                    assertEquals(0, s.waiting, s.toString());
                    assertEquals(s.open, s.idle, s.toString());
                    assertEquals(s.created, s.closed + s.open, s.toString());
                    assertEquals(s.open, server.openConnections.get(), s.toString());
                });
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> server.openConnections.get() == 0);
        }
    }
}
