package io.ward.lua.process;

import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.TestFutures;
import io.ward.lua.WardRuntime;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Varargs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closing a runtime kills the processes it started and still owns (spawned children, a
 * pipeline's every stage, a process a task is waiting on), and only those: another runtime's
 * children keep running. Checked from Java because a script cannot outlive its runtime.
 */
@Timeout(120)
class ProcessRuntimeCloseTest {
    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    private static Varargs eval(WardRuntime rt, String code) throws Exception {
        return TestFutures.result(rt.eval(code, "=test"));
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        return h.isPresent() && h.get().isAlive();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void closeKillsRunningChildren(FiberEngine engine) throws Exception {
        List<Long> pids = new ArrayList<>();
        WardRuntime rt = WardRuntime.builder().engine(engine).withLibrary("ward.process").build();
        try {
            Varargs v = eval(rt, "local process = require('ward.process')\n"
                    + "local async = require('ward.async')\n"
                    + "local time = require('ward.time')\n"
                    + "CHILD = process.cmd('sleep', '300'):spawn()\n"
                    + "PIPE = process.cmd('sleep', '300'):pipe(process.cmd('sleep', '300')):spawn()\n"
                    + "local pids = PIPE:pids()\n"
                    // a task suspended in output(): its process is owned by the runtime too
                    + "local ch = async.channel(1)\n"
                    + "WAITER = async.spawn(function()\n"
                    + "  local c = process.cmd('sleep', '300'):spawn()\n"
                    + "  ch:send(c:pid())\n"
                    + "  return c:wait()\n"
                    + "end)\n"
                    + "local waited = ch:wait()\n"
                    + "time.sleep(0):wait()\n"
                    + "return CHILD:pid(), pids[1], pids[2], waited");
            for (int i = 1; i <= v.narg(); i++) {
                pids.add(v.arg(i).tolong());
            }
            assertEquals(4, pids.size());
            for (long pid : pids) {
                assertTrue(alive(pid), "child " + pid + " runs before close");
            }
        } finally {
            rt.close();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> pids.stream().noneMatch(ProcessRuntimeCloseTest::alive));
    }

    /** A task parked on a stream read (a pool thread blocked in read) does not keep close waiting. */
    @ParameterizedTest
    @MethodSource("engines")
    void closeEndsChildrenWhoseStreamsAreBeingRead(FiberEngine engine) throws Exception {
        WardRuntime rt = WardRuntime.builder().engine(engine).withLibrary("ward.process").build();
        long pid;
        try {
            pid = eval(rt, "local process = require('ward.process')\n"
                    + "local async = require('ward.async')\n"
                    + "local child = process.cmd('sleep', '300'):spawn({ stderr = 'pipe' })\n"
                    + "local lines, bytes = child:stdout_lines(), child:stderr_bytes()\n"
                    + "READERS = { async.spawn(function() return lines:wait() end),\n"
                    + "            async.spawn(function() return bytes:wait() end) }\n"
                    + "require('ward.time').sleep(0):wait()\n"
                    + "return child:pid()").arg1().tolong();
            assertTrue(alive(pid));
        } finally {
            rt.close();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !alive(pid));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void closeLeavesOtherRuntimesChildrenAlone(FiberEngine engine) throws Exception {
        try (WardRuntime keeper = WardRuntime.builder().engine(engine).withLibrary("ward.process").build()) {
            long kept = eval(keeper, "KEPT = require('ward.process').cmd('sleep', '300'):spawn()\n"
                    + "return KEPT:pid()").arg1().tolong();
            long closed;
            try (WardRuntime other = WardRuntime.builder().engine(engine).withLibrary("ward.process").build()) {
                closed = eval(other, "C = require('ward.process').cmd('sleep', '300'):spawn()\n"
                        + "return C:pid()").arg1().tolong();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !alive(closed));
            assertTrue(alive(kept), "the other runtime's child still runs");
            assertEquals(true, eval(keeper, "return KEPT:kill()").arg1().toboolean());
            assertEquals(9, eval(keeper, "return KEPT:wait().signal").arg1().toint());
            assertFalse(alive(kept));
        }
    }
}
