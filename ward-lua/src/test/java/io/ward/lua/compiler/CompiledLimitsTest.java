package io.ward.lua.compiler;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.WardRuntime;
import io.ward.lua.WardRuntimeBuilder;
import io.ward.lua.limits.LimitExceededError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.DebugLib;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compiled code and the execution hook: the same instruction counts as the interpreter, the
 * instruction limit and interrupts stop a compiled infinite loop, tiering compiles a hot
 * function off the calling thread, and the generated class stays linear in the function's size.
 */
@Timeout(120)
class CompiledLimitsTest {
    @AfterAll
    static void theCompilerFailedOnNoFunction() {
        CompilerFailures.assertNone();
    }

    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    /** {@code code}'s results in {@code rt}, which must finish it without an error within a minute. */
    private static Varargs evaluated(WardRuntime rt, String code, String name) throws InterruptedException {
        Future<Varargs> f = rt.eval(code, name);
        assertTrue(f.await(60, TimeUnit.SECONDS));
        assertTrue(f.isSuccess(), () -> String.valueOf(f.cause()));
        return f.getNow();
    }

    private static final String COUNTED = """
            local function f(n) local s = 0; for i = 1, n do if i % 3 == 0 then s = s + i else s = s - 1 end end; return s end
            local t = {}; for k, v in ipairs({1, 2, 3}) do t[#t + 1] = v .. k end
            local i = 0; while i < 50 do i = i + 1 end; repeat i = i - 2 until i < 0
            local co = coroutine.wrap(function() for j = 1, 5 do coroutine.yield(j) end end)
            local y = 0; for j = 1, 5 do y = y + co() end
            local function bad(u) local a = 1; local b = a + 1; return u.x.y + b end
            for _ = 1, 3 do y = y + (pcall(bad, {}) and 1 or 0) end
            local function g(x) return x + 1 end
            local function h(n) local z = 0; for q = 1, n do local w = q * 2; z = z + g(w) + g(q) end; return z end
            local function worse(u) local a = 2; return u.x.y * a end
            local function via(u) local r = worse(u); return r end
            for _ = 1, 3 do y = y + (pcall(via, {}) and 1 or 0) end
            local function pick(c, x) if c then return x end; local n = x + 1; return n end
            for k = 1, 4 do y = y + pick(k % 2 == 0, k) end
            return f(1000) + y + i + h(30), table.concat(t)
            """;

    /**
     * With the hook that keeps call stacks, and with the one that only counts (an instruction
     * limit alone): also a compiled callee, called directly, that raises before its first report
     * ({@code worse}), and one that returns from either side of a branch ({@code pick}).
     */
    @ParameterizedTest
    @MethodSource("engines")
    void instructionCountsAreTheInterpreters(FiberEngine engine) throws Exception {
        for (boolean frames : new boolean[] {true, false}) {
            long[] counts = new long[2];
            String[] results = new String[2];
            LuaCompilerMode[] modes = {LuaCompilerMode.OFF, LuaCompilerMode.ALWAYS};
            for (int m = 0; m < 2; m++) {
                WardRuntimeBuilder b = WardRuntime.builder().engine(engine).luaCompiler(modes[m]);
                try (WardRuntime rt = (frames ? b.executionHook(true) : b.instructionLimit(1L << 40)).build()) {
                    assertEquals(frames, rt.executionHook().keepsFrames());
                    Varargs r = evaluated(rt, COUNTED, "counted");
                    results[m] = r.arg1() + " " + r.arg(2);
                    counts[m] = rt.executionHook().instructionCount();
                }
            }
            assertEquals(results[0], results[1]);
            assertEquals(counts[0], counts[1], "instructions counted, interpreted vs compiled, call stacks " + frames);
        }
    }

