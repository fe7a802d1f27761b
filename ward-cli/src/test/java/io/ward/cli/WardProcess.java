package io.ward.cli;

import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the real {@code ward-lua/target/ward.jar} as a child process with the test JVM's own
 * {@code java}, on one fiber engine, and collects its exit status, stdout and stderr.
 *
 * <p>Every child has a time limit ({@link #DEFAULT_LIMIT_SECONDS} unless given): past it the
 * child is killed and the test fails.
 */
final class WardProcess {
    static final long DEFAULT_LIMIT_SECONDS = 60;

    /** The jar under test: -Dward.jar (set by the failsafe configuration), else the module's target. */
    static final Path JAR = Paths.get(System.getProperty("ward.jar", "target/ward.jar")).toAbsolutePath();
    static final Path JAVA = Paths.get(System.getProperty("java.home"), "bin", "java");

    /**
     * The engines the child runs on: this JVM's ({@code Engines.runnable()}); the child is the
     * same {@code java} with the same export, so it can run them too.
     */
    static List<String> engines() {
        return Engines.runnable().stream().map(FiberEngine::name).collect(Collectors.toList());
    }

    /** How one run ended. */
    static final class Result {
        final int exit;
        final String stdout;
        final String stderr;
        final long millis;

        Result(int exit, String stdout, String stderr, long millis) {
            this.exit = exit;
            this.stdout = stdout;
            this.stderr = stderr;
            this.millis = millis;
        }

        /**
         * stderr without the JDK's own start-up warnings (lines starting {@code WARNING:}, such
         * as JDK 24+'s notice about a library using {@code sun.misc.Unsafe}); Ward's messages all
         * start with {@code ward:} or are tracebacks.
         */
        String errors() {
            return Arrays.stream(stderr.split("\n", -1))
                    .filter(l -> !l.startsWith("WARNING: "))
                    .collect(Collectors.joining("\n"));
        }

        Result expectExit(int expected) {
            if (exit != expected) {
                fail("exit status " + exit + ", expected " + expected + "\n" + this);
            }
            return this;
        }

        Result expectStderrContains(String text) {
            assertTrue(stderr.contains(text), "stderr should contain <" + text + ">\n" + this);
            return this;
        }

        Result expectStdoutContains(String text) {
            assertTrue(stdout.contains(text), "stdout should contain <" + text + ">\n" + this);
            return this;
        }

        Result expectNoJavaLeak() {
            for (String s : new String[] {"java.lang", "Exception", "Error:", "\tat ", "io.ward", "org.luaj"}) {
                assertTrue(!stderr.contains(s), "stderr should not show Java internals (" + s + ")\n" + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return "--- exit " + exit + " after " + millis + " ms\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    private final String engine;
    private final Path dir;
    private final List<String> jvmArgs = new ArrayList<>();
    private byte[] stdin = new byte[0];
    private long limitSeconds = DEFAULT_LIMIT_SECONDS;
    private Map<String, String> env = Map.of();

    WardProcess(String engine, Path dir) {
        this.engine = engine;
        this.dir = dir;
    }

    WardProcess stdin(String text) {
        this.stdin = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    WardProcess limitSeconds(long seconds) {
        this.limitSeconds = seconds;
        return this;
    }

    WardProcess jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    WardProcess env(Map<String, String> env) {
        this.env = env;
        return this;
    }

    /** {@code java -Dward.engine=E -jar ward.jar args...} in the working directory. */
    Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA.toString());
        if (engine != null) {
            cmd.add("-Dward.engine=" + engine);
        }
        cmd.addAll(jvmArgs);
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(Arrays.asList(args));
        return exec(cmd);
    }

    /** Any command (the launcher script), with the same capture and limit. */
    Result exec(List<String> cmd) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), "the jar is built: " + JAR);
        // captured in the system's temp directory: the working directory may be a source folder
        Path in = Files.createTempFile("ward-stdin", ".txt");
        Path out = Files.createTempFile("ward-stdout", ".txt");
        Path err = Files.createTempFile("ward-stderr", ".txt");
        try {
            Files.write(in, stdin);
            return exec(cmd, in, out, err);
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private Result exec(List<String> cmd, Path in, Path out, Path err) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        try {
            if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("ward did not end within " + limitSeconds + " s: " + cmd + "\n"
                        + new Result(-1, read(out), read(err), 0));
            }
        } finally {
            p.destroyForcibly();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new Result(p.exitValue(), read(out), read(err), millis);
    }

    /** Starts ward without waiting (the caller must end it). */
    Process start(Path out, Path err, List<String> prefix, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(JAVA.toString());
        if (engine != null) {
            cmd.add("-Dward.engine=" + engine);
        }
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(Arrays.asList(args));
        return new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /**
     * The command prefix that gives a child the default handling of those of {@code signals}
     * (HUP, INT, TERM) this JVM ignores: a child inherits an ignored SIGINT (background jobs of
     * non-interactive shells) or SIGHUP ({@code nohup}), and its JVM then never takes the signal.
     * {@code env --default-signal=...}, or no prefix; the test is skipped when a signal needs
     * resetting and env(1) cannot.
     */
    static List<String> defaultSignals(String... signals) throws IOException, InterruptedException {
        List<String> prefix = new ArrayList<>();
        for (String signal : signals) {
            String option = "--default-signal=" + signal;
            if (ignored(signal) && !prefix.contains(option)) {
                prefix.add(option);
            }
        }
        if (prefix.isEmpty()) {
            return prefix;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new ProcessBuilder("env", "--default-signal=INT", "true").start().waitFor() == 0,
                "signals " + prefix + " are ignored in this test JVM and env --default-signal is unavailable");
        prefix.add(0, "env");
        return prefix;
    }

    /** Whether this JVM ignores signal {@code name} (its bit in SigIgn of /proc/self/status). */
    private static boolean ignored(String name) {
        int number = switch (name) {
            case "HUP" -> 1;
            case "INT" -> 2;
            case "TERM" -> 15;
            default -> 0;
        };
        if (number == 0) {
            return false;
        }
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    return (mask & (1L << (number - 1))) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: assume the default disposition
        }
        return false;
    }

    static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
}
