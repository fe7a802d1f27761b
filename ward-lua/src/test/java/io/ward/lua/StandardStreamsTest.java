package io.ward.lua;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code print}, {@code ward.io} and {@code ward.log} write to the embedder's streams, in call
 * order, from any number of tasks; a broken stream is a Lua error; Ward's own one-time warning.
 */
@Timeout(60)
class StandardStreamsTest {
    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    private static Varargs eval(WardRuntime rt, String code) throws Exception {
        Future<Varargs> f = rt.eval(code, "test");
        assertTrue(f.await(30, TimeUnit.SECONDS), "finished");
        if (!f.isSuccess()) {
            throw new AssertionError(f.cause().getMessage(), f.cause());
        }
        return f.getNow();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void printIoAndLogKeepCallOrderOnTheEmbeddersStreams(FiberEngine engine) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (WardRuntime rt = WardRuntime.builder().engine(engine)
                .stdout(new PrintStream(out, false, StandardCharsets.UTF_8))
                .stderr(new PrintStream(err, false, StandardCharsets.UTF_8)).build()) {
            eval(rt, "local io, log, async = require('ward.io'), require('ward.log'), require('ward.async')\n"
                    + "print('p1') io.write_stdout('w1\\n') print('p2') io.write_stdout('w2\\0')\n"
                    + "io.write_stderr('e1\\n') log.warn('l1') io.write_stderr('e2\\n')\n"
                    + "local ts = {}\n"
                    + "for i = 1, 20 do ts[i] = async.spawn(function() io.write_stdout(('t' .. i .. ';'):rep(50) .. '\\n') end) end\n"
                    + "for i = 1, 20 do ts[i]:wait() end");
        }
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.startsWith("p1\nw1\np2\nw2\0"), o);
        String[] lines = o.substring("p1\nw1\np2\nw2\0".length()).split("\n");
        assertEquals(20, lines.length);
        for (String line : lines) {
            String first = line.substring(0, line.indexOf(';') + 1);
            assertEquals(first.repeat(50), line, "one write is never split by another");
        }
        String[] e = err.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("e1", e[0]);
        assertTrue(e[1].endsWith(" WARN  l1"), e[1]);
        assertEquals("e2", e[2]);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aFailingStreamIsALuaError(FiberEngine engine) throws Exception {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
            }
        };
        try (WardRuntime rt = WardRuntime.builder().engine(engine).stdout(new PrintStream(broken, true)).build()) {
            Varargs r = eval(rt, "local io = require('ward.io')\n"
                    + "local ok, e = pcall(io.write_stdout, 'x') local ok2, e2 = pcall(io.flush_stdout)\n"
                    + "return ok, e, ok2, e2");
            assertEquals("false", r.arg(1).tojstring());
            assertTrue(r.arg(2).tojstring().contains("stdout: write failed"), r.arg(2).tojstring());
            assertEquals("false", r.arg(3).tojstring());
        }
    }

    @Test
    void wardsOwnWarningIsWrittenOncePerFlag() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicBoolean once = new AtomicBoolean();
        try (WardRuntime rt = WardRuntime.builder().stderr(new PrintStream(err, true, StandardCharsets.UTF_8)).build()) {
            LogLines.warnOnce(once, rt, "ward.env", "careful");
            LogLines.warnOnce(once, rt, "ward.env", "careful");
        }
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(1, lines.length);
        assertTrue(lines[0].matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z WARN  <ward\\.env> careful"), lines[0]);
    }

    @Test
    void wardLogLevelNames() {
        assertEquals(LogLevel.INFO, LogLines.processLevel(null));
        assertEquals(LogLevel.ERROR, LogLines.processLevel("error"));
        assertEquals(LogLevel.WARN, LogLines.processLevel("warning"));
        assertEquals(LogLevel.INFO, LogLines.processLevel("ERROR"), "exact lowercase names only");
    }
}
