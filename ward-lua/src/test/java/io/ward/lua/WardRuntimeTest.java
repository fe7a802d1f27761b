package io.ward.lua;

import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runtime-level behaviour that a Lua script cannot check on its own, on every engine. */
@Timeout(120)
class WardRuntimeTest {
    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    private static Varargs eval(WardRuntime rt, String code) throws Exception {
        return TestFutures.result(rt.eval(code, "=test"));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void stringMethodsArePerRuntime(FiberEngine engine) throws Exception {
        try (WardRuntime a = WardRuntime.builder().engine(engine).build();
             WardRuntime b = WardRuntime.builder().engine(engine).build()) {
            eval(a, "string.upper = function() return 'patched' end");
            assertEquals("patched", eval(a, "return ('x'):upper()").arg1().tojstring());
            assertEquals("X", eval(b, "return ('x'):upper()").arg1().tojstring());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void unobservedFailureReportedOnceOnClose(FiberEngine engine) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WardRuntime rt = WardRuntime.builder().engine(engine)
                .stderr(new PrintStream(err, true, StandardCharsets.UTF_8)).build();
        eval(rt, "local async = require('ward.async')\n"
                + "KEEP = async.spawn(function() error('lost in the void') end)\n"
                + "require('ward.time').sleep(0):wait()");
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        rt.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> err.toString(StandardCharsets.UTF_8).contains("lost in the void"));
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(text.indexOf("lost in the void"), text.lastIndexOf("lost in the void"), text);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void droppedTaskHandleIsAbortedAndDetachedOneSurvives(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).build()) {
            eval(rt, "local async = require('ward.async')\nlocal time = require('ward.time')\n"
                    + "FINISHED = {}\n"
                    // 2 s: the GCs below must collect the dropped handle before its timer fires,
                    // which 300 ms did not always allow on a loaded machine
                    + "async.spawn(function() time.sleep('2s'):wait(); FINISHED.dropped = true end)\n"
                    + "async.spawn(function() time.sleep('2s'):wait(); FINISHED.detached = true end):detach()\n"
                    + "time.sleep(0):wait()");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                System.gc();
                return eval(rt, "return FINISHED.detached").arg1().toboolean();
            });
            eval(rt, "require('ward.time').sleep('50ms'):wait()");
            assertEquals("nil", eval(rt, "return tostring(FINISHED.dropped)").arg1().tojstring());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void coroutinesCreateNoThreadsOnTheContinuationEngine(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).build()) {
            // the thread engine holds a thread per abandoned coroutine until GC: keep it smaller
            int count = engine.name().equals("continuation") ? 10_000 : 500;
            String code = "local n = 0\nfor i = 1, " + count + " do\n"
                    + "  local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1); return b end)\n"
                    + "  n = n + co(i)\n end\nreturn n";
            eval(rt, "return 1"); // warm up the runtime's own threads
            int before = ManagementFactory.getThreadMXBean().getThreadCount();
            assertEquals((double) count * (count + 1) / 2 + count, eval(rt, code).arg1().todouble());
            int after = ManagementFactory.getThreadMXBean().getThreadCount();
            if (engine.name().equals("continuation")) {
                assertTrue(after - before <= 2, "threads before " + before + ", after " + after);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void abandonedCoroutinesDoNotPinThreads(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).build()) {
            eval(rt, "return 1");
            int before = ManagementFactory.getThreadMXBean().getThreadCount();
            eval(rt, "for i = 1, 200 do local co = coroutine.create(function() coroutine.yield(i) end); "
                    + "coroutine.resume(co) end");
            // thread engine: each abandoned coroutine's thread is unwound after GC and pooled again
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                System.gc();
                eval(rt, "require('ward.time').sleep('10ms'):wait()");
                return ManagementFactory.getThreadMXBean().getThreadCount() - before < 50;
            });
        }
    }
}
