package io.ward.http;

import io.ward.core.fiber.FiberEngine;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** init hooks, the access log, reloading without dropping connections, and draining, on every engine. */
@Timeout(120)
class HttpOperationsTest {
    static Iterable<FiberEngine> engines() {
        return LuaHttpServerTest.engines();
    }

    static Path script(String version) throws IOException {
        Path p = Files.createTempFile("ops-handler", ".lua");
        Files.writeString(p, Files.readString(Path.of("src/test/resources/ops_handler.lua")).replace("VERSION", version));
        return p;
    }

    private static LuaHttpServer.Config config(FiberEngine engine, Path script) {
        return new LuaHttpServer.Config().script(script).port(0).threads(2).engine(engine)
                .handlerTimeout(Duration.ofSeconds(30));
    }

    /** Reads the head of the streamed /hold response and its first chunk ("started ..."). */
    private static String startedLine(RawHttp c) throws IOException {
        RawHttp.Response head = c.readHead();
        assertEquals(200, head.status);
        return nextChunk(c);
    }

    /** The next chunk of a chunked body; "" for the last (its blank line read too). */
    static String nextChunk(RawHttp c) throws IOException {
        int size = Integer.parseInt(new String(readLine(c), StandardCharsets.US_ASCII), 16);
        String data = new String(c.in().readNBytes(size), StandardCharsets.UTF_8);
        readLine(c);
        return data;
    }

    private static byte[] readLine(RawHttp c) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int ch = c.in().read(); ch != '\n'; ch = c.in().read()) {
            if (ch != '\r') {
                b.write(ch);
            }
        }
        return b.toByteArray();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void initRunsInEveryRuntimeAndItsFailureStopsTheStart(FiberEngine engine) throws Exception {
        Path ok = script("v1");
        try (LuaHttpServer server = LuaHttpServer.start(config(engine, ok))) {
            java.util.Set<String> seen = new java.util.TreeSet<>();
            for (int i = 0; i < 4; i++) {
                try (RawHttp c = new RawHttp(server.port())) {
                    c.send(RawHttp.get("/version"));
                    seen.add(c.read().body());
                }
            }
            assertEquals(java.util.Set.of("v1 worker=1", "v1 worker=2"), seen);
        }
        Path failing = Files.createTempFile("init-fails", ".lua");
        Files.writeString(failing, "function init(n) error('init refused') end\nfunction handle() return 200 end\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LuaHttpServer.start(config(engine, failing)));
        assertTrue(e.getMessage().contains("init of handler script") && e.getMessage().contains("init refused"),
                e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void everyRequestGetsAnAccessLogLine(FiberEngine engine) throws Exception {
        ByteArrayOutputStream access = new ByteArrayOutputStream();
        try (LuaHttpServer server = LuaHttpServer.start(config(engine, script("v1"))
                .accessLog(new PrintStream(access, true, StandardCharsets.UTF_8)));
                RawHttp c = new RawHttp(server.port())) {
            c.send(RawHttp.get("/version?x=1") + RawHttp.get("/nope") + RawHttp.get("/hold?ms=1"));
            c.read();
            c.read();
            c.read();
            await().until(() -> access.toString(StandardCharsets.UTF_8).lines().count() == 3);
            String[] lines = access.toString(StandardCharsets.UTF_8).split("\n");
            // remote id method uri status bytes duration
            assertTrue(lines[0].matches("/127\\.0\\.0\\.1:\\d+ \\S+ GET /version\\?x=1 200 11 \\d+\\.\\d{3}ms"), lines[0]);
            assertTrue(lines[1].matches(".* GET /nope 404 10 .*ms"), lines[1]);
            assertTrue(lines[2].matches(".* GET /hold\\?ms=1 200 19 .*ms"), lines[2]);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void reloadServesNewRequestsWithTheNewScriptAndDropsNoConnection(FiberEngine engine) throws Exception {
        Path file = script("v1");
        try (LuaHttpServer server = LuaHttpServer.start(config(engine, file));
                RawHttp keepAlive = new RawHttp(server.port());
                RawHttp inFlight = new RawHttp(server.port())) {
            keepAlive.send(RawHttp.get("/version"));
            assertTrue(keepAlive.read().body().startsWith("v1 "));
            inFlight.send(RawHttp.get("/hold?ms=500"));
            assertEquals("started v1\n", startedLine(inFlight));

            Files.writeString(file, Files.readString(script("v2")));
            server.reload();

            keepAlive.send(RawHttp.get("/version"));
            assertTrue(keepAlive.read().body().startsWith("v2 "), "same connection, new script");
            // the request that started before the reload finishes in the old runtimes
            assertEquals("done v1\n", nextChunk(inFlight));
            assertEquals("", nextChunk(inFlight));
            inFlight.send(RawHttp.get("/version"));
            assertTrue(inFlight.read().body().startsWith("v2 "));

            Files.writeString(file, "this is not Lua");
            assertThrows(IllegalStateException.class, server::reload);
            keepAlive.send(RawHttp.get("/version"));
            assertTrue(keepAlive.read().body().startsWith("v2 "), "a failed reload keeps the old script");
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void shutdownFinishesRequestsInFlightAndClosesIdleConnections(FiberEngine engine) throws Exception {
        LuaHttpServer server = LuaHttpServer.start(config(engine, script("v1")));
        try (RawHttp idle = new RawHttp(server.port()); RawHttp busy = new RawHttp(server.port())) {
            idle.send(RawHttp.get("/version"));
            idle.read();
            busy.send(RawHttp.get("/hold?ms=500"));
            assertEquals("started v1\n", startedLine(busy));
            Thread stopper = new Thread(() -> server.shutdown(Duration.ofSeconds(30)));
            stopper.start();
            assertTrue(idle.closedByServer(), "the idle keep-alive connection is closed");
            await().untilAsserted(() -> assertThrows(IOException.class,
                    () -> new Socket("127.0.0.1", server.port()).close()));
            assertEquals("done v1\n", nextChunk(busy), "the request in flight finished");
            assertEquals("", nextChunk(busy));
            assertTrue(busy.closedByServer(), "then its connection closes");
            stopper.join();
        } finally {
            server.close();
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void shutdownCutsWhatOutlivesTheGracePeriod(FiberEngine engine) throws Exception {
        LuaHttpServer server = LuaHttpServer.start(config(engine, script("v1")));
        try (RawHttp busy = new RawHttp(server.port())) {
            busy.send(RawHttp.get("/hold?ms=60000"));
            assertEquals("started v1\n", startedLine(busy));
            server.shutdown(Duration.ofMillis(100));
            assertTrue(busy.closedByServer());
        } finally {
            server.close();
        }
    }
}
