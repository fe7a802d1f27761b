package io.ward.lua.limits;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.WardRuntime;
import io.ward.lua.WardRuntimeBuilder;
import io.ward.lua.compiler.LuaCompilerMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Varargs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The execution hook that only counts (an instruction limit without {@code executionHook(true)}):
 * it counts exactly as the hook with call stacks, interpreted and compiled, and leaves every
 * error, error level and traceback as a runtime without a hook has them.
 */
class CountingHookTest {
    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    private static final LuaCompilerMode[] MODES = {LuaCompilerMode.OFF, LuaCompilerMode.ALWAYS};
    private static final long NEVER = 1L << 60;

    /** Snippets whose outcome (results or error message) must not change with the counting hook. */
    private static final List<String> SNIPPETS = List.of(
            "local t = nil; return t.x",
            "local function f() error('boom') end f()",
            "local function f() error('boom', 2) end\nlocal function g() f() end\ng()",
            "local function f() error('deep', 3) end\nlocal function g() f() end\nlocal function h() g() end\nh()",
            "return pcall(function() local x = {} .. 1 end)",
            "return pcall(function() error('lvl', 2) end)",
            "return select(2, xpcall(function() error({}) end, function(e) return type(e) end))",
            "return xpcall(function() local n = nil; return n + 1 end, function(e) return 'handled: ' .. e end)",
            "return debug.traceback('msg')",
            "return debug.getinfo(1, 'l')",
            "local co = coroutine.create(function() error('in co', 2) end) return coroutine.resume(co)",
            "return pcall(string.rep)",
            "local async = require('ward.async')\nlocal t = async.spawn(function() error('in task') end)\n"
                    + "return pcall(t.wait, t)",
            "local function f(n) if n == 0 then local x = nil; return x.y end return f(n - 1) end\nf(5)");

    @ParameterizedTest
    @MethodSource("engines")
    void errorsAreThoseOfARuntimeWithoutAHook(FiberEngine engine) throws Exception {
        for (LuaCompilerMode mode : MODES) {
            for (String code : SNIPPETS) {
                String bare = outcome(WardRuntime.builder().engine(engine).luaCompiler(mode), code);
                String counting = outcome(WardRuntime.builder().engine(engine).luaCompiler(mode).instructionLimit(NEVER),
                        code);
                assertEquals(bare, counting, mode + ": " + code);
            }
        }
    }

    private static final String COUNTED = """
            local function f(n) local s = 0; for i = 1, n do if i % 3 == 0 then s = s + i else s = s - 1 end end; return s end
            local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
            local t = {}; for k, v in ipairs({1, 2, 3}) do t[#t + 1] = v .. k end
            local i = 0; while i < 50 do i = i + 1 end; repeat i = i - 2 until i < 0
            local co = coroutine.wrap(function() for j = 1, 5 do coroutine.yield(j) end return 0 end)
            local y = 0; for j = 1, 6 do y = y + co() end -- to its end: no suspended coroutine left behind
            for _ = 1, 3 do y = y + (pcall(function(u) return u.x.y end, {}) and 1 or 0) end
            return f(1000) + fib(15) + y + i, table.concat(t)
            """;

    @ParameterizedTest
    @MethodSource("engines")
    void countsAsTheHookWithCallStacks(FiberEngine engine) throws Exception {
        long expected = -1;
        for (boolean frames : new boolean[] {true, false}) {
            for (LuaCompilerMode mode : MODES) {
                try (WardRuntime rt = WardRuntime.builder().engine(engine).luaCompiler(mode).instructionLimit(NEVER)
                        .executionHook(frames).build()) {
                    assertEquals(frames, rt.executionHook().keepsFrames());
                    Future<Varargs> f = rt.eval(COUNTED, "counted");
                    assertTrue(f.await(60, TimeUnit.SECONDS));
                    assertTrue(f.isSuccess(), () -> String.valueOf(f.cause()));
                    assertEquals("166789 112233", f.getNow().arg1() + " " + f.getNow().arg(2));
                    long count = rt.executionHook().instructionCount();
                    if (expected < 0) {
                        expected = count;
                    }
                    assertEquals(expected, count, "instructions counted, " + mode + (frames ? " with" : " without")
                            + " call stacks");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void theLimitAndInterruptsStopCompiledLoops(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).luaCompiler(LuaCompilerMode.ALWAYS)
                .instructionLimit(1_000_000).build()) {
            Future<Varargs> f = rt.eval("local function spin(n) if n > 0 then return spin(n - 1) end"
                    + " local x = 0; while true do x = x + 1 end end spin(100)", "spin");
            assertTrue(f.await(60, TimeUnit.SECONDS));
            assertFalse(f.isSuccess());
            LimitExceededError e = LimitExceededError.find(f.cause());
            assertEquals(LimitExceededError.Kind.INSTRUCTIONS, e.kind());
            assertNull(e.luaTraceback(), "no call stacks, no traceback");
            assertEquals(1_000_000, rt.executionHook().instructionCount());
        }
        try (WardRuntime rt = WardRuntime.builder().engine(engine).luaCompiler(LuaCompilerMode.ALWAYS)
                .instructionLimit(NEVER).build()) {
            Future<Varargs> f = rt.eval("local function spin() for i = 1, math.huge do end end spin()", "spin");
            await().atMost(Duration.ofSeconds(30)).until(() -> rt.executionHook().instructionCount() > 100_000);
            rt.executionHook().interrupt(LimitExceededError.Kind.TIMEOUT);
            assertTrue(f.await(60, TimeUnit.SECONDS));
            assertFalse(f.isSuccess());
            assertEquals(LimitExceededError.Kind.TIMEOUT, LimitExceededError.find(f.cause()).kind());
        }
    }

    /** What {@code code} returns (its values, tab-separated) or the message it fails with. */
    private static String outcome(WardRuntimeBuilder b, String code) throws Exception {
        try (WardRuntime rt = b.build()) {
            Future<Varargs> f = rt.eval(code, "@snippet.lua");
            assertTrue(f.await(60, TimeUnit.SECONDS), code);
            if (!f.isSuccess()) {
                return "error: " + f.cause().getMessage();
            }
            Varargs v = f.getNow();
            StringBuilder s = new StringBuilder();
            for (int i = 1; i <= v.narg(); i++) {
                s.append(i > 1 ? "\t" : "").append(v.arg(i).istable() ? "table" : v.arg(i).tojstring());
            }
            return s.toString();
        }
    }
}
