package io.ward.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code ward.lifecycle} in the real {@code ward} process: real signals sent with
 * {@code kill -SIG <pid>} reach the script's handlers on the loop while the main chunk awaits;
 * SIGINT and SIGTERM then end the run with 130 and 143 after the shutdown callbacks; the exit
 * statuses of {@code lifecycle.request}; the callbacks' {@code {reason, code, error}}.
 */
class WardLifecycleIT {
    private static final long ENDS_WITHIN_SECONDS = 30;

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

    /** Runs {@code name}, waits for {@code ready} on its stdout, sends each signal in turn, waits for the end. */
    private WardProcess.Result signalled(String engine, String name, String... signals) throws Exception {
        List<String> sent = new ArrayList<>(List.of(signals));
        sent.add("INT"); // reset when ignored whatever the test sends, as before
        List<String> prefix = WardProcess.defaultSignals(sent.toArray(String[]::new));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        long start = System.nanoTime();
        Process p = ward(engine).start(out, err, prefix, name);
        try {
            int seen = 0;
            for (String signal : signals) {
                String ready = seen == 0 ? "ready" : "ready" + (seen + 1);
                try {
                    org.awaitility.Awaitility.await().atMost(ENDS_WITHIN_SECONDS, TimeUnit.SECONDS)
                            .pollInterval(java.time.Duration.ofMillis(20))
                            .until(() -> WardProcess.read(out).contains(ready) || !p.isAlive());
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    fail("ward did not print " + ready + " within " + ENDS_WITHIN_SECONDS + " s:\n" + WardProcess.read(out)
                            + "\n" + WardProcess.read(err) + "\n" + threadDump(p));
                }
                if (!WardProcess.read(out).contains(ready)) {
                    fail("ward did not print " + ready + ":\n" + WardProcess.read(out) + "\n" + WardProcess.read(err));
                }
                Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
                assertEquals(0, kill.waitFor());
                seen++;
            }
            assertTrue(p.waitFor(ENDS_WITHIN_SECONDS, TimeUnit.SECONDS), "ward ended after the signals:\n"
                    + WardProcess.read(out) + "\n" + WardProcess.read(err));
            return new WardProcess.Result(p.exitValue(), WardProcess.read(out), WardProcess.read(err),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } finally {
            p.destroyForcibly();
        }
    }

    /** The threads of a ward process that seems stuck ({@code jstack}), for the failure message. */
    private static String threadDump(Process p) {
        try {
            Process jstack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                    Long.toString(p.pid())).redirectErrorStream(true).start();
            String dump = new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jstack.waitFor(30, TimeUnit.SECONDS);
            return dump;
        } catch (java.io.IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void sigtermRunsTheHandlerWhileTheMainChunkAwaitsThenEndsWith143(String engine) throws Exception {
        script("term.lua",
                "local lifecycle = require('ward.lifecycle')",
                "local time = require('ward.time')",
                "lifecycle.on('TERM', function(ev)",
                "  time.sleep('10ms'):wait() -- a handler is a task: it may await",
                "  print('handler', ev.name, ev.number, lifecycle.requested())",
                "end)",
                "lifecycle.on_shutdown(function(ev) print('shutdown', ev.reason, ev.code, ev.error) end)",
                "print('ready')",
                "time.sleep(600):wait()",
                "print('not reached')");
        WardProcess.Result r = signalled(engine, "term.lua", "TERM").expectExit(143);
        assertEquals("ready\nhandler\tTERM\t15\tfalse\nshutdown\tsignal\t143\tnil\n", r.stdout, r.toString());
        r.expectStderrContains("ward: interrupted");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void sigintWithShutdownCallbacksKeeps130(String engine) throws Exception {
        script("int.lua",
                "local lifecycle = require('ward.lifecycle')",
                "lifecycle.on_shutdown(function(ev) print('first', ev.reason, ev.code) end)",
                "lifecycle.on_shutdown(function(ev) print('second', ev.reason, ev.code) end)",
                "print('ready')",
                "local ch = require('ward.async').channel(1)",
                "ch:wait()");
        WardProcess.Result r = signalled(engine, "int.lua", "INT").expectExit(130);
        assertEquals("ready\nsecond\tsignal\t130\nfirst\tsignal\t130\n", r.stdout, r.toString());
        r.expectStderrContains("ward: interrupted").expectNoJavaLeak();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void sighupReachesItsHandlerAndTheScriptGoesOn(String engine) throws Exception {
        script("hup.lua",
                "local lifecycle = require('ward.lifecycle')",
                "local async = require('ward.async')",
                "local ch = async.channel(4)",
                "lifecycle.on('hup', function(ev) ch:send(ev.name .. ' ' .. ev.number) end)",
                "print('ready')",
                "print('got', ch:wait())",
                "print('ready2')",
                "print('got', ch:wait())",
                "print('requested', lifecycle.requested())");
        WardProcess.Result r = signalled(engine, "hup.lua", "HUP", "HUP").expectExit(0);
        assertEquals("ready\ngot\tHUP 1\nready2\ngot\tHUP 1\nrequested\tfalse\n", r.stdout, r.toString());
        assertFalse(r.errors().contains("ward:"), r.toString());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void cpuBoundMainChunkStillEndsOnSigterm(String engine) throws Exception {
        script("spin.lua",
                "local lifecycle = require('ward.lifecycle')",
                "lifecycle.on('TERM', function() print('handler') end)",
                "print('ready')",
                "while true do end");
        // the loop never gets the handler (the chunk never awaits): the process ends after the grace period
        WardProcess.Result r = signalled(engine, "spin.lua", "TERM").expectExit(143);
        assertEquals("ready\n", r.stdout, r.toString());
        r.expectStderrContains("ward: interrupted");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void requestFromATaskEndsTheAwaitingMainChunkWithItsCode(String engine) throws Exception {
        script("request.lua",
                "local lifecycle = require('ward.lifecycle')",
                "local async = require('ward.async')",
                "lifecycle.on_shutdown(function(ev) print('shutdown', ev.reason, ev.code, ev.error) end)",
                "async.spawn(function() lifecycle.request(7) end)",
                "require('ward.time').sleep(600):wait()",
                "print('not reached')");
        WardProcess.Result r = ward(engine).run("request.lua").expectExit(7);
        assertEquals("shutdown\trequested\t7\tnil\n", r.stdout, r.toString());
        assertEquals("", r.errors().trim(), r.toString());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void requestWithoutCodeEndsWith0AndNoMessage(String engine) throws Exception {
        script("zero.lua",
                "local lifecycle = require('ward.lifecycle')",
                "lifecycle.request()",
                "print('code', lifecycle.code())",
                "require('ward.time').sleep(600):wait()");
        WardProcess.Result r = ward(engine).run("zero.lua").expectExit(0);
        assertEquals("code\t0\n", r.stdout, r.toString());
        assertEquals("", r.errors().trim(), r.toString());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void callbacksSeeTheErrorAndSuccess(String engine) throws Exception {
        script("fail.lua",
                "local lifecycle = require('ward.lifecycle')",
                "lifecycle.on_shutdown(function(ev) print('shutdown', ev.reason, ev.code, ev.error) end)",
                "error('boom', 0)");
        WardProcess.Result r = ward(engine).run("fail.lua").expectExit(1);
        assertEquals("shutdown\terror\tnil\tboom\n", r.stdout, r.toString());
        r.expectStderrContains("ward: boom");
        script("ok.lua",
                "local lifecycle = require('ward.lifecycle')",
                "lifecycle.on_shutdown(function(ev) error('ignored') end)",
                "lifecycle.on_shutdown(function(ev) print('shutdown', ev.reason, ev.code, ev.error) end)",
                "print('done')");
        r = ward(engine).run("ok.lua").expectExit(0);
        assertEquals("done\nshutdown\tsuccess\tnil\tnil\n", r.stdout, r.toString());
        r.expectStderrContains("ward: error in shutdown callback: ok.lua:2: ignored");
    }
}