    /**
     * A debug library of the embedder's own in place of Ward's execution hook: compiled functions
     * leave their calls to the interpreter, whose hooks that library sees (as many instructions
     * as with the compiler off), and compute the same.
     */
    @ParameterizedTest
    @MethodSource("engines")
    void aForeignDebugLibrarySeesEveryInstruction(FiberEngine engine) throws Exception {
        long[] counts = new long[2];
        LuaCompilerMode[] modes = {LuaCompilerMode.OFF, LuaCompilerMode.ALWAYS};
        for (int m = 0; m < 2; m++) {
            try (WardRuntime rt = WardRuntime.builder().engine(engine).luaCompiler(modes[m]).build()) {
                long[] seen = new long[1];
                rt.globals().debuglib = new DebugLib() {
                    @Override
                    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
                    }

                    @Override
                    public void onInstruction(int pc, Varargs v, int top) {
                        seen[0]++;
                    }

                    @Override
                    public void onReturn() {
                    }
                };
                Varargs r = evaluated(rt, "local function add(a, b) return a + b end\n"
                        + "local s = 0; for i = 1, 100 do s = add(s, i) end; return s", "foreign");
                assertEquals(5050, r.arg1().toint());
                counts[m] = seen[0];
            }
        }
        assertTrue(counts[0] > 500, "the interpreter reported " + counts[0]);
        assertEquals(counts[0], counts[1], "instructions the debug library saw, compiler off and always");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void theInstructionLimitStopsACompiledLoop(FiberEngine engine) throws Exception {
        String[] outcome = new String[2];
        LuaCompilerMode[] modes = {LuaCompilerMode.OFF, LuaCompilerMode.ALWAYS};
        for (int m = 0; m < 2; m++) {
            try (WardRuntime rt = WardRuntime.builder().engine(engine).instructionLimit(2_000_000)
                    .luaCompiler(modes[m]).build()) {
                Future<Varargs> f = rt.eval("local function spin() local x = 0; while true do x = x + 1 end end"
                        + " local ok, e = pcall(spin); return ok, e", "spin");
                assertTrue(f.await(60, TimeUnit.SECONDS));
                assertFalse(f.isSuccess());
                outcome[m] = f.cause().getClass().getName() + ": " + f.cause().getMessage();
                assertTrue(outcome[m].contains("instruction limit exceeded"), outcome[m]);
                assertEquals(2_000_000, rt.executionHook().instructionCount(), "counted to the limit");
            }
        }
        assertEquals(outcome[0], outcome[1]);
    }

