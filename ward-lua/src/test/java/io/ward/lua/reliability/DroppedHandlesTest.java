package io.ward.lua.reliability;

import io.ward.core.BoundedChannel;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.async.LuaChannel;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Abort on drop at scale (issue 7, faults): 10,000 tasks whose handles Lua drops without
 * detaching are all cancelled once GC collects the handles (none ends any other way), while
 * 10,000 detached tasks, parked on the same channel, all survive and finish when it closes.
 * Counted exactly: around each task body per kind, and as the scheduler's live tasks (a
 * dropped task may be cancelled before it starts).
 */
@Timeout(600)
class DroppedHandlesTest {
    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void droppedHandlesAreAbortedWhileDetachedOnesFinish(FiberEngine engine) throws Exception {
        int n = RuntimeUnderTest.scaled(10_000);
        EndCounter wrap = new EndCounter();
        try (RuntimeUnderTest t = new RuntimeUnderTest(engine)) {
            t.setGlobal("WRAP", wrap);
            t.eval("local async = require('ward.async')\nlocal time = require('ward.time')\n"
                    + "GATE = async.channel(1)\n"
                    + "local function body() local v, why = GATE:wait(); assert(why == 'closed') end\n"
                    + "for i = 1, " + n + " do\n"
                    + "  async.spawn(WRAP, body, 'dropped')\n"
                    + "  async.spawn(WRAP, body, 'detached'):detach()\n"
                    + "end\n"
                    + "time.sleep(0):wait()");
            // A dropped handle may be collected before its task starts (GC runs during the spawn
            // loop): that task is cancelled without running, so count the dropped ones as the
            // tasks no longer live, and only the started ones around the body.
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
                System.gc();
                return t.liveTasks() == n;
            });
            assertEquals(n, wrap.count("detached", "entered"));
            assertEquals(0, wrap.ended("detached"), "detached tasks survive the loss of their handles");
            assertEquals(0, wrap.count("dropped", "values") + wrap.count("dropped", "died"), "dropped tasks only cancelled");
            assertEquals(wrap.count("dropped", "entered"), wrap.count("dropped", "cancelled"), "each started one ended once");
            BoundedChannel gate = t.onLoop(() -> ((LuaChannel) t.rt.globals().get("GATE").touserdata()).channel());
            gate.close(); // thread-safe
            await().atMost(Duration.ofSeconds(120)).until(() -> wrap.count("detached", "values") == n);
            assertEquals(wrap.count("dropped", "entered"), wrap.ended("dropped"), "each dropped task ended once");
            assertEquals(n, wrap.ended("detached"), "each detached task ended once");
            assertEquals(0, t.liveTasks());
            assertEquals(0, t.reports(), t.stderr());
        }
    }
}
