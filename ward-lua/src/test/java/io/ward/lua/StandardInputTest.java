package io.ward.lua;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ward.io}'s reads through {@link StandardInput}: lines and their ends, read_all's
 * limit, FIFO order between tasks, a pipe that delivers slowly while the loop keeps serving
 * timers, and a cancelled read that loses none of the bytes it was waiting on.
 */
@Timeout(60)
class StandardInputTest {
    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    private static WardRuntime runtime(FiberEngine engine, InputStream in, ByteArrayOutputStream out) {
        return WardRuntime.builder().engine(engine).stdin(in)
                .stdout(new PrintStream(out, true, StandardCharsets.UTF_8)).build();
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
    void linesEndsAndTheIteratorShareOneBuffer(FiberEngine engine) throws Exception {
        InputStream in = new ByteArrayInputStream("first\nsecond\r\nthird\nfourth".getBytes(StandardCharsets.UTF_8));
        try (WardRuntime rt = runtime(engine, in, new ByteArrayOutputStream())) {
            Varargs r = eval(rt, "local io = require('ward.io')\n"
                    + "local a, b, c = io.read_line(), io.read_line(), io.read_line()\n"
                    + "local it = io.read_lines()\n"
                    + "return a, b, c, it(), it(), it()");
            assertEquals("first", r.arg(1).tojstring());
            assertEquals("second", r.arg(2).tojstring());
            assertEquals("third", r.arg(3).tojstring());
            assertEquals("fourth", r.arg(4).tojstring());
            assertTrue(r.arg(5).isnil() && r.arg(6).isnil(), "end of input, twice");
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void bytesComeAsTheyAre(FiberEngine engine) throws Exception {
        byte[] data = {0, (byte) 0xff, 'a', '\r', '\n', '\r', 'b', '\n', '\n'};
        try (WardRuntime rt = runtime(engine, new ByteArrayInputStream(data), new ByteArrayOutputStream())) {
            Varargs r = eval(rt, "local io = require('ward.io')\n"
                    + "local a, b, c, d = io.read_line(), io.read_line(), io.read_line(), io.read_line()\n"
                    + "return #a, a:byte(1), a:byte(2), b, c, d");
            assertEquals(3, r.arg(1).toint(), "NUL, 0xff, a: the \\r\\n is stripped");
            assertEquals(0, r.arg(2).toint());
            assertEquals(255, r.arg(3).toint());
            assertEquals("\rb", r.arg(4).tojstring(), "a \\r not before the \\n stays");
            assertEquals("", r.arg(5).tojstring(), "empty line");
            assertTrue(r.arg(6).isnil());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void readAllLimitConsumesLimitPlusOneAndLeavesTheRest(FiberEngine engine) throws Exception {
        InputStream in = new ByteArrayInputStream("abcdefgh".getBytes(StandardCharsets.UTF_8));
        try (WardRuntime rt = runtime(engine, in, new ByteArrayOutputStream())) {
            Varargs r = eval(rt, "local io = require('ward.io')\n"
                    + "local ok, err = pcall(io.read_all, { max_bytes = 3 })\n"
                    + "return ok, err, io.read_all()");
            assertEquals("false", r.arg(1).tojstring());
            assertTrue(r.arg(2).tojstring().contains("stdin exceeds max_bytes (3)"), r.arg(2).tojstring());
            assertEquals("efgh", r.arg(3).tojstring(), "4 bytes went with the error, the rest stays");
        }
        in = new ByteArrayInputStream("abc".getBytes(StandardCharsets.UTF_8));
        try (WardRuntime rt = runtime(engine, in, new ByteArrayOutputStream())) {
            assertEquals("abc", eval(rt, "return require('ward.io').read_all(3)").arg1().tojstring(),
                    "exactly the limit, then end of input: fine");
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void readersAreServedInTheOrderTheyAsked(FiberEngine engine) throws Exception {
        Feed feed = new Feed();
        InputStream in = feed;
        try (WardRuntime rt = WardRuntime.builder().engine(engine).stdin(in)
                .function("feed", args -> write(feed, (String) args[0])).build()) {
            Varargs r = eval(rt, "local io, async = require('ward.io'), require('ward.async')\n"
                    + "local ts = {}\n"
                    + "for i = 1, 5 do ts[i] = async.spawn(function() return io.read_line() end) end\n"
                    + "require('ward.time').sleep('5ms'):wait()\n" // all five are queued
                    + "feed('l1\\nl2\\nl3\\nl4\\nl5\\n')\n"
                    + "local got = {}\n"
                    + "for i = 1, 5 do got[i] = ts[i]:wait() end\n"
                    + "return table.concat(got, ',')");
            assertEquals("l1,l2,l3,l4,l5", r.arg1().tojstring());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aSlowPipeLeavesTheLoopFreeAndACancelledReadLosesNothing(FiberEngine engine) throws Exception {
        Feed feed = new Feed();
        InputStream in = feed;
        StandardInput[] stdin = new StandardInput[1];
        try (WardRuntime rt = WardRuntime.builder().engine(engine).stdin(in)
                // writes a partial line and returns once the reader thread holds it in its buffer
                .function("feed_partial", args -> CompletableFuture.supplyAsync(() -> {
                    write(feed, "par");
                    await().atMost(Duration.ofSeconds(20)).until(() -> stdin[0].buffered() == 3);
                    return true;
                }))
                .function("feed", args -> write(feed, (String) args[0])).build()) {
            stdin[0] = rt.stdin();
            Varargs r = eval(rt, "local io, async, time = require('ward.io'), require('ward.async'), require('ward.time')\n"
                    + "local reader = async.spawn(function() return io.read_line() end)\n"
                    + "local ticks = 0\n"
                    + "for _ = 1, 10 do time.sleep('1ms'):wait(); ticks = ticks + 1 end\n" // timers run while it waits
                    + "local waiting = not reader:done()\n"
                    + "feed_partial()\n"
                    + "local still = not reader:done()\n" // no newline yet: still waiting, bytes buffered
                    + "reader:cancel()\n"
                    + "local cancelled = not pcall(reader.wait, reader)\n"
                    + "feed('tial\\nnext\\n')\n"
                    + "return ticks, waiting, still, cancelled, io.read_line(), io.read_line()");
            assertEquals(10, r.arg(1).toint(), "the loop served timers while a task waited on stdin");
            assertTrue(r.arg(2).toboolean(), "the reader was waiting");
            assertTrue(r.arg(3).toboolean(), "a partial line does not end a read");
            assertTrue(r.arg(4).toboolean(), "the reader was cancelled");
            assertEquals("partial", r.arg(5).tojstring(), "the bytes the cancelled read waited on went to the next one");
            assertEquals("next", r.arg(6).tojstring());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void anEmbeddedRuntimesStdinIsEmptyByDefault(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).build()) {
            Varargs r = eval(rt, "local io = require('ward.io'); return io.read_line(), io.read_all()");
            assertTrue(r.arg1().isnil());
            assertEquals("", r.arg(2).tojstring());
        }
    }

    private static boolean write(Feed out, String s) {
        out.chunks.add(s.getBytes(StandardCharsets.UTF_8));
        return true;
    }

    /** A pipe-like input: each read blocks until the test adds a chunk, then returns (part of) it. */
    static final class Feed extends InputStream {
        final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private byte[] current = new byte[0];
        private int pos;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                while (pos == current.length) {
                    current = chunks.take();
                    pos = 0;
                }
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
