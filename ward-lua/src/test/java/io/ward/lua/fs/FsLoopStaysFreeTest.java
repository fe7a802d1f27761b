package io.ward.lua.fs;

import io.ward.core.fiber.FiberEngine;
import io.ward.lua.HostModule;
import io.ward.lua.TestFutures;
import io.ward.lua.WardRuntime;
import io.netty.util.concurrent.Future;
import io.ward.core.testing.Engines;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Varargs;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fs.read} waits off the loop: while one task reads a FIFO whose writer trickles, or a
 * large file, another task's timers keep firing. A read that ran on the loop would starve the
 * ticker, and these tests would wait for ticks that never come (then fail by timeout); no
 * timing threshold is involved.
 */
@Timeout(180)
class FsLoopStaysFreeTest {
    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    @TempDir
    Path dir;

    /** A probe the Lua ticker calls: it counts ticks, and ticks that came while a read was in flight. */
    private final AtomicInteger ticks = new AtomicInteger();
    private final AtomicInteger ticksDuringRead = new AtomicInteger();
    private final AtomicBoolean reading = new AtomicBoolean();

    private WardRuntime runtime(FiberEngine engine) {
        HostModule probe = HostModule.named("probe")
                .function("tick", args -> {
                    ticks.incrementAndGet();
                    if (reading.get()) {
                        ticksDuringRead.incrementAndGet();
                    }
                    return null;
                })
                .function("begin", args -> {
                    reading.set(true);
                    return null;
                })
                .function("finish", args -> {
                    reading.set(false);
                    return ticksDuringRead.get();
                });
        return WardRuntime.builder().engine(engine).withLibrary("ward.fs").module(probe).build();
    }

    private static final String TICKER = "local fs = require('ward.fs')\n"
            + "local async = require('ward.async')\n"
            + "local time = require('ward.time')\n"
            + "local probe = require('probe')\n"
            + "local stop = false\n"
            + "local ticker = async.spawn(function()\n"
            + "  while not stop do time.sleep('1ms'):wait(); probe.tick() end\n"
            + "end)\n";

    @ParameterizedTest
    @MethodSource("engines")
    void timersFireWhileATaskReadsAFifoThatTrickles(FiberEngine engine) throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        byte[] chunk = new byte[4096];
        Arrays.fill(chunk, (byte) 0xA5);
        int chunks = 5;
        try (WardRuntime rt = runtime(engine)) {
            Future<Varargs> f = rt.eval(TICKER
                    + "local data = async.spawn(function() return fs.read('" + fifo + "', {mode = 'binary'}) end):wait()\n"
                    + "stop = true; ticker:wait()\n"
                    + "return #data, data[1], data[#data]", "fifo.lua");
            try (OutputStream out = new FileOutputStream(fifo.toFile())) { // opens once the reader has
                for (int i = 0; i < chunks; i++) {
                    out.write(chunk);
                    out.flush();
                    int seen = ticks.get();
                    // the loop keeps ticking while the read waits for the rest
                    await().atMost(60, TimeUnit.SECONDS).until(() -> ticks.get() >= seen + 3);
                }
            }
            Varargs r = TestFutures.result(f);
            assertEquals(chunks * chunk.length, r.arg(1).toint());
            assertEquals(0xA5, r.arg(2).toint());
            assertEquals(0xA5, r.arg(3).toint());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void timersFireWhileATaskReadsALargeFile(FiberEngine engine) throws Exception {
        Path big = dir.resolve("big");
        byte[] content = new byte[32 << 20];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) ('a' + i % 26); // text: read as one string
        }
        Files.write(big, content);
        try (WardRuntime rt = runtime(engine)) {
            // read again and again until the ticker has ticked three times while a read was running
            Future<Varargs> f = rt.eval(TICKER
                    + "local reads, overlap, size = 0, 0, 0\n"
                    + "while overlap < 3 do\n"
                    + "  probe.begin(); local s = fs.read('" + big + "'); overlap = probe.finish()\n"
                    + "  reads, size = reads + 1, #s\n"
                    + "end\n"
                    + "stop = true; ticker:wait()\n"
                    + "return reads, size", "big.lua");
            Varargs r = TestFutures.result(f);
            assertTrue(r.arg(1).toint() >= 1);
            assertEquals(content.length, r.arg(2).toint());
            assertTrue(ticksDuringRead.get() >= 3, "ticks during reads: " + ticksDuringRead.get());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aLargeFileRoundTripsByteForByte(FiberEngine engine) throws Exception {
        Path src = dir.resolve("src");
        Path dst = dir.resolve("dst");
        byte[] content = new byte[1 << 20];
        new java.util.Random(42).nextBytes(content);
        Files.write(src, content);
        try (WardRuntime rt = runtime(engine)) {
            Varargs r = TestFutures.result(rt.eval("local fs = require('ward.fs')\n"
                    + "local s = fs.read('" + src + "', {mode = 'binary'})\n"
                    + "return fs.write('" + dst + "', s, {binary = true}).ok", "copy.lua"));
            assertTrue(r.arg1().toboolean());
        }
        assertArrayEquals(content, Files.readAllBytes(dst));
    }
}
