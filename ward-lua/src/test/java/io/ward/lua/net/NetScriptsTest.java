package io.ward.lua.net;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.WardRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the network behaviour scripts in {@code src/test/lua/net} on every fiber engine,
 * against real servers in this JVM: {@code HTTP_BASE} (plain) and {@code HTTPS_BASE} (TLS
 * with a self-signed certificate whose PEM is {@code CA_FILE}). Each script asserts its own
 * results; the {@code ward.net} and {@code ward.ipc} modules are enabled as in the CLI.
 */
class NetScriptsTest {
    static final Path SCRIPTS = Paths.get("src/test/lua/net");
    private static TestHttpServer http;
    private static TestHttpServer https;

    @BeforeAll
    static void servers() throws Exception {
        http = new TestHttpServer(null);
        https = new TestHttpServer(TestCertificate.get().server);
    }

    @AfterAll
    static void stop() {
        http.close();
        https.close();
    }

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(SCRIPTS)) {
            String only = System.getProperty("ward.script", "");
            s.filter(p -> p.toString().endsWith(".lua") && p.getFileName().toString().startsWith(only))
                    .sorted().forEach(files::add);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (FiberEngine engine : Engines.runnable()) {
            for (Path file : files) {
                tests.add(DynamicTest.dynamicTest(file.getFileName() + " [" + engine.name() + "]", () -> run(engine, file)));
            }
        }
        return tests.stream();
    }

    private static void run(FiberEngine engine, Path file) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (WardRuntime rt = WardRuntime.builder().engine(engine).commandLineModules()
                .modulePath(Paths.get("src/test/lua/lib"))
                .stderr(new PrintStream(err, true, StandardCharsets.UTF_8)).build()) {
            rt.globals().set("WARD_ENGINE", engine.name());
            rt.globals().set("HTTP_BASE", http.base);
            rt.globals().set("HTTPS_BASE", https.base);
            rt.globals().set("CA_FILE", TestCertificate.get().pem.toString());
            rt.globals().set("TMPDIR", LuaValue.valueOf(Files.createTempDirectory("ward-net").toString()));
            Future<Varargs> f = rt.runFile(file);
            if (!f.await(120, TimeUnit.SECONDS)) {
                fail(file + " did not finish within 120 s on " + engine.name());
            }
            if (!f.isSuccess()) {
                fail(file.getFileName() + " failed on " + engine.name() + ": " + f.cause().getMessage()
                        + "\nstderr:\n" + err.toString(StandardCharsets.UTF_8), f.cause());
            }
        }
    }
}
