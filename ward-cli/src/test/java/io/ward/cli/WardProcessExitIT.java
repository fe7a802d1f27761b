package io.ward.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code process.exit(code)} through the real command ({@code java -jar ward.jar}), on every
 * fiber engine: the CLI's exit status, where the script stops, that {@code pcall} cannot catch
 * it, and that an exit from a task lets the main chunk finish first (ward-process.md).
 */
class WardProcessExitIT {
    @TempDir
    Path dir;

    static List<String> engines() {
        return WardProcess.engines();
    }

    private WardProcess.Result run(String engine, String name, String script) throws Exception {
        Files.write(dir.resolve(name), script.getBytes(StandardCharsets.UTF_8));
        return new WardProcess(engine, dir).run(name);
    }

    private static final String PROCESS = "local process = require('ward.process')\n";

    @ParameterizedTest
    @MethodSource("engines")
    void exitFromTheMainChunkStopsTheScriptWithItsCode(String engine) throws Exception {
        WardProcess.Result r = run(engine, "three.lua", PROCESS
                + "print('before')\nprocess.exit(3)\nprint('after')\n").expectExit(3);
        assertEquals("before\n", r.stdout, "nothing runs after exit");
        assertEquals("", r.errors(), "an exit is not an error");
        run(engine, "fortytwo.lua", PROCESS + "process.exit(42)").expectExit(42);
        run(engine, "max.lua", PROCESS + "process.exit(255)").expectExit(255);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void exitWithoutCodeOrZeroIsSuccess(String engine) throws Exception {
        WardProcess.Result r = run(engine, "none.lua", PROCESS + "process.exit()\nprint('after')\n").expectExit(0);
        assertEquals("", r.stdout);
        assertEquals("", r.errors());
        assertEquals("", run(engine, "zero.lua", PROCESS + "process.exit(0)\nprint('after')\n").expectExit(0).stdout);
        // an exit status of 0 after a failing command: the script decides, not the command
        run(engine, "fails.lua", PROCESS + "local r = process.cmd('false'):output()\nprocess.exit(r.ok and 9 or 0)\n")
                .expectExit(0);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void exitEndsDashEAndTheRepl(String engine) throws Exception {
        WardProcess.Result e = new WardProcess(engine, dir)
                .run("-e", "print('in -e'); require('ward.process').exit(5); print('after')").expectExit(5);
        assertEquals("in -e\n", e.stdout);
        assertEquals("", e.errors());
        WardProcess.Result repl = new WardProcess(engine, dir)
                .stdin("print('first')\nrequire('ward.process').exit(6)\nprint('not read')\n").run("repl").expectExit(6);
        assertEquals("first\n", repl.stdout, "the REPL stops at the exit");
        assertEquals("", repl.errors());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void negativeCodesBecomeOneAndHugeCodesAreClamped(String engine) throws Exception {
        run(engine, "negative.lua", PROCESS + "process.exit(-3)").expectExit(1);
        // 2^40 is clamped to 2147483647; the operating system keeps its low 8 bits (255)
        WardProcess.Result r = run(engine, "huge.lua", PROCESS + "process.exit(2^40)").expectExit(2147483647 & 0xFF);
        assertEquals("", r.errors(), "a clamped code is no error");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void pcallAndCoroutinesCannotCatchAnExit(String engine) throws Exception {
        WardProcess.Result r = run(engine, "pcall.lua", PROCESS
                + "local ok, e = pcall(process.exit, 5)\nprint('caught', ok, e)\n").expectExit(5);
        assertEquals("", r.stdout, "pcall did not return");
        r = run(engine, "xpcall.lua", PROCESS
                + "xpcall(function() process.exit(6) end, function(m) print('handler', m) return m end)\n"
                + "print('after')\n").expectExit(6);
        assertEquals("", r.stdout, "neither the handler nor the rest ran");
        r = run(engine, "coroutine.lua", PROCESS
                + "local co = coroutine.wrap(function() process.exit(7) end)\n"
                + "print('resumed', pcall(co))\n").expectExit(7);
        assertEquals("", r.stdout, "an exit inside a coroutine ends the script");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void exitFromATaskStopsThatTaskAndTheMainChunkFinishes(String engine) throws Exception {
        WardProcess.Result r = run(engine, "task.lua", PROCESS
                + "local async = require('ward.async')\n"
                + "local time = require('ward.time')\n"
                + "local t = async.spawn(function()\n"
                + "  local ok = pcall(process.exit, 4)\n"
                + "  print('task after exit', ok)\n"
                + "end)\n"
                + "time.sleep('50ms'):wait()\n"
                + "print('task done', t:done())\n"
                + "local other = async.spawn(function() return 'other task runs' end)\n"
                + "print(other:wait())\n"
                + "print('main end')\n").expectExit(4);
        assertEquals("task done\ttrue\nother task runs\nmain end\n", r.stdout,
                "the task stopped at exit; the main chunk and other tasks went on");
        assertEquals("", r.errors());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void exitFromTheMainChunkEndsRunningChildren(String engine) throws Exception {
        WardProcess.Result r = run(engine, "child.lua", PROCESS
                + "local child = process.cmd('sleep', '300'):spawn()\n"
                + "print(child:pid())\n"
                + "process.exit(8)\n").expectExit(8);
        long pid = Long.parseLong(r.stdout.trim());
        // closing the runtime kills the children it still owns
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            return h.isEmpty() || !h.get().isAlive();
        });
    }
}
