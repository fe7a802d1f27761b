package io.ward.lua.reliability;

import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.WardRuntime;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Varargs;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closing a runtime with 1,000 parked tasks resolves them all (issue 7, faults): tasks asleep,
 * blocked sending to a full channel or receiving from an empty one, in a select, under a
 * timeout, and waiting on host futures that never complete. {@code close()} returns, every
 * task ends cancelled exactly once, the futures of a pending {@code eval} and {@code call}
 * complete exceptionally, no fiber thread is left inside a task (thread engine: every
 * worker is back in its pool), the loop terminates and nothing is reported as a failure.
 */
@Timeout(300)
class CloseWithParkedTasksTest {
    static final List<String> KINDS = Arrays.asList("sleep", "send", "recv", "select", "timeout", "stage", "future");

    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void closeResolvesEveryParkedTask(FiberEngine engine) throws Exception {
        int n = RuntimeUnderTest.scaled(1_000);
        EndCounter wrap = new EndCounter();
        CompletableFuture<Object> stage = new CompletableFuture<>();
        Promise<Object> promise = ImmediateEventExecutor.INSTANCE.newPromise();
        RuntimeUnderTest t = new RuntimeUnderTest(WardRuntime.builder().engine(engine)
                .function("never_stage", args -> stage)
                .function("never_future", args -> promise));
        Future<Varargs> pendingEval;
        Future<Varargs> pendingCall;
        try {
            t.setGlobal("WRAP", wrap);
            t.eval("local async = require('ward.async')\nlocal time = require('ward.time')\n"
                    + "FULL = async.channel(1); assert(FULL:try_send(0))\n"
                    + "EMPTY = async.channel(1)\n"
                    + "local park = {\n"
                    + "  sleep = function() time.sleep('1h'):wait() end,\n"
                    + "  send = function() FULL:send(1) end,\n"
                    + "  recv = function() EMPTY:wait() end,\n"
                    + "  select = function() async.select({ EMPTY, time.sleep('1h') }) end,\n"
                    + "  timeout = function() time.timeout(EMPTY, '1h'):wait() end,\n"
                    + "  stage = function() never_stage() end,\n"
                    + "  future = function() never_future() end,\n"
                    + "}\n"
                    + "local kinds = { 'sleep', 'send', 'recv', 'select', 'timeout', 'stage', 'future' }\n"
                    + "HANDLES = {}\n"
                    + "for i = 1, " + n + " do\n"
                    + "  local k = kinds[(i - 1) % #kinds + 1]\n"
                    + "  HANDLES[i] = async.spawn(WRAP, park[k], k)\n"
                    + "end\n"
                    + "time.sleep(0):wait()\n"
                    + "for i = 1, #HANDLES do assert(not HANDLES[i]:done(), 'parked') end\n"
                    + "function PARK() time.sleep('1h'):wait() end");
            pendingEval = t.rt.eval("require('ward.async').channel(1):wait()", "=pending");
            pendingCall = t.rt.call("PARK");
            await().atMost(Duration.ofSeconds(30)).until(() -> t.liveTasks() == n + 2);
            int entered = 0;
            for (String k : KINDS) {
                entered += wrap.count(k, "entered");
                assertEquals(0, wrap.ended(k), k);
            }
            assertEquals(n, entered);
        } finally {
            t.close(); // returns once the loop has terminated
        }
        for (String k : KINDS) {
            assertEquals(wrap.count(k, "entered"), wrap.count(k, "cancelled"), k + " tasks all cancelled");
            assertEquals(wrap.count(k, "cancelled"), wrap.ended(k), k + " tasks ended once");
        }
        for (Future<Varargs> f : List.of(pendingEval, pendingCall)) {
            assertTrue(f.await(30, TimeUnit.SECONDS), "eval/call future completed");
            assertFalse(f.isSuccess(), "eval/call future failed");
        }
        // (a GC first: a coroutine another test left suspended frees its thread when collected, by design)
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            System.gc();
            return fiberThreadsInsideTasks() == 0;
        });
        assertTrue(t.rt.loop().isTerminated());
        assertFalse(stage.isDone() || promise.isDone(), "host futures are forgotten, not completed");
        assertEquals(0, t.reports(), t.stderr());
    }

    /** Fiber threads whose stack is inside Lua or Ward's Lua binding: parked in a task rather than idle. */
    static long fiberThreadsInsideTasks() {
        long n = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (!e.getKey().getName().startsWith("ward-fiber-")) {
                continue;
            }
            for (StackTraceElement frame : e.getValue()) {
                if (frame.getClassName().startsWith("org.luaj") || frame.getClassName().startsWith("io.ward.lua")) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }
}
