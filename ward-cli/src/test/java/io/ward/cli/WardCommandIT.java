package io.ward.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code ward} command as users run it ({@code java -jar ward.jar}): how scripts are given
 * and named, {@code arg}, errors and their output, the sandbox, the REPL, version and help.
 * Each test runs on every fiber engine the JVM offers.
 */
class WardCommandIT {
    @TempDir
    Path dir;

    static List<String> engines() {
        return WardProcess.engines();
    }

    private WardProcess ward(String engine) {
        return new WardProcess(engine, dir);
    }

    private void script(String name, String text) throws Exception {
        Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void argumentsAsArgTableAndVarargs(String engine) throws Exception {
        script("args.lua", "print(arg[0], #arg, arg[1], arg[2], select('#', ...), ...)\n"
                + "print('before', arg[-1], arg[-2], arg[-3])\n");
        ward(engine).run("args.lua", "a", "b c").expectExit(0)
                .expectStdoutContains("args.lua\t2\ta\tb c\t2\ta\tb c\n")
                .expectStdoutContains("before\tward\tnil\tnil\n");
        ward(engine).run("--threads", "2", "run", "args.lua", "--timeout", "x").expectExit(0)
                .expectStdoutContains("args.lua\t2\t--timeout\tx\t2\t--timeout\tx\n")
                .expectStdoutContains("before\trun\t2\t--threads\n");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void doubleDashEndsOptions(String engine) throws Exception {
        script("-dash.lua", "print('dash', ...)");
        ward(engine).run("--timeout", "30", "--", "-dash.lua", "--help").expectExit(0)
                .expectStdoutContains("dash\t--help\n");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void scriptFromStdin(String engine) throws Exception {
        WardProcess.Result r = ward(engine).stdin("print('stdin says', ...)\nprint(arg[0])\nerror('oops')\n")
                .run("-", "x", "y").expectExit(1);
        assertEquals("stdin says\tx\ty\n-\n", r.stdout);
        r.expectStderrContains("ward: stdin:3: oops");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void noArgumentsAndNoTerminalReadsStdin(String engine) throws Exception {
        WardProcess.Result r = ward(engine).stdin("print('piped')").run().expectExit(0);
        assertEquals("piped\n", r.stdout);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void codeFromCommandLine(String engine) throws Exception {
        WardProcess.Result r = ward(engine).run("-e", "print(1 + 1, ...)", "x").expectExit(0);
        assertEquals("2\tx\n", r.stdout);
        assertEquals("", r.errors());
        ward(engine).run("-e", "local x = 1\nerror('bad ' .. x)").expectExit(1)
                .expectStderrContains("ward: (command line):2: bad 1");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void shebangLineIsIgnoredAndLinesKeepTheirNumbers(String engine) throws Exception {
        script("tool.lua", "#!/usr/bin/env ward\nprint('ok')\nerror('on line 3')\n");
        WardProcess.Result r = ward(engine).run("tool.lua").expectExit(1);
        assertEquals("ok\n", r.stdout);
        r.expectStderrContains("ward: tool.lua:3: on line 3");
        // a UTF-8 byte order mark is dropped too
        Files.write(dir.resolve("bom.lua"), ("\uFEFFprint('bom ok')\nerror('two')").getBytes(StandardCharsets.UTF_8));
        ward(engine).run("bom.lua").expectExit(1).expectStdoutContains("bom ok").expectStderrContains("ward: bom.lua:2: two");
        // a file that is only a shebang runs nothing
        script("only.lua", "#!/usr/bin/env ward");
        assertEquals("", ward(engine).run("only.lua").expectExit(0).stdout);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void unreadableScripts(String engine) throws Exception {
        WardProcess.Result missing = ward(engine).run("nothere.lua", "arg").expectExit(1);
        assertEquals("", missing.stdout);
        missing.expectStderrContains("ward: cannot open nothere.lua").expectNoJavaLeak();
        Files.createDirectory(dir.resolve("adir"));
        ward(engine).run("adir").expectExit(1).expectStderrContains("ward: cannot read adir: is a directory")
                .expectNoJavaLeak();
        script("empty.lua", "");
        WardProcess.Result empty = ward(engine).run("empty.lua").expectExit(0);
        assertEquals("", empty.stdout);
        assertEquals("", empty.errors());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void syntaxError(String engine) throws Exception {
        script("bad.lua", "print('never')\nlocal x = = 1\n");
        WardProcess.Result r = ward(engine).run("bad.lua").expectExit(1);
        assertEquals("", r.stdout);
        r.expectStderrContains("ward: bad.lua:2:").expectNoJavaLeak();
    }

    @Test
    void anEngineThatCannotRunIsAUsageError() throws Exception {
        WardProcess.Result r = new WardProcess("bogus", dir).run("-e", "print(1)").expectExit(2);
        assertEquals("", r.stdout);
        assertEquals("ward: unknown fiber engine 'bogus' (expected continuation, thread or auto)\n", r.stderr);
        if (!io.ward.core.fiber.FiberEngines.continuationAvailable()) {
            r = new WardProcess("continuation", dir).run("-e", "print(1)").expectExit(2);
            assertTrue(r.stderr.startsWith("ward: the continuation engine is unavailable ("), r.stderr);
            assertTrue(r.stderr.endsWith("it needs JDK 21+ and --add-exports java.base/jdk.internal.vm=ALL-UNNAMED\n"),
                    r.stderr);
        }
    }

    @Test
    void usageErrorsExitWith2() throws Exception {
        String[][] cases = {
            {"--bogus", "x.lua"},
            {"--timeout"},
            {"--timeout", "0", "x.lua"},
            {"--timeout", "-1s", "x.lua"},
            {"--timeout", "soon", "x.lua"},
            {"--instruction-limit", "0", "x.lua"},
            {"--instruction-limit", "lots", "x.lua"},
            {"--memory-limit", "0", "x.lua"},
            {"--memory-limit", "-5", "x.lua"},
            {"--threads", "0", "x.lua"},
            {"--allow", "bogus", "x.lua"},
            {"--allow", "io,bogus", "x.lua"},
            {"--allow", "luajava", "x.lua"},
            {"run"},
        };
        for (String[] args : cases) {
            WardProcess.Result r = ward(null).run(args);
            assertEquals(2, r.exit, String.join(" ", args) + "\n" + r);
            assertEquals("", r.stdout, String.join(" ", args));
            r.expectStderrContains("ward: ").expectStderrContains("ward --help").expectNoJavaLeak();
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void uncaughtErrorShowsPositionAndTraceback(String engine) throws Exception {
        script("script.lua", "print('before')\nlocal function inner()\n  error('boom')\nend\n"
                + "function outer() inner() end\nouter()\nprint('never')\n");
        WardProcess.Result r = ward(engine).run("script.lua").expectExit(1);
        assertEquals("before\n", r.stdout, "stdout carries only the script's output");
        assertTrue(r.errors().startsWith("ward: script.lua:3: boom\nstack traceback:\n"), r.toString());
        r.expectStderrContains("script.lua:3: in function 'inner'")
                .expectStderrContains("script.lua:5: in function 'outer'")
                .expectStderrContains("script.lua:6: in main chunk")
                .expectNoJavaLeak();
        script("table.lua", "error({code = 42})");
        ward(engine).run("table.lua").expectExit(1).expectStderrContains("ward: (error object is a table value)");
        script("tostring.lua", "error(setmetatable({}, {__tostring = function() return 'custom error' end}))");
        ward(engine).run("tostring.lua").expectExit(1).expectStderrContains("ward: custom error");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void errorLevelsKeepTheirPositionsWithTracebacks(String engine) throws Exception {
        script("levels.lua", String.join("\n",
                "local function check(v) if not v then error('check failed', 2) end end",
                "local function user()",
                "  check(false)",
                "end",
                "local ok, e = pcall(user)",
                "assert(e == 'levels.lua:3: check failed', e)",
                "ok, e = pcall(check, false)",       // level 2 is pcall itself: no position
                "assert(e == 'check failed', e)",
                "ok, e = pcall(error, 'x', 2)",
                "assert(e == 'x', e)",
                "user()"));
        ward(engine).run("levels.lua").expectExit(1).expectStderrContains("ward: levels.lua:3: check failed");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void tracebacksStayRightAfterAbandonedCoroutinesAreCollected(String engine) throws Exception {
        // the thread engine unwinds collected suspended coroutines while another Lua thread is current
        script("abandon.lua", String.join("\n",
                "local function check(v) if not v then error('check failed', 2) end end",
                "local function deep(n)",
                "  if n == 0 then",
                "    for i = 1, 500 do",
                "      local co = coroutine.wrap(function() local function a() coroutine.yield() end a() end)",
                "      co()",
                "    end",
                "    for i = 1, 3 do collectgarbage() require('ward.time').sleep('50ms'):wait() end",
                "    check(false)",
                "  end",
                "  return deep(n - 1) + 1",
                "end",
                "deep(3)"));
        WardProcess.Result r = ward(engine).run("abandon.lua").expectExit(1);
        assertTrue(r.errors().startsWith("ward: abandon.lua:9: check failed\nstack traceback:\n"
                + "\tabandon.lua:1: in function 'check'\n\tabandon.lua:9: in function 'deep'\n"
                + "\tabandon.lua:11: in function 'deep'\n"), r.toString());
        r.expectStderrContains("abandon.lua:13: in main chunk");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void taskErrorEndsMainWithTheTasksPosition(String engine) throws Exception {
        script("task.lua", String.join("\n",
                "local async = require('ward.async')",
                "local t = async.spawn(function()",
                "  require('ward.time').sleep('10ms'):wait()",
                "  error('task failed')",
                "end)",
                "print('waiting')",
                "t:wait()",
                "print('never')"));
        WardProcess.Result r = ward(engine).run("task.lua").expectExit(1);
        assertEquals("waiting\n", r.stdout);
        r.expectStderrContains("ward: task.lua:4: task failed").expectStderrContains("stack traceback:")
                .expectNoJavaLeak();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void endOfMainChunkEndsTheProgram(String engine) throws Exception {
        script("main.lua", String.join("\n",
                "local async = require('ward.async')",
                "local time = require('ward.time')",
                "async.spawn(function() while true do time.sleep('10ms'):wait() end end):detach()",
                "FAILED = async.spawn(function() error('nobody waits for me') end)",
                "time.sleep('50ms'):wait()",
                "print('main done')"));
        WardProcess.Result r = ward(engine).run("main.lua").expectExit(0);
        assertEquals("main done\n", r.stdout);
        r.expectStderrContains("nobody waits for me"); // reported when the runtime closes; status unchanged
    }

    @ParameterizedTest
    @MethodSource("engines")
    void sandboxHasNoIoOsLuajavaAndOnlyTheReadOnlyDebug(String engine) throws Exception {
        script("sandbox.lua", String.join("\n",
                "print(io, os, debug.sethook, luajava)",
                "for _, m in ipairs({'io', 'os', 'luajava'}) do",
                "  assert(not pcall(require, m), m .. ' must not load')",
                "end",
                "assert(not pcall(require, 'java.lang.System'))",
                "assert(string.dump == nil)",
                "print(type(coroutine.wrap), type(utf8.char), type(require('ward.async').spawn))"));
        WardProcess.Result r = ward(engine).run("sandbox.lua").expectExit(0);
        assertEquals("nil\tnil\tnil\tnil\nfunction\tfunction\tfunction\n", r.stdout);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void allowDebugOpensTheFullDebugLibrary(String engine) throws Exception {
        script("dbg.lua", String.join("\n",
                "local up = 1",
                "local function f() return up end",
                "print(type(debug.sethook), debug.getupvalue(f, 1), type(io), type(os))",
                "local function boom() error('x') end",
                "print(select(2, xpcall(boom, debug.traceback)))"));
        WardProcess.Result r = ward(engine).run("--allow", "debug", "dbg.lua").expectExit(0);
        assertEquals("function\tup\tnil\tnil\n"
                + "dbg.lua:4: x\nstack traceback:\n"
                + "\tdbg.lua:4: in function <dbg.lua:4>\n"
                + "\t[C]: in function 'xpcall'\n"
                + "\tdbg.lua:5: in main chunk\n"
                + "\t[C]: in ?\n", r.stdout);
        r = ward(engine).run("--allow", "io,os", "--allow", "debug", "-e",
                "print(type(io.write), type(os.getenv), type(debug.getregistry))").expectExit(0);
        assertEquals("function\tfunction\tfunction\n", r.stdout);
        r = ward(engine).run("-e", "print(debug.sethook, type(debug.traceback))").expectExit(0);
        assertEquals("nil\tfunction\n", r.stdout);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void allowBinaryLoadsPrecompiledFiles(String engine) throws Exception {
        ward(engine).run("--allow", "io,binary", "-e",
                "local f = assert(io.open('answer.luac', 'wb')) f:write(string.dump(load('return 6 * 7'))) f:close()")
                .expectExit(0);
        WardProcess.Result r = ward(engine).run("--allow", "binary", "-e",
                "print(dofile('answer.luac'), loadfile('answer.luac')(), select(2, loadfile('answer.luac', 't')))")
                .expectExit(0);
        assertEquals("42\t42\tattempt to load a binary chunk (mode is 't')\n", r.stdout);
        r = ward(engine).run("-e", "print(string.dump, loadfile('answer.luac'))").expectExit(0);
        assertEquals("nil\tnil\tattempt to load a binary chunk (mode is 't')\n", r.stdout);
    }

    @Test
    void allowUnknownLibraryIsAUsageError() throws Exception {
        WardProcess.Result r = ward(null).run("--allow", "bogus", "-e", "print(1)");
        assertEquals(2, r.exit, r.toString());
        r.expectStderrContains("unknown library 'bogus'").expectStderrContains("ward --help").expectNoJavaLeak();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void unicodeArguments(String engine) throws Exception {
        script("u.lua", "print(arg[1], #arg[1])");
        WardProcess.Result r = ward(engine).env(Map.of("LC_ALL", "C.UTF-8")).run("u.lua", "h\u00e9llo \u2713")
                .expectExit(0);
        assertEquals("h\u00e9llo \u2713\t10\n", r.stdout);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void repl(String engine) throws Exception {
        String session = String.join("\n",
                "x = 20",
                "=x + 1",
                "x * 2",
                "for i = 1, 2 do",
                "  print('i', i)",
                "end",
                "error('oops')",
                "local t = {",
                "  a = 1,",
                "}",
                "print('still here')",
                "require('ward.time').sleep('10ms'):wait()",
                "=1, nil, 'three'",
                "print(x y)",
                "");
        WardProcess.Result r = ward(engine).stdin(session).run("repl").expectExit(0);
        assertEquals("21\n40\ni\t1\ni\t2\nstill here\ntrue\n1\tnil\tthree\n", r.stdout);
        r.expectStderrContains("stdin:1: oops").expectStderrContains("stdin:1:").expectNoJavaLeak();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void version(String engine) throws Exception {
        WardProcess.Result r = ward(engine).run("--version").expectExit(0);
        r.expectStdoutContains("ward 0.").expectStdoutContains("LuaJ 3.0.1")
                .expectStdoutContains("JDK " + System.getProperty("java.version"))
                .expectStdoutContains("fiber engine: " + engine);
        assertEquals("", r.errors());
    }

    @Test
    void help() throws Exception {
        WardProcess.Result r = ward(null).run("--help").expectExit(0);
        r.expectStdoutContains("Usage: ward [OPTIONS] SCRIPT").expectStdoutContains("--timeout=DURATION")
                .expectStdoutContains("--instruction-limit=N").expectStdoutContains("--memory-limit=BYTES")
                .expectStdoutContains("--threads=N").expectStdoutContains("repl").expectStdoutContains("Exit status");
        assertEquals("", r.errors());
        ward(null).run("repl", "--help").expectExit(0).expectStdoutContains("Interactive Lua");
    }
}
