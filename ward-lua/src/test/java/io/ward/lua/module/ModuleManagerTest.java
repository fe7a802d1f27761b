package io.ward.lua.module;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.WardRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the {@code ward.module} scripts ({@code src/test/lua/module/*.lua}) on every fiber engine
 * against a local git repository made here ({@code git init}, two commits, a tag) and a local
 * JDK {@code HttpServer}: no network. The store is {@code $XDG_DATA_HOME/ward/externals}, which
 * the build points into {@code target}. The scripts see the fixtures as globals.
 */
class ModuleManagerTest {
    private static final Path SCRIPTS = Paths.get("src/test/lua/module");
    private static final Path LIB = Paths.get("src/test/lua/lib");

    @TempDir
    static Path dir;
    static Path repo;
    static String rev1;
    static String rev2;
    static HttpServer server;
    static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    static volatile CountDownLatch slowGate = new CountDownLatch(1);

    @BeforeAll
    static void fixtures() throws Exception {
        repo = dir.resolve("My Repo");
        Files.createDirectories(repo.resolve("lua/my_repo"));
        git(dir, "init", "-q", "-b", "main", repo.toString());
        git(repo, "config", "user.email", "test@example.com");
        git(repo, "config", "user.name", "test");
        version(1);
        rev1 = git(repo, "rev-parse", "HEAD");
        git(repo, "tag", "v1");
        version(2);
        rev2 = git(repo, "rev-parse", "HEAD");

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ModuleManagerTest::serve);
        server.start();
    }

    /** Commits files that say which version they are. */
    private static void version(int v) throws Exception {
        Files.writeString(repo.resolve("foo.lua"), "return { greet = function() return 'v" + v + "' end }\n");
        Files.writeString(repo.resolve("lua/my_repo/init.lua"), "return { version = " + v + " }\n");
        Files.writeString(repo.resolve("lua/my_repo/api.lua"), "return { api = " + v + " }\n");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "v" + v);
    }

    private static void serve(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        int n = hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        int status = 200;
        String body;
        switch (path) {
            case "/mod.lua" -> body = "return { hello = function() return 'hi' end, name = ... }";
            case "/flaky.lua" -> {
                status = n < 3 ? 500 : 200;
                body = "return 'flaky after " + n + "'";
            }
            case "/big.lua" -> body = "return '" + "x".repeat(1000) + "'";
            case "/echo.lua" -> body = "return '" + ex.getRequestMethod() + " "
                    + ex.getRequestHeaders().getFirst("X-Token") + "'";
            case "/slow.lua" -> {
                try {
                    slowGate.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                body = "return 'slow'";
            }
            case "/moved.lua", "/moved-again.lua" -> {
                ex.getResponseHeaders().add("Location", "/mod.lua");
                status = 302;
                body = "";
            }
            default -> {
                status = 404;
                body = "not found";
            }
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String git(Path cwd, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "git " + String.join(" ", args));
        assertEquals(0, p.exitValue(), "git " + String.join(" ", args) + ": " + out);
        return out;
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(SCRIPTS)) {
            s.filter(p -> p.toString().endsWith(".lua")).sorted().forEach(files::add);
        }
        assertTrue(!files.isEmpty(), "scripts in " + SCRIPTS);
        List<DynamicTest> tests = new ArrayList<>();
        for (FiberEngine engine : Engines.runnable()) {
            for (Path file : files) {
                tests.add(DynamicTest.dynamicTest(file.getFileName() + " [" + engine.name() + "]", () -> run(engine, file)));
            }
        }
        return tests.stream();
    }

    private static void run(FiberEngine engine, Path file) throws Exception {
        // a fresh store and server state for every run: the store would otherwise reuse earlier checkouts
        deleteTree(Paths.get(System.getenv("XDG_DATA_HOME")));
        hits.clear();
        slowGate = new CountDownLatch(1);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (WardRuntime rt = WardRuntime.builder().engine(engine).withLibrary("ward.module").modulePath(LIB)
                .stderr(new PrintStream(err, true, StandardCharsets.UTF_8))
                .function("HITS", a -> {
                    AtomicInteger n = hits.get((String) a[0]);
                    return n == null ? 0 : n.get();
                })
                .function("RELEASE_SLOW", a -> {
                    slowGate.countDown();
                    return null;
                })
                .build()) {
            rt.globals().set("REPO", repo.toString());
            rt.globals().set("MISSING_REPO", dir.resolve("missing").toString());
            rt.globals().set("REV1", rev1);
            rt.globals().set("REV2", rev2);
            rt.globals().set("HEAD_ID", sha256(repo + "\nhead"));
            rt.globals().set("TAG_ID", sha256(repo + "\ntag:v1"));
            rt.globals().set("SERVER", base);
            rt.globals().set("MOD_ID", sha256(base + "/mod.lua\nurl"));
            rt.globals().set("DATA_HOME", System.getenv("XDG_DATA_HOME"));
            Future<Varargs> f = rt.runFile(file);
            if (!f.await(120, TimeUnit.SECONDS)) {
                fail(file + " did not finish on " + engine.name());
            }
            if (!f.isSuccess()) {
                fail(file.getFileName() + " failed on " + engine.name() + ": " + f.cause().getMessage()
                        + "\nstderr:\n" + err.toString(StandardCharsets.UTF_8), f.cause());
            }
        } finally {
            slowGate.countDown();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path x : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
