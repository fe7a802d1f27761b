package io.ward.http;

import io.ward.core.fiber.FiberEngine;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar ward-http.jar} and signals: SIGTERM stops accepting, finishes the request in
 * flight and exits; SIGHUP reloads the script without dropping a connection.
 */
@Timeout(120)
class HttpDrainOnSigtermTest {
    static Iterable<FiberEngine> engines() {
        return LuaHttpServerTest.engines();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void sigtermDrains(FiberEngine engine) throws Exception {
        Path script = HttpOperationsTest.script("v1");
        try (ForkedServer server = new ForkedServer(List.of("-Xmx128m"), engine.name(), "--drain=30",
                script.toString(), "0"); RawHttp busy = new RawHttp(server.port)) {
            busy.send(RawHttp.get("/hold?ms=1500"));
            RawHttp.Response head = busy.readHead();
            assertEquals(200, head.status);
            server.sigterm();
            await().untilAsserted(() -> assertThrows(IOException.class,
                    () -> new Socket("127.0.0.1", server.port).close()));
            String rest = new String(busy.in().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(rest.endsWith("done v1\n\r\n0\r\n\r\n"), rest);
            assertEquals(143, server.terminate());
            await().until(() -> server.stderr().contains("draining"));
            await().until(() -> server.stdout().contains(" GET /hold?ms=1500 200 "));
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void sighupReloads(FiberEngine engine) throws Exception {
        Path script = HttpOperationsTest.script("v1");
        try (ForkedServer server = new ForkedServer(List.of("-Xmx128m"), engine.name(), script.toString(), "0");
                RawHttp c = new RawHttp(server.port)) {
            c.send(RawHttp.get("/version"));
            assertTrue(c.read().body().startsWith("v1 "));
            Files.writeString(script, Files.readString(HttpOperationsTest.script("v2")));
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(server.process.pid())).start();
            assertEquals(0, kill.waitFor());
            await().until(() -> server.stderr().contains("ward-http: reloaded"));
            c.send(RawHttp.get("/version"));
            assertTrue(c.read().body().startsWith("v2 "), "the same connection, the new script");
        }
    }
}
