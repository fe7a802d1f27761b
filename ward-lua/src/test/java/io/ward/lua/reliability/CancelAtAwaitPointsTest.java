package io.ward.lua.reliability;

import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.WardRuntime;
import io.ward.lua.WardRuntimeBuilder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cancellation at every await point leaves nothing behind (issue 7, faults). A task parks at
 * the point (sleep, send on a full channel, receive on an empty one, select, waiting for a
 * task, time.timeout, a host function whose CompletionStage or Netty future never
 * completes), is cancelled, and then:
 * <ul>
 *   <li>it ends cancelled, once: {@code wait()} raises {@code cancelled}, no code after the
 *       await runs, a second {@code cancel()} is {@code false};
 *   <li>what it waited on behaves as if the waiter never existed (the script's own checks:
 *       the cancelled send delivered nothing, a later send/receive pairs normally, the
 *       awaited task is neither cancelled nor joined);
 *   <li>the loop holds no timer any more;
 *   <li>nothing retains the cancelled task: a sentinel object passed to it as an argument is
 *       collected while the channel, awaited task or host future is still alive (a waiter or
 *       listener left behind would hold the task, and with it the sentinel);
 *   <li>the host's future is forgotten, not cancelled (it belongs to the host), and
 *       {@value #ROUNDS} cancelled calls on the same CompletionStage leave at most one
 *       callback on it, not one per call.
 * </ul>
 */
@Timeout(300)
class CancelAtAwaitPointsTest {
    static final int ROUNDS = 100;

    /** Await point name, then Lua: setup (globals), the parking expression, checks after the cancel. */
    static Map<String, String[]> points() {
        Map<String, String[]> p = new LinkedHashMap<>();
        p.put("sleep", new String[] {"", "time.sleep('1h'):wait()", ""});
        p.put("full send", new String[] {
            "CH = async.channel(1); assert(CH:try_send('a'))",
            "CH:send('b')",
            "assert(CH:try_recv() == 'a')\n"
                + "local v, why = CH:try_recv(); assert(v == nil and why == 'empty', 'the cancelled send delivered')\n"
                + "assert(CH:try_send('c') == true and CH:try_recv() == 'c')\n"
                + "local r = async.spawn(function() return CH:wait() end); time.sleep(0):wait()\n"
                + "assert(CH:send('d') == true and r:wait() == 'd')"});
        p.put("empty receive", new String[] {
            "CH = async.channel(4)",
            "CH:wait()",
            "assert(CH:try_send('x') == true and CH:try_recv() == 'x', 'the cancelled receive consumed')\n"
                + "local r = async.spawn(function() return CH:wait() end); time.sleep(0):wait()\n"
                + "assert(CH:send('y') == true and r:wait() == 'y')"});
        p.put("select", new String[] {
            "CH = async.channel(1); CH2 = async.channel(1)",
            "async.select({ CH, CH2, time.sleep('1h') })",
            "assert(CH:try_send(1) and CH:try_recv() == 1)\n"
                + "assert(CH2:try_send(2) and CH2:try_recv() == 2)"});
        p.put("task wait", new String[] {
            "GATE = async.channel(1); OTHER = async.spawn(function() return GATE:wait() end)",
            "OTHER:wait()",
            "assert(OTHER:done() == false, 'the awaited task was cancelled too')\n"
                + "assert(GATE:send('released'))\n"
                + "assert(OTHER:wait() == 'released', 'the cancelled waiter kept the join')"});
        p.put("time.timeout", new String[] {
            "CH = async.channel(1)",
            "time.timeout(CH, '1h'):wait()",
            "assert(CH:try_send('z') and CH:try_recv() == 'z')"});
        p.put("host CompletionStage", new String[] {"", "never_stage()", ""});
        p.put("host Netty future", new String[] {"", "never_future()", ""});
        return p;
    }

    @TestFactory
    List<DynamicTest> cancelEveryAwaitPoint() {
        List<DynamicTest> tests = new ArrayList<>();
        for (FiberEngine engine : Engines.runnable()) {
            points().forEach((name, lua) -> tests.add(DynamicTest.dynamicTest(name + " [" + engine.name() + "]",
                    () -> run(engine, name, lua))));
        }
        return tests;
    }

    private static void run(FiberEngine engine, String name, String[] lua) throws Exception {
        TimerCountingLoop loop = new TimerCountingLoop();
        CompletableFuture<Object> stage = new CompletableFuture<>();
        Promise<Object> promise = ImmediateEventExecutor.INSTANCE.newPromise();
        List<WeakReference<Object>> sentinels = new ArrayList<>();
        WardRuntimeBuilder b = WardRuntime.builder().engine(engine).eventLoop(loop)
                .function("never_stage", args -> stage)
                .function("never_future", args -> promise)
                .function("sentinel", args -> {
                    Object o = new Object();
                    sentinels.add(new WeakReference<>(o));
                    return o;
                });
        int rounds = name.startsWith("host") ? ROUNDS : 1;
        try (RuntimeUnderTest t = new RuntimeUnderTest(b)) { // closes the loop too
            t.eval("local async = require('ward.async')\nlocal time = require('ward.time')\n"
                    + lua[0] + "\n"
                    + "for round = 1, " + rounds + " do\n"
                    + "  local reached, after = 0, 0\n"
                    + "  local task = async.spawn(function(s)\n"
                    + "    reached = reached + 1\n"
                    + "    " + lua[1] + "\n"
                    + "    after = after + 1\n"
                    + "  end, sentinel())\n"
                    + "  time.sleep(0):wait()\n"
                    + "  assert(reached == 1 and task:done() == false, 'parked')\n"
                    + "  assert(task:cancel() == true)\n"
                    + "  local ok, err = pcall(task.wait, task)\n"
                    + "  assert(not ok and err == 'cancelled', tostring(err))\n"
                    + "  assert(after == 0 and task:done() == true and task:cancel() == false)\n"
                    + "end\n"
                    + lua[2], "=" + name.replace(' ', '_'));
            await().atMost(Duration.ofSeconds(30)).until(() -> t.onLoop(() -> !loop.hasTimers()));
            assertEquals(0, t.liveTasks(), "live tasks");
            assertEquals(rounds, sentinels.size());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
                System.gc();
                return sentinels.stream().allMatch(r -> r.get() == null);
            });
            assertFalse(stage.isDone(), "the host's CompletionStage is forgotten, not cancelled");
            assertFalse(promise.isDone(), "the host's Netty future is forgotten, not cancelled");
            assertTrue(stage.getNumberOfDependents() <= 1,
                    "callbacks left on the stage: " + stage.getNumberOfDependents());
            assertEquals(0, t.reports(), t.stderr());
        }
    }
}
