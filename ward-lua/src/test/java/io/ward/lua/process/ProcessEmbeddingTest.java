package io.ward.lua.process;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.TestFutures;
import io.ward.lua.WardRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ward.process} in an embedding host: the module is opt-in, children's "inherited"
 * output lands in the runtime's own streams (not the JVM's file descriptors, which a host or
 * test runner owns), inherited stdin is empty, and {@code process.exit} is recorded, not
 * acted on.
 */
@Timeout(120)
class ProcessEmbeddingTest {
    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private WardRuntime runtime(FiberEngine engine) {
        return WardRuntime.builder().engine(engine).withLibrary("ward.process")
                .stdout(new PrintStream(out, true, StandardCharsets.UTF_8))
                .stderr(new PrintStream(err, true, StandardCharsets.UTF_8)).build();
    }

    private static Varargs get(Future<Varargs> f) throws InterruptedException {
        return TestFutures.result(f);
    }

    @Test
    void theModuleIsOptIn() throws Exception {
        try (WardRuntime rt = WardRuntime.builder().build()) {
            Varargs r = get(rt.eval("return pcall(require, 'ward.process')", "t"));
            assertFalse(r.arg1().toboolean());
            assertTrue(r.arg(2).tojstring().contains("module 'ward.process' not found"), r.arg(2).tojstring());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void runCopiesTheChildsOutputIntoTheRuntimesStreams(FiberEngine engine) throws Exception {
        try (WardRuntime rt = runtime(engine)) {
            Varargs r = get(rt.eval("local p = require('ward.process')\n"
                    + "print('before')\n"
                    + "local r = p.sh('echo to-out; echo to-err >&2'):run()\n"
                    + "print('after')\n"
                    + "return r.ok, r.stdout, r.stderr", "t"));
            assertTrue(r.arg1().toboolean());
            assertTrue(r.arg(2).isnil() && r.arg(3).isnil(), "run() captures nothing");
            assertEquals("before\nto-out\nafter\n", out.toString(StandardCharsets.UTF_8));
            assertEquals("to-err\n", err.toString(StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void spawnedInheritedOutputIsCopiedAsItComes(FiberEngine engine) throws Exception {
        try (WardRuntime rt = runtime(engine)) {
            Varargs r = get(rt.eval("local p = require('ward.process')\n"
                    + "local c = p.cmd('sh', '-c', 'echo one; echo two >&2'):spawn({stdout = false})\n"
                    + "return c:wait().ok, c:stdout_lines()", "t"));
            assertTrue(r.arg1().toboolean());
            assertEquals("not_piped", r.arg(3).tojstring());
            assertEquals("one\n", out.toString(StandardCharsets.UTF_8));
            assertEquals("two\n", err.toString(StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aPipelinesEarlierStagesWriteTheirStderrToTheRuntime(FiberEngine engine) throws Exception {
        try (WardRuntime rt = runtime(engine)) {
            Varargs r = get(rt.eval("local p = require('ward.process')\n"
                    + "local c = p.sh('echo first-err >&2; echo data'):pipe(p.cmd('cat')):spawn()\n"
                    + "local line = c:stdout_lines():wait()\n"
                    + "return line, c:wait().ok", "t"));
            assertEquals("data", r.arg1().tojstring());
            assertTrue(r.arg(2).toboolean());
            assertEquals("first-err\n", err.toString(StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void inheritedStdinIsEmptyWhenEmbedded(FiberEngine engine) throws Exception {
        try (WardRuntime rt = runtime(engine)) {
            // cat would wait forever on a real stdin; the host's stdin is not the script's
            Varargs r = get(rt.eval("local r = require('ward.process').cmd('cat'):output()\n"
                    + "return r.ok, r.stdout", "t"));
            assertTrue(r.arg1().toboolean());
            assertEquals("", r.arg(2).tojstring());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void exitIsRecordedAndEndsTheChunk(FiberEngine engine) throws Exception {
        try (WardRuntime rt = runtime(engine)) {
            Future<Varargs> f = rt.eval("local p = require('ward.process')\n"
                    + "local async = require('ward.async')\n"
                    + "local t = async.spawn(function() pcall(p.exit, 3); error('not reached') end)\n"
                    + "local ok, e = pcall(t.wait, t)\n"
                    + "print('main goes on', ok, e)\n"
                    + "local c = coroutine.wrap(function() p.exit(4) end)\n"
                    + "local u = async.spawn(function() pcall(c) end)\n"
                    + "print(pcall(u.wait, u))\n"
                    + "p.exit(-2)\n"
                    + "print('not reached')", "t");
            assertTrue(f.await(60, TimeUnit.SECONDS));
            assertFalse(f.isSuccess());
            assertEquals(1, rt.exitStatus().getAsInt()); // the latest request: -2 becomes 1
            assertEquals("main goes on\tfalse\tprocess.exit(3)\nfalse\tprocess.exit(4)\n",
                    out.toString(StandardCharsets.UTF_8));
            assertEquals("", err.toString(StandardCharsets.UTF_8), "an exit is not reported as an error");
        }
    }
}
