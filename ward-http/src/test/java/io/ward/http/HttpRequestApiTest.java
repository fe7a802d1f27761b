package io.ward.http;

import io.ward.core.fiber.FiberEngine;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The request fields, body reading and response streaming a handler sees, over plain sockets, on every engine. */
@Timeout(120)
class HttpRequestApiTest {
    static Iterable<FiberEngine> engines() {
        return LuaHttpServerTest.engines();
    }

    private static LuaHttpServer start(FiberEngine engine) throws Exception {
        return LuaHttpServer.start(new LuaHttpServer.Config().script(HttpConformanceTest.HANDLER).port(0).threads(1)
                .engine(engine).handlerTimeout(Duration.ofSeconds(10)).maxBodyBytes(100_000)
                .errorLog(new java.io.PrintStream(OutputStream.nullOutputStream())));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void requestFields(FiberEngine engine) throws Exception {
        try (LuaHttpServer server = start(engine); RawHttp c = new RawHttp(server.port())) {
            c.send("GET /info?a=1&b=x%20y&a=2&flag HTTP/1.1\r\nHost: x\r\nX-Multi: one\r\nx-multi: two\r\n\r\n");
            RawHttp.Response r = c.read();
            assertEquals(200, r.status);
            String id = r.body().lines().filter(l -> l.startsWith("id=")).findFirst().orElseThrow();
            assertEquals(String.join("\n", "method=GET", "path=/info", "query_string=a=1&b=x%20y&a=2&flag",
                    "version=HTTP/1.1", "remote_addr=127.0.0.1", id, "port=number",
                    "q.a=1", "q.b=x y", "q.flag=",
                    "qa.a=1,2", "qa.b=x y", "qa.flag=",
                    "h.x-multi=one", "ha.x-multi=one,two") + "\n", r.body());
            assertTrue(id.length() > "id=".length());
            assertEquals("a, b", r.header("x-list"), "repeated response header");
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void requestBodyIsReadInPiecesOrWhole(FiberEngine engine) throws Exception {
        try (LuaHttpServer server = start(engine); RawHttp c = new RawHttp(server.port())) {
            String body = "x".repeat(50_000);
            c.send("POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 50000\r\n\r\n" + body);
            assertEquals("200 50000 bytes", c.read().toString());
            // chunked upload, read whole through req.body
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n");
            assertEquals("200 POST abcdefg", c.read().toString());
            // a body the handler never reads does not confuse the next request
            c.send("POST /fast HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" + RawHttp.get("/fast"));
            assertEquals("200 fast", c.read().toString());
            assertEquals("200 fast", c.read().toString());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aChunkedBodyPastTheLimitAnswers413(FiberEngine engine) throws Exception {
        try (LuaHttpServer server = start(engine); RawHttp c = new RawHttp(server.port())) {
            c.send("POST /count HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            String piece = "y".repeat(30_000);
            for (int i = 0; i < 4; i++) {
                c.send(Integer.toHexString(piece.length()) + "\r\n" + piece + "\r\n");
            }
            c.send("0\r\n\r\n");
            RawHttp.Response r = c.read();
            assertEquals(413, r.status, r.toString());
            assertEquals("close", r.header("connection"));
        }
        try (LuaHttpServer server = start(engine); RawHttp c = new RawHttp(server.port())) {
            // a handler that catches the error still learns why
            c.send("POST /count-catch HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            String piece = "y".repeat(60_000);
            for (int i = 0; i < 2; i++) {
                c.send(Integer.toHexString(piece.length()) + "\r\n" + piece + "\r\n");
            }
            c.send("0\r\n\r\n");
            String r = c.read().toString();
            assertTrue(r.startsWith("200 false conformance_handler.lua:") && r.endsWith(
                    "body: request body too large (limit 100000 bytes)"), r);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void streamedResponses(FiberEngine engine) throws Exception {
        try (LuaHttpServer server = start(engine); RawHttp c = new RawHttp(server.port())) {
            c.send(RawHttp.get("/stream"));
            RawHttp.Response r = c.read();
            assertEquals("chunked", r.header("transfer-encoding"));
            assertEquals("201 part1\npart2\npart3\nend\n", r.toString());
            c.send(RawHttp.get("/stream-implicit"));
            assertEquals("200 ab", c.read().toString());
            c.send(RawHttp.get("/bad-write"));
            assertEquals("200 bad argument #2 to 'write' (string expected, got table)\n"
                    + "bad argument #2 to 'start' (status must be an integer from 100 to 599)", c.read().toString());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aLargeEchoStreamsBothWays(FiberEngine engine) throws Exception {
        try (LuaHttpServer server = LuaHttpServer.start(new LuaHttpServer.Config()
                .script(java.nio.file.Paths.get("src/test/resources/stream_handler.lua")).port(0).threads(1)
                .engine(engine).maxBodyBytes(1L << 30)); RawHttp c = new RawHttp(server.port())) {
            int size = 8 << 20;
            byte[] piece = "0123456789".repeat(6553).getBytes(StandardCharsets.US_ASCII);
            Thread sender = new Thread(() -> {
                try {
                    c.out().write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    for (int sent = 0; sent < size; sent += piece.length) {
                        c.out().write(piece, 0, Math.min(piece.length, size - sent));
                    }
                    c.out().flush();
                } catch (java.io.IOException e) {
                    throw new RuntimeException(e);
                }
            });
            sender.start();
            RawHttp.Response r = c.read();
            sender.join();
            assertEquals(size, r.body.length);
            for (int i = 0; i < size; i++) {
                if (r.body[i] != piece[i % piece.length]) {
                    throw new AssertionError("byte " + i + " differs");
                }
            }
        }
    }
}
