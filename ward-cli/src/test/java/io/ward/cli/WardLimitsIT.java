package io.ward.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Limits and abnormal endings of the real {@code ward} process: {@code --timeout} (CPU loop,
 * backtracking pattern, a sleeping script), {@code --instruction-limit} (bare, inside pcall,
 * coroutines and tasks), {@code --memory-limit}, stack overflow in the main chunk and in tasks,
 * and Ctrl-C. No timing thresholds: only generous upper bounds for "the process ends".
 */
class WardLimitsIT {
    /** Upper bound for a process that must end by itself (JVM start included). */
    private static final long ENDS_WITHIN_SECONDS = 20;

    @TempDir
    Path dir;

    static List<String> engines() {
        return WardProcess.engines();
    }

    private WardProcess ward(String engine) {
        return new WardProcess(engine, dir).limitSeconds(ENDS_WITHIN_SECONDS);
    }

    private void script(String name, String... lines) throws Exception {
        Files.write(dir.resolve(name), String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void timeoutEndsACpuLoop(String engine) throws Exception {
        script("spin.lua", "print('spinning')", "local n = 0", "while true do n = n + 1 end");
        WardProcess.Result r = ward(engine).run("--timeout", "0.5", "spin.lua").expectExit(1);
        assertEquals("spinning\n", r.stdout);
        r.expectStderrContains("ward: evaluation timed out").expectNoJavaLeak();
        // a loop inside pcall cannot catch it either
        script("pspin.lua", "print(pcall(function() while true do end end))", "print('never')");
        WardProcess.Result p = ward(engine).run("--timeout", "500ms", "pspin.lua").expectExit(1);
        assertEquals("", p.stdout);
        p.expectStderrContains("evaluation timed out");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void timeoutEndsALongPatternMatch(String engine) throws Exception {
        // catastrophic backtracking inside string.find: Java code, no Lua instruction for a long time
        script("find.lua", "print('matching')",
                "local s = string.rep('a', 30) .. 'b'",
                "print(s:find(('a*'):rep(30) .. 'c'))");
        WardProcess.Result r = ward(engine).run("--timeout", "1", "find.lua").expectExit(1);
        assertEquals("matching\n", r.stdout);
        r.expectStderrContains("ward: evaluation timed out").expectNoJavaLeak();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void timeoutEndsASleepingScriptAndSparesAFastOne(String engine) throws Exception {
        script("sleepy.lua", "require('ward.time').sleep(60):wait()");
        ward(engine).run("--timeout", "0.5", "sleepy.lua").expectExit(1).expectStderrContains("evaluation timed out");
        script("quick.lua", "require('ward.time').sleep('10ms'):wait() print('in time')");
        assertEquals("in time\n", ward(engine).run("--timeout", "30s", "quick.lua").expectExit(0).stdout);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void instructionLimit(String engine) throws Exception {
        script("loop.lua", "print('start')", "while true do end");
        WardProcess.Result r = ward(engine).run("--instruction-limit", "100000", "loop.lua").expectExit(1);
        assertEquals("start\n", r.stdout);
        assertTrue(r.errors().startsWith("ward: instruction limit exceeded\nstack traceback:\n\tloop.lua:2:"), r.toString());

        script("within.lua", "local s = 0 for i = 1, 1000 do s = s + i end print(s)");
        assertEquals("500500\n", ward(engine).run("--instruction-limit", "1000000", "within.lua").expectExit(0).stdout);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void instructionLimitCannotBeCaught(String engine) throws Exception {
        script("pcall.lua",
                "print(pcall(function() while true do end end))",
                "print('never')");
        script("xpcall.lua",
                "print(xpcall(function() while true do end end, function(e) return 'handled ' .. tostring(e) end))",
                "print('never')");
        script("coroutine.lua",
                "local co = coroutine.wrap(function()",
                "  local inner = coroutine.create(function() while true do end end)",
                "  print(coroutine.resume(inner))",
                "end)",
                "print(pcall(co))",
                "print('never')");
        script("task.lua",
                "local t = require('ward.async').spawn(function() local n = 0 while true do n = n + 1 end end)",
                "print(pcall(t.wait, t))",
                "print('never')");
        script("detached.lua",                       // nobody waits for the task; main is blocked
                "local async = require('ward.async')",
                "local ch = async.channel()",
                "async.spawn(function() while true do end end):detach()",
                "print('main waits')",
                "print(ch:wait())");
        script("metamethod.lua",
                "local t = setmetatable({}, {__index = function() while true do end end})",
                "print(pcall(function() return t.x end))",
                "table.sort({3, 2, 1}, function(a, b) while true do end end)");
        for (String s : new String[] {"pcall.lua", "xpcall.lua", "coroutine.lua", "task.lua", "detached.lua",
            "metamethod.lua"}) {
            WardProcess.Result r = ward(engine).run("--instruction-limit", "50000", s).expectExit(1);
            assertTrue(!r.stdout.contains("never") && !r.stdout.contains("false") && !r.stdout.contains("handled"),
                    s + "\n" + r);
            r.expectStderrContains("ward: instruction limit exceeded").expectNoJavaLeak();
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void memoryLimit(String engine) throws Exception {
        script("grow.lua", "print('growing')", "local t = {}",
                "for i = 1, 1e9 do t[i] = string.rep('x', 1000) .. i end");
        WardProcess.Result r = ward(engine).run("--memory-limit", "64m", "grow.lua").expectExit(1);
        assertEquals("growing\n", r.stdout);
        r.expectStderrContains("ward: memory limit exceeded").expectNoJavaLeak();
        assertTrue(!r.stderr.contains("OutOfMemoryError"), r.toString());

        script("double.lua", "local s = 'x' while true do s = s .. s end");
        ward(engine).run("--memory-limit", "50000000", "double.lua").expectExit(1)
                .expectStderrContains("memory").expectNoJavaLeak();

        // without --memory-limit, a full JVM heap is still a clean Lua-level message
        new WardProcess(engine, dir).limitSeconds(ENDS_WITHIN_SECONDS).jvmArg("-Xmx48m").run("grow.lua")
                .expectExit(1).expectStderrContains("ward: not enough memory").expectNoJavaLeak();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void stackOverflowInMainChunk(String engine) throws Exception {
        script("deep.lua",
                "local function f() return 1 + f() end",
                "local ok, e = pcall(f)",
                "print(ok, e)",
                "local function g() error('after the overflow') end",
                "g()");
        WardProcess.Result r = ward(engine).run("deep.lua").expectExit(1);
        // the call-depth limit raises Lua 5.2's message, at the caller's position
        assertEquals("false\tdeep.lua:1: stack overflow\n", r.stdout);
        // the call stack was repaired after the overflow: the traceback is the real one
        assertTrue(r.errors().startsWith("ward: deep.lua:4: after the overflow\nstack traceback:\n"
                + "\tdeep.lua:4: in function 'g'\n\tdeep.lua:5: in main chunk"), r.toString());

        script("deep2.lua", "local function f() return 1 + f() end", "print('start')", "f()");
        WardProcess.Result u = ward(engine).run("deep2.lua").expectExit(1);
        assertEquals("start\n", u.stdout);
        u.expectStderrContains("ward: deep2.lua:1: stack overflow").expectNoJavaLeak();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void stackOverflowInATask(String engine) throws Exception {
        script("task.lua",
                "local async = require('ward.async')",
                "local function f(n) return 1 + f(n + 1) end",
                "local t = async.spawn(f, 1)",
                "print(pcall(t.wait, t))",
                "local c = coroutine.wrap(function() return f(1) end)",
                "print(pcall(c))",
                "async.spawn(f, 1):wait()");
        WardProcess.Result r = ward(engine).run("task.lua").expectExit(1);
        assertEquals("false\ttask.lua:2: stack overflow\nfalse\ttask.lua:2: stack overflow\n", r.stdout);
        r.expectStderrContains("task.lua:2: stack overflow").expectNoJavaLeak();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void ctrlCExitsWith130(String engine) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Paths.get("/bin/kill")) || Files.isExecutable(Paths.get("/usr/bin/kill")),
                "kill(1) is available");
        List<String> prefix = WardProcess.defaultSignals("INT");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        script("forever.lua", "print('ready')", "while true do require('ward.time').sleep(1):wait() end");
        Process p = ward(engine).start(out, err, prefix, "forever.lua");
        try {
            org.awaitility.Awaitility.await().atMost(ENDS_WITHIN_SECONDS, TimeUnit.SECONDS)
                    .pollInterval(java.time.Duration.ofMillis(20))
                    .until(() -> WardProcess.read(out).contains("ready") || !p.isAlive());
            if (!WardProcess.read(out).contains("ready")) {
                fail("ward did not start: " + WardProcess.read(err));
            }
            long pid = p.pid();
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).start();
            assertEquals(0, kill.waitFor());
            assertTrue(p.waitFor(ENDS_WITHIN_SECONDS, TimeUnit.SECONDS), "ward ended after SIGINT");
            assertEquals(130, p.exitValue(), WardProcess.read(err));
            assertTrue(WardProcess.read(err).contains("ward: interrupted"), WardProcess.read(err));
        } finally {
            p.destroyForcibly();
        }
    }
}