    /**
     * A loop whose back-edge hands its count over to the call in its body (FunctionCompiler's
     * carried back-edges): for every limit over a few iterations, the compiled code stops after
     * the same calls (their output) and at the same count as the interpreter.
     */
    @ParameterizedTest
    @MethodSource("engines")
    void theLimitStrikesWhereTheInterpreterStops(FiberEngine engine) throws Exception {
        String script = "local function put(x) print(x) return x end"
                + " local function loop() local s = 0; for q = 1, 100 do local w = q + 1; s = s + put(w) * 2 end; return s end"
                + " return loop()";
        LuaCompilerMode[] modes = {LuaCompilerMode.OFF, LuaCompilerMode.ALWAYS};
        for (long limit = 10; limit < 70; limit++) {
            String[] outcome = new String[2];
            for (int m = 0; m < 2; m++) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                try (WardRuntime rt = WardRuntime.builder().engine(engine).instructionLimit(limit).luaCompiler(modes[m])
                        .stdout(new java.io.PrintStream(out, true, StandardCharsets.UTF_8)).build()) {
                    Future<Varargs> f = rt.eval(script, "strike");
                    assertTrue(f.await(60, TimeUnit.SECONDS));
                    assertFalse(f.isSuccess());
                    outcome[m] = out.toString(StandardCharsets.UTF_8) + "| " + rt.executionHook().instructionCount()
                            + " | " + f.cause().getMessage();
                }
            }
            assertEquals(outcome[0], outcome[1], "limit " + limit);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void anInterruptStopsACompiledLoop(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).executionHook(true)
                .luaCompiler(LuaCompilerMode.ALWAYS).build()) {
            Future<Varargs> f = rt.eval("local function spin() for i = 1, math.huge do end end spin()", "spin");
            await().atMost(Duration.ofSeconds(30)).until(() -> rt.executionHook().instructionCount() > 100_000);
            rt.executionHook().interrupt(LimitExceededError.Kind.TIMEOUT);
            assertTrue(f.await(60, TimeUnit.SECONDS));
            assertFalse(f.isSuccess());
            assertTrue(f.cause().getMessage().contains(LimitExceededError.Kind.TIMEOUT.message()), f.cause().getMessage());
        }
    }

    @Test
    void aHotFunctionIsCompiledInTheBackgroundAndKeepsItsResults() throws Exception {
        try (WardRuntime rt = WardRuntime.builder().luaCompiler(LuaCompilerMode.TIERED).build()) {
            rt.globals().set("hot_marker", 0);
            Varargs r = evaluated(rt, """
                    local function sq(x) return x * x end
                    local s = 0
                    for round = 1, 3000 do s = s + sq(round % 10) end
                    return s
                    """, "hot");
            assertEquals(85500, r.arg1().toint());
        }
        // sq was queued after 1,000 calls; the compiler thread publishes it without the caller waiting
        await().atMost(Duration.ofSeconds(30)).until(() -> Tiering.counts()[0] > 0);
    }

    @Test
    void aLongLoopInACallMadeOnceGoesOnCompiled() throws Exception {
        long before = Tiering.counts()[2];
        try (WardRuntime rt = WardRuntime.builder().luaCompiler(LuaCompilerMode.TIERED).build()) {
            rt.globals().set("entered", new org.luaj.vm2.lib.ZeroArgFunction() {
                @Override
                public org.luaj.vm2.LuaValue call() {
                    return valueOf(Tiering.counts()[2] > before);
                }
            });
            // the main chunk is called once: its loop gets hot, the compiler thread publishes the
            // chunk, and the loop's next iteration runs compiled, where entered() turns true
            Future<Varargs> f = rt.eval("""
                    local n = 0
                    for i = 1, math.huge do
                      n = n + 1
                      if i % 1000 == 0 and entered() then break end
                    end
                    return n >= 10000
                    """, "once");
            assertTrue(f.await(60, TimeUnit.SECONDS), "the loop ended");
            assertTrue(f.isSuccess(), () -> String.valueOf(f.cause()));
            assertTrue(f.getNow().arg1().toboolean());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 200, 400})
    void generatedCodeIsLinearInTheFunctionsSize(int statements) throws Exception {
        Prototype p = big(statements);
        int instructions = p.code.length;
        // numbers boxed: at most 100 bytes per instruction; unboxed (larger), when it fits: 130; and
        // the error path's count table (a byte per instruction), the loop entries (at most 20 bytes
        // per register, a function has at most 250, and 30 per loop instruction)
        long loops = java.util.Arrays.stream(p.code).map(org.luaj.vm2.Lua::GET_OPCODE)
                .filter(op -> op == org.luaj.vm2.Lua.OP_FORLOOP || op == org.luaj.vm2.Lua.OP_TFORLOOP).count();
        long entry = 4096 + instructions + 20L * p.maxstacksize + 30 * loops;
        byte[] boxed = FunctionCompiler.generate(p, "org/luaj/vm2/LuaClosure$WardCompiled", false);
        assertTrue(boxed.length <= 100L * instructions + entry, boxed.length + " bytes for " + instructions + " instructions");
        byte[] bytes = FunctionCompiler.generate(p, "org/luaj/vm2/LuaClosure$WardCompiled");
        assertTrue(bytes.length <= 130L * instructions + entry, bytes.length + " bytes for " + instructions + " instructions");
        assertNotNull(Tiering.tryCompile(p, Integer.MAX_VALUE), "defines and links");
    }

    /**
     * The tiered mode compiles only what the JIT compiles in turn: a body whose {@code run}
     * method is past {@link FunctionCompiler#JIT_METHOD_LIMIT} would run in the JVM's bytecode
     * interpreter, slower than LuaJ's; such a function is compiled boxed when that fits, else it
     * stays interpreted (and still runs correctly).
     */
    @Test
    void theTieredModeCompilesOnlyWhatTheJitCompiles() throws Exception {
        String name = "org/luaj/vm2/LuaClosure$WardCompiled";
        Prototype small = big(40);
        byte[] fits = FunctionCompiler.generate(small, name, FunctionCompiler.JIT_METHOD_LIMIT);
        assertTrue(ClassBytes.codeLength(fits, "run") <= FunctionCompiler.JIT_METHOD_LIMIT);
        assertNotNull(Tiering.tryCompile(small, FunctionCompiler.JIT_METHOD_LIMIT));
        Prototype large = big(400);
        assertTrue(ClassBytes.codeLength(FunctionCompiler.generate(large, name), "run") > FunctionCompiler.JIT_METHOD_LIMIT);
        FunctionCompiler.Unsupported e = org.junit.jupiter.api.Assertions.assertThrows(FunctionCompiler.Unsupported.class,
                () -> FunctionCompiler.generate(large, name, FunctionCompiler.JIT_METHOD_LIMIT));
        assertTrue(e.getMessage().startsWith(FunctionCompiler.TOO_LARGE_FOR_JIT), e.getMessage());
        assertEquals(null, Tiering.tryCompile(large, FunctionCompiler.JIT_METHOD_LIMIT));
        // a function whose unboxed body is too large but whose boxed one fits is compiled boxed
        for (int statements = 40; statements <= 400; statements += 4) {
            Prototype p = big(statements);
            byte[] unboxed = FunctionCompiler.generate(p, name, true);
            byte[] boxed = FunctionCompiler.generate(p, name, false);
            if (ClassBytes.codeLength(unboxed, "run") > FunctionCompiler.JIT_METHOD_LIMIT
                    && ClassBytes.codeLength(boxed, "run") <= FunctionCompiler.JIT_METHOD_LIMIT) {
                assertEquals(ClassBytes.codeLength(boxed, "run"), ClassBytes.codeLength(
                        FunctionCompiler.generate(p, name, FunctionCompiler.JIT_METHOD_LIMIT), "run"));
                return;
            }
        }
        org.junit.jupiter.api.Assertions.fail("no size between the unboxed and the boxed limits");
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 2000, 4000})
    void aFunctionPastOneJvmMethodStaysInterpreted(int statements) throws Exception {
        Prototype p = big(statements);
        FunctionCompiler.Unsupported e = org.junit.jupiter.api.Assertions.assertThrows(FunctionCompiler.Unsupported.class,
                () -> FunctionCompiler.generate(p, "org/luaj/vm2/LuaClosure$WardCompiled"));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        try (WardRuntime rt = WardRuntime.builder().luaCompiler(LuaCompilerMode.ALWAYS).build()) {
            evaluated(rt, source(statements), "big");
        }
    }

    private static Prototype big(int statements) throws Exception {
        Prototype p = LuaC.instance.compile(new ByteArrayInputStream(source(statements).getBytes(StandardCharsets.UTF_8)),
                "big");
        assertNotNull(p);
        return p;
    }

    /** A branchy function of {@code statements} statements (ifs, loops, table fields). */
    private static String source(int statements) {
        StringBuilder src = new StringBuilder("local t, s = {}, 0\n");
        for (int i = 0; i < statements; i++) {
            switch (i % 4) {
                case 0 -> src.append("s = s + ").append(i).append('\n');
                case 1 -> src.append("if s > ").append(i).append(" then t[").append(i).append("] = s else s = s - 1 end\n");
                case 2 -> src.append("t.x").append(i % 50).append(" = (t.x").append(i % 50).append(" or 0) + 1\n");
                default -> src.append("for j = 1, 2 do s = s + j end\n");
            }
        }
        return src.append("return s\n").toString();
    }
}
