package io.ward.lua.lib;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.TestFutures;
import io.ward.lua.WardRuntime;
import io.ward.lua.limits.LimitExceededError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Varargs;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Java-side properties of {@link WardStringLib} that a Lua script cannot check on itself. */
class WardStringLibTest {
    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    /** A search that backtracks for ages (as in Lua) still stops when the runtime is interrupted. */
    @ParameterizedTest
    @MethodSource("engines")
    void aRunawayPatternSearchStopsOnInterrupt(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).executionHook(true).build()) {
            Future<Varargs> f = rt.eval("return string.find(string.rep('a', 60), string.rep('a-', 30) .. 'b')", "=runaway");
            assertFalse(f.await(300, TimeUnit.MILLISECONDS), "the search is still running");
            rt.executionHook().interrupt(LimitExceededError.Kind.TIMEOUT);
            assertTrue(f.await(TestFutures.WAIT_SECONDS, TimeUnit.SECONDS), "the search stopped");
            assertFalse(f.isSuccess());
            assertTrue(f.cause().getMessage().contains(LimitExceededError.Kind.TIMEOUT_MESSAGE), f.cause().getMessage());
        }
    }

    /** The per-runtime string table is Ward's, also for method calls on strings. */
    @ParameterizedTest
    @MethodSource("engines")
    void methodsUseWardsLibrary(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).build()) {
            Varargs r = TestFutures.result(rt.eval("return ('%5.2f'):format(1/3), ('a1'):find('%g'), string.dump", "=m"));
            assertEquals(" 0.33", r.arg(1).tojstring());
            assertEquals(1, r.arg(2).toint());
            assertTrue(r.arg(3).isnil()); // find truncated to one value: 1, then string.dump
        }
    }
}
