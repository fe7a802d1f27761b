package io.ward.http;

import io.ward.core.fiber.FiberEngine;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTP/1.1 behaviour that real clients rely on, checked byte by byte over plain sockets, on every engine. */
@Timeout(120)
class HttpConformanceTest {
    static final Path HANDLER = Paths.get("src/test/resources/conformance_handler.lua");

    static Iterable<FiberEngine> engines() {
        return LuaHttpServerTest.engines();
    }

    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    private LuaHttpServer start(FiberEngine engine, UnaryOperator<LuaHttpServer.Config> more) throws Exception {
        return LuaHttpServer.start(more.apply(new LuaHttpServer.Config().script(HANDLER).port(0).threads(2)
                .engine(engine).handlerTimeout(Duration.ofSeconds(2))
                .errorLog(new PrintStream(errors, true, StandardCharsets.UTF_8))));
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    @ParameterizedTest
    @MethodSource("engines")
    void pipelinedRequestsAreAnsweredInRequestOrder(FiberEngine engine) throws Exception {
        try (LuaHttpServer server = start(engine, c -> c); RawHttp c = new RawHttp(server.port())) {
            // one write: the slow request's answer must still come first
            c.send(get("/slow") + get("/fast") + get("/slow") + "POST /echo HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 3\r\n\r\nabc" + get("/fast"));
            assertEquals("200 slow", c.read().toString());
            assertEquals("200 fast", c.read().toString());
            assertEquals("200 slow", c.read().toString());
            assertEquals("200 POST abc", c.read().toString());
            assertEquals("200 fast", c.read().toString());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void connectionCloseIsHonoured(FiberEngine engine) throws Exception {
        try (LuaHttpServer server = start(engine, c -> c); RawHttp c = new RawHttp(server.port())) {
            c.send("GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" + get("/fast"));
            RawHttp.Response r = c.read();
            assertEquals("200 fast", r.toString());
            assertEquals("close", r.header("connection"));
            assertTrue(c.closedByServer(), "closed after the response, the pipelined request dropped");
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void http10ClosesUnlessKeepAliveIsAsked(FiberEngine engine) throws Exception {
        try (LuaHttpServer server = start(engine, c -> c)) {
            try (RawHttp c = new RawHttp(server.port())) {
                c.send("GET /fast HTTP/1.0\r\n\r\n");
                assertEquals("200 fast", c.read().toString());
                assertTrue(c.closedByServer());
            }
            try (RawHttp c = new RawHttp(server.port())) {
                c.send("GET /fast HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                assertEquals("keep-alive", c.read().header("connection"));
                c.send("GET /fast HTTP/1.0\r\n\r\n");
                assertEquals("200 fast", c.read().toString());
            }
            try (RawHttp c = new RawHttp(server.port())) {
                // a streamed response to HTTP/1.0 cannot be chunked: the close ends the body
                c.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                RawHttp.Response r = c.read();
                assertNull(r.header("transfer-encoding"));
                assertEquals("201 part1\npart2\npart3\nend\n", r.toString());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void expectContinue(FiberEngine engine) throws Exception {
        try (LuaHttpServer server = start(engine, c -> c.maxBodyBytes(100)); RawHttp c = new RawHttp(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            RawHttp.Response interim = c.readHead();
            assertEquals(100, interim.status, interim.statusLine);
            c.send("data");
            assertEquals("200 POST data", c.read().toString());
            // too large: refused at once, without 100 Continue, and the body is never read
            // a pipelined request after it is not served either
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\nExpect: 100-continue\r\n\r\n"
                    + RawHttp.get("/fast"));
            RawHttp.Response refused = c.read();
            assertEquals(413, refused.status, refused.statusLine);
            assertEquals("close", refused.header("connection"));
            assertTrue(c.closedByServer());
        }
        try (LuaHttpServer server = start(engine, c -> c); RawHttp c = new RawHttp(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: something-else\r\n\r\n");
            assertEquals(417, c.read().status);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void headHasHeadersButNoBody(FiberEngine engine) throws Exception {
        try (LuaHttpServer server = start(engine, c -> c); RawHttp c = new RawHttp(server.port())) {
            c.send("HEAD /fast HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response r = c.read(true);
            assertEquals(200, r.status);
            assertEquals("4", r.header("content-length"));
            c.send("HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(201, c.read(true).status);
            // no stray body bytes came: the next response parses cleanly
            c.send(get("/fast"));
            assertEquals("200 fast", c.read().toString());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void keepAliveLimits(FiberEngine engine) throws Exception {
        try (LuaHttpServer server = start(engine, c -> c.maxRequestsPerConnection(3)
                .idleTimeout(Duration.ofMillis(200)))) {
            try (RawHttp c = new RawHttp(server.port())) {
                for (int i = 1; i <= 2; i++) {
                    c.send(get("/fast"));
                    assertEquals("keep-alive", c.read().header("connection"));
                }
                c.send(get("/fast"));
                assertEquals("close", c.read().header("connection"), "the third and last request");
                assertTrue(c.closedByServer());
            }
            try (RawHttp c = new RawHttp(server.port())) {
                c.send(get("/fast"));
                assertEquals("200 fast", c.read().toString());
                assertTrue(c.closedByServer(), "an idle connection closes after the idle timeout");
            }
            try (RawHttp c = new RawHttp(server.port())) {
                // a handler running longer than the idle timeout is not cut off
                c.send(get("/slow"));
                assertEquals("200 slow", c.read().toString());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void malformedRequestsGet400(FiberEngine engine) throws Exception {
        try (LuaHttpServer server = start(engine, c -> c); RawHttp c = new RawHttp(server.port())) {
            c.send("GET /fast HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
            assertEquals(400, c.read().status);
            assertTrue(c.closedByServer());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void noErrorTextReachesTheClient(FiberEngine engine) throws Exception {
        try (LuaHttpServer server = start(engine, c -> c.handlerTimeout(Duration.ofMillis(500)));
                RawHttp c = new RawHttp(server.port())) {
            for (String path : new String[] {"/error", "/error-table", "/bad-result"}) {
                c.send(get(path));
                RawHttp.Response r = c.read();
                assertEquals(500, r.status, path);
                String id = r.header("x-request-id");
                assertEquals("internal server error (request id " + id + ")\n", r.body(), path);
                String all = r.headers + r.body();
                assertFalse(all.contains("secret") || all.contains("hunter2") || all.contains(".lua"), all);
                await().until(() -> errors.toString(StandardCharsets.UTF_8).contains("request " + id));
            }
            c.send(get("/sleep"));
            RawHttp.Response timeout = c.read();
            assertEquals(504, timeout.status);
            assertEquals("gateway timeout (request id " + timeout.header("x-request-id") + ")\n", timeout.body());
            // the server keeps serving on the same connection
            c.send(get("/fast"));
            assertEquals("200 fast", c.read().toString());
            await().until(() -> errors.toString(StandardCharsets.UTF_8).contains("timed out"));
            String log = errors.toString(StandardCharsets.UTF_8);
            assertTrue(log.contains("(GET /error) failed: conformance_handler.lua:"), log);
            assertTrue(log.contains("secret internal detail"), log);
            assertTrue(log.contains("stack traceback:"), log);
            assertTrue(log.contains("handle must return a status number, got string"), log);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void developmentModeShowsDetails(FiberEngine engine) throws Exception {
        try (LuaHttpServer server = start(engine, c -> c.showErrorDetails(true)); RawHttp c = new RawHttp(server.port())) {
            c.send(get("/error"));
            RawHttp.Response r = c.read();
            assertEquals(500, r.status);
            assertTrue(r.body().contains("secret internal detail"), r.body());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void errorAfterTheResponseStartedCutsTheConnection(FiberEngine engine) throws Exception {
        try (LuaHttpServer server = start(engine, c -> c); RawHttp c = new RawHttp(server.port())) {
            c.send(get("/stream-fail"));
            RawHttp.Response head = c.readHead();
            assertEquals(200, head.status);
            assertEquals("chunked", head.header("transfer-encoding"));
            // the chunk, then the end of the connection without the terminating chunk
            String rest = new String(c.in().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertEquals("7\r\npartial\r\n", rest);
            await().until(() -> errors.toString(StandardCharsets.UTF_8).contains("failed mid-stream"));
        }
    }
}
