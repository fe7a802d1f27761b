package io.ward.http;

import io.ward.core.fiber.FiberEngine;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A 1 GiB request body and a 1 GiB response body through a Lua handler, in a server JVM
 * limited to 64 MB of heap (and so, by default, 64 MB of direct memory): a server that
 * buffered either body would fail with OutOfMemoryError.
 */
@Timeout(900)
class HttpStreamingMemoryTest {
    static final long SIZE = Long.getLong("ward.http.streamBytes", 1L << 30);
    static final byte[] PATTERN = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    static Iterable<FiberEngine> engines() {
        return LuaHttpServerTest.engines();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void gigabyteBodiesThroughA64MbHeap(FiberEngine engine) throws Exception {
        try (ForkedServer server = new ForkedServer(List.of("-Xmx64m"), engine.name(), "--no-access-log",
                "--max-body=" + SIZE, "--timeout=600", "--threads=1",
                ForkedServer.script("stream_handler.lua").toString(), "0")) {
            long t0 = System.nanoTime();
            try (RawHttp c = new RawHttp(server.port)) {
                OutputStream out = c.out();
                out.write(("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + SIZE + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] piece = new byte[1 << 16];
                for (int i = 0; i < piece.length; i++) {
                    piece[i] = PATTERN[i % PATTERN.length];
                }
                for (long sent = 0; sent < SIZE; sent += piece.length) {
                    out.write(piece, 0, (int) Math.min(piece.length, SIZE - sent));
                }
                out.flush();
                assertEquals("200 " + SIZE, c.read().toString(), server.stderr());
                long t1 = System.nanoTime();

                c.send("GET /download?n=" + SIZE + " HTTP/1.1\r\nHost: x\r\n\r\n");
                RawHttp.Response head = c.readHead();
                assertEquals(200, head.status);
                assertEquals("chunked", head.header("transfer-encoding"));
                assertEquals(SIZE, readChunked(c.in()), server.stderr());
                long t2 = System.nanoTime();
                System.out.printf("ward-http [%s] -Xmx64m: 1 GiB upload %.1f s (%.0f MB/s), download %.1f s (%.0f MB/s)%n",
                        engine.name(), (t1 - t0) / 1e9, SIZE / 1e6 / ((t1 - t0) / 1e9),
                        (t2 - t1) / 1e9, SIZE / 1e6 / ((t2 - t1) / 1e9));
            }
            assertEquals(143, server.terminate(), server.stderr()); // 128 + SIGTERM, after the drain hook
            assertFalse(server.stderr().contains("OutOfMemoryError"), server.stderr());
        }
    }

    /** Reads a chunked body, checking every byte against the handler's pattern; returns its length. */
    private static long readChunked(InputStream in) throws Exception {
        long total = 0;
        byte[] buf = new byte[1 << 16];
        while (true) {
            int size = Integer.parseInt(line(in), 16);
            if (size == 0) {
                line(in);
                return total;
            }
            int left = size;
            while (left > 0) {
                int n = in.read(buf, 0, Math.min(buf.length, left));
                if (n < 0) {
                    throw new AssertionError("cut off after " + total + " bytes");
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] != PATTERN[(int) ((total + i) % PATTERN.length)]) {
                        throw new AssertionError("byte " + (total + i) + " differs");
                    }
                }
                total += n;
                left -= n;
            }
            line(in);
        }
    }

    private static String line(InputStream in) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new AssertionError("connection closed");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
