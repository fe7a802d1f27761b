package io.ward.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code ./ward} launcher's start-up archive (README "Start-up"), on the JDK this test runs
 * on: a first run makes it in the background, the next run maps it (the JVM's class-loading
 * log says "shared objects file"), a corrupt one changes nothing the user sees, a jar newer than
 * the archive gets a new one, and {@code WARD_NO_ARCHIVE=1} makes none. Each test runs its own
 * copy of the jar ({@code WARD_JAR}), so the archives never mix with target/'s or each other's.
 */
class WardLauncherArchiveIT {
    static final Path LAUNCHER = WardExamplesIT.EXAMPLES_DIR.getParent().resolve("ward");
    /** The background training run: a JVM start, a short script and the archive dump, on a busy machine. */
    static final long ARCHIVE_WAIT_SECONDS = 180;
    static final String CODE = "local time = require('ward.time'); print('hi', ...)";

    @TempDir
    Path dir;
    Path jar;
    /** The launcher's environment besides WARD_JAR and JAVA_HOME. */
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void copyJar() throws IOException {
        jar = dir.resolve("ward.jar");
        Files.copy(WardProcess.JAR, jar, StandardCopyOption.COPY_ATTRIBUTES);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    }

    /** No background run is left writing into the directory JUnit deletes. */
    @AfterEach
    void waitForTraining() throws Exception {
        waitUntil(() -> locks().isEmpty(), "the archive maker ends");
    }

    @Test
    void firstRunMakesTheArchiveAndTheNextUsesIt() throws Exception {
        expectPlainRun(Map.of());
        Path archive = waitForArchive();
        assertTrue(usesArchive(), "the second run maps the archive");
    }

    /** JDK 24+: the JDK's AOT cache instead of AppCDS (WARD_ARCHIVE=aot), made and used the same way. */
    @Test
    void aotCacheOnRequest() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 24, "JDK 24+");
        env.put("WARD_ARCHIVE", "aot");
        expectPlainRun(Map.of());
        Path archive = waitForArchive();
        assertTrue(archive.getFileName().toString().endsWith(".aot"), archive.toString());
        assertTrue(usesArchive(), "the second run maps the AOT cache");
        Files.delete(archive);
        Files.write(archive, new byte[] {1, 2, 3}); // corrupt
        expectPlainRun(Map.of());
        assertFalse(usesArchive(), "a corrupt cache is not used");
    }

    @Test
    void aCorruptArchiveChangesNothing() throws Exception {
        expectPlainRun(Map.of());
        Path archive = waitForArchive();
        byte[] garbage = new byte[100_000];
        new java.util.Random(42).nextBytes(garbage);
        Files.delete(archive); // the JDK writes its archives read-only
        Files.write(archive, garbage); // newer than the jar: the launcher passes it to the JVM
        expectPlainRun(Map.of());
        assertFalse(usesArchive(), "a corrupt archive is not used");
        assertArrayEquals(garbage, Files.readAllBytes(archive), "a fresh archive is not remade");
    }

    @Test
    void aJarNewerThanTheArchiveGetsANewOne() throws Exception {
        expectPlainRun(Map.of());
        Path archive = waitForArchive();
        FileTime old = FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 3_600_000);
        Files.setLastModifiedTime(archive, old);
        expectPlainRun(Map.of()); // stale: not used, remade in the background
        waitUntil(() -> Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0
                && locks().isEmpty(), "the archive is remade");
        assertTrue(usesArchive(), "the remade archive is used");
    }

    @Test
    void wardNoArchiveMakesNone() throws Exception {
        expectPlainRun(Map.of("WARD_NO_ARCHIVE", "1"));
        // a maker would have made its lock within seconds: none may appear for 3 s
        await("no archive maker starts").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200)).until(() -> archives().isEmpty() && locks().isEmpty());
    }

    /** The launcher's run of {@link #CODE}: exactly the script's output, nothing on stderr. */
    private void expectPlainRun(Map<String, String> extraEnv) throws Exception {
        WardProcess.Result r = launcher(extraEnv);
        assertEquals(0, r.exit, r.toString());
        assertEquals("hi\ta b\n", r.stdout, r.toString());
        assertEquals("", r.stderr, "the launcher and the JVM add nothing to stderr\n" + r);
    }

    /** Runs the launcher with the JVM's class-loading log in a file: was WardCommand loaded from the archive? */
    private boolean usesArchive() throws Exception {
        Path log = dir.resolve("class-load.log");
        Files.deleteIfExists(log);
        WardProcess.Result r = launcher(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log));
        assertEquals(0, r.exit, r.toString());
        assertEquals("hi\ta b\n", r.stdout, r.toString());
        String stderr = Arrays.stream(r.stderr.split("\n"))
                .filter(l -> !l.startsWith("Picked up JAVA_TOOL_OPTIONS")).collect(Collectors.joining("\n"));
        assertEquals("", stderr, r.toString());
        List<String> lines = Files.readAllLines(log);
        String main = lines.stream().filter(l -> l.contains(" io.ward.cli.WardCommand ")).findFirst()
                .orElseThrow(() -> new AssertionError("WardCommand loaded: " + log));
        return main.contains("source: shared objects file");
    }

    private WardProcess.Result launcher(Map<String, String> extraEnv) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(extraEnv);
        all.put("WARD_JAR", jar.toString());
        all.put("JAVA_HOME", System.getProperty("java.home"));
        return new WardProcess(null, dir).env(all).limitSeconds(60)
                .exec(List.of("bash", LAUNCHER.toString(), "-e", CODE, "a b"));
    }

    private Path waitForArchive() throws Exception {
        waitUntil(() -> archives().size() == 1 && locks().isEmpty(), "the archive appears beside the jar");
        Path archive = archives().get(0);
        String name = archive.getFileName().toString();
        assertTrue(name.startsWith("ward-jdk" + Runtime.version().feature() + "-"), name);
        assertTrue(name.endsWith(env.containsKey("WARD_ARCHIVE") ? ".aot" : ".jsa"), name);
        return archive;
    }

    private List<Path> archives() throws IOException {
        return list(p -> p.getFileName().toString().matches("ward-jdk[0-9]+-[^/]+\\.(aot|jsa)"));
    }

    private List<Path> locks() throws IOException {
        return list(p -> p.getFileName().toString().endsWith(".lock"));
    }

    private List<Path> list(java.util.function.Predicate<Path> filter) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(filter).sorted().collect(Collectors.toCollection(ArrayList::new));
        }
    }

    /** Polls {@code check} (Awaitility) until it holds, for at most {@link #ARCHIVE_WAIT_SECONDS}. */
    private static void waitUntil(Callable<Boolean> check, String what) {
        await(what).atMost(Duration.ofSeconds(ARCHIVE_WAIT_SECONDS)).pollInterval(Duration.ofMillis(200)).until(check);
    }
}
