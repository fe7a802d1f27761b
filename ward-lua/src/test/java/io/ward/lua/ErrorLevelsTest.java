package io.ward.lua;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code error(msg, level)} positions are the same with and without the execution hook, which
 * find them two different ways ({@link ErrorLevels}), and with a hook that only counts (as
 * without one): in the main chunk, in tasks and in coroutines, on every engine. The expected values are Lua 5.2's ({@code lua5.2} gives the
 * same for {@code base_error_levels.lua} and for the chunks here).
 */
class ErrorLevelsTest {

    @TestFactory
    Stream<DynamicTest> scriptGivesTheSameResultsWithAndWithoutTheHook() {
        List<DynamicTest> tests = new ArrayList<>();
        for (FiberEngine engine : Engines.runnable()) {
            tests.add(DynamicTest.dynamicTest("base_error_levels.lua [" + engine.name() + "]", () -> {
                String plain = runScript(engine, Hook.NONE);
                assertEquals(plain, runScript(engine, Hook.FRAMES), "results without and with the execution hook");
                assertEquals(plain, runScript(engine, Hook.COUNTING), "results without a hook and with one that counts");
                for (String where : new String[] {"main chunk", "coroutine", "task", "pcall in a task"}) {
                    assertTrue(plain.contains("\n" + where + ", level 2: string base_error_levels.lua:22: m\n"),
                            where + " ran:\n" + plain);
                }
            }));
        }
        return tests.stream();
    }

    /** An error that leaves the main chunk: the chunk is called by Java, the bottom of the levels. */
    @TestFactory
    Stream<DynamicTest> errorsLeavingTheMainChunk() {
        String[][] cases = {
            // level, message, expected value
            {"nil", "'m'", "top.lua:1: m"},
            {"1", "'m'", "top.lua:1: m"},
            {"2", "'m'", "top.lua:2: m"},
            {"0", "'m'", "m"},
            {"3", "'m'", "m"},
            {"2", "42", "top.lua:2: 42"},
            {"0", "T", "T"},
            {"1", "T", "T"},
            {"2", "T", "T"},
        };
        List<DynamicTest> tests = new ArrayList<>();
        for (FiberEngine engine : Engines.runnable()) {
            for (Hook hook : Hook.values()) {
                for (String[] c : cases) {
                    String name = "error(" + c[1] + ", " + c[0] + ") [" + engine.name() + ", " + hook + "]";
                    tests.add(DynamicTest.dynamicTest(name, () -> {
                        String code = "T = {} local function raise(m, l) error(m, l) end\nraise(" + c[1] + ", " + c[0] + ")";
                        assertEquals(c[2], errorOf(engine, hook, code), name);
                    }));
                }
            }
        }
        return tests.stream();
    }

    /** Which execution hook the runtime has: none, one that only counts (a limit), one with call stacks. */
    private enum Hook { NONE, COUNTING, FRAMES }

    private static WardRuntime runtime(FiberEngine engine, Hook hook) {
        WardRuntimeBuilder b = WardRuntime.builder().engine(engine).executionHook(hook == Hook.FRAMES);
        return (hook == Hook.COUNTING ? b.instructionLimit(1L << 60) : b).build();
    }

    private static String runScript(FiberEngine engine, Hook hook) throws Exception {
        try (WardRuntime rt = runtime(engine, hook)) {
            Varargs r = TestFutures.result(rt.runFile(LuaScriptsTest.SCRIPTS.resolve("base_error_levels.lua")));
            return r.arg1().tojstring();
        }
    }

    /** The Lua value {@code code} fails with: a string as is, the global {@code T} as "T". */
    private static String errorOf(FiberEngine engine, Hook hook, String code) throws Exception {
        try (WardRuntime rt = runtime(engine, hook)) {
            Future<Varargs> f = rt.eval(code, "@top.lua");
            assertTrue(f.await(TestFutures.WAIT_SECONDS, TimeUnit.SECONDS), "finished");
            assertFalse(f.isSuccess(), "the chunk fails");
            LuaValue v = LuaErrors.value(f.cause());
            Future<Varargs> t = rt.eval("return T", "t");
            assertTrue(t.await(TestFutures.WAIT_SECONDS, TimeUnit.SECONDS), "finished");
            return v == t.getNow().arg1() ? "T" : v.tojstring();
        }
    }
}
