package io.ward.lua.reliability;

import io.netty.util.concurrent.ImmediateEventExecutor;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.WardRuntime;
import io.ward.lua.WardRuntimeBuilder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.LuaValue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A failing host function or callback affects only its task (issue 7, faults). Host
 * functions that throw a RuntimeException, a checked exception or an {@link Error} that is
 * not a {@link VirtualMachineError}, that return an already failed or a later failed
 * CompletionStage, or a failed Netty future, and Lua callbacks that fail (called by a host
 * function, or by {@code time.after}), each raise a Lua error in the calling task only: the
 * error is catchable by {@code pcall} there and reads {@code name: Java message} (compared
 * exactly, so no Java class name or stack trace leaks into it), and 50 other tasks doing
 * sleeps and channel sends meanwhile finish with their exact results.
 */
@Timeout(120)
class FailingHostFunctionTest {
    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void failuresStayInTheirTask(FiberEngine engine) throws Exception {
        WardRuntimeBuilder b = WardRuntime.builder().engine(engine)
                .function("throws_runtime", args -> {
                    throw new IllegalStateException("db down");
                })
                .function("throws_checked", args -> {
                    throw new IOException("disk gone");
                })
                .function("throws_error", args -> {
                    throw new AssertionError("invariant broken");
                })
                .function("failed_stage", args -> CompletableFuture.failedFuture(new IllegalArgumentException("bad key")))
                .function("later_failed_stage", args -> CompletableFuture.supplyAsync(() -> {
                    throw new IllegalStateException("late failure");
                }))
                .function("failed_by_error", args -> CompletableFuture.failedFuture(new AssertionError("stage invariant")))
                .function("failed_future", args -> ImmediateEventExecutor.INSTANCE.newFailedFuture(
                        new RuntimeException("net down")))
                .function("apply", args -> ((LuaValue) args[0]).call());
        try (RuntimeUnderTest t = new RuntimeUnderTest(b)) {
            t.eval("local async = require('ward.async')\nlocal time = require('ward.time')\n"
                    + "local CH = async.channel(4)\n"
                    + "local healthy = {}\n"
                    + "for i = 1, 50 do\n"
                    + "  healthy[i] = async.spawn(function(i)\n"
                    + "    local s = 0\n"
                    + "    for j = 1, 10 do time.sleep(0):wait(); s = s + j end\n"
                    + "    assert(CH:send(i))\n"
                    + "    return i * 1000 + s\n"
                    + "  end, i)\n"
                    + "end\n"
                    + "local consumer = async.spawn(function()\n"
                    + "  local sum = 0\n"
                    + "  for i = 1, 50 do sum = sum + CH:wait() end\n"
                    + "  return sum\n"
                    + "end)\n"
                    + "local cases = {\n"
                    + "  { function() return throws_runtime() end, 'throws_runtime: db down' },\n"
                    + "  { function() return throws_checked() end, 'throws_checked: disk gone' },\n"
                    + "  { function() return throws_error() end, 'throws_error: invariant broken' },\n"
                    + "  { function() return failed_stage() end, 'failed_stage: bad key' },\n"
                    + "  { function() return later_failed_stage() end, 'later_failed_stage: late failure' },\n"
                    + "  { function() return failed_future() end, 'failed_future: net down' },\n"
                    + "  { function() return failed_by_error() end, 'failed_by_error: stage invariant' },\n"
                    + "  { function() return apply(function() error('cb boom') end) end, 'cb:26: cb boom' },\n"
                    + "  { function() return time.after(0, function() error('after boom') end):wait() end,"
                    + " 'cb:27: after boom' },\n"
                    + "}\n"
                    + "local failing, caught = {}, {}\n"
                    + "for i, c in ipairs(cases) do\n"
                    + "  failing[i] = async.spawn(function() time.sleep(0):wait(); return c[1]() end)\n"
                    + "  caught[i] = async.spawn(function() time.sleep(0):wait(); return pcall(c[1]) end)\n"
                    + "end\n"
                    + "for i, c in ipairs(cases) do\n"
                    + "  local ok, err = pcall(failing[i].wait, failing[i])\n"
                    + "  assert(not ok and err == c[2], c[2] .. ' from wait, got ' .. tostring(err))\n"
                    + "  local ok2, err2 = caught[i]:wait()\n"
                    + "  assert(ok2 == false and err2 == c[2], c[2] .. ' from pcall, got ' .. tostring(err2))\n"
                    + "end\n"
                    + "for i = 1, 50 do assert(healthy[i]:wait() == i * 1000 + 55, 'healthy task ' .. i) end\n"
                    + "assert(consumer:wait() == 50 * 51 / 2)\n", "=cb");
            assertEquals(0, t.liveTasks());
        }
    }
}
