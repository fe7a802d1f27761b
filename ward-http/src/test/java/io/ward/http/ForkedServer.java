package io.ward.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link LuaHttpServer#main} in a JVM of its own (its own heap limit, a real SIGTERM), on the test class path. */
final class ForkedServer implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/");

    final Process process;
    final int port;
    private final StringBuffer stderr = new StringBuffer();
    private final StringBuffer stdout = new StringBuffer();

    ForkedServer(List<String> jvmOptions, String engine, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Xss4m");
        cmd.add("--add-exports");
        cmd.add("java.base/jdk.internal.vm=ALL-UNNAMED");
        cmd.add("-Dward.engine=" + engine);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LuaHttpServer.class.getName());
        cmd.addAll(List.of(args));
        process = new ProcessBuilder(cmd).start();
        CompletableFuture<Integer> portFound = new CompletableFuture<>();
        copy(process.getInputStream(), stdout, null);
        copy(process.getErrorStream(), stderr, portFound);
        Integer p;
        try {
            p = portFound.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError("server did not start: " + stderr, e);
        }
        port = p;
    }

    static Path script(String name) {
        return Paths.get("src/test/resources", name);
    }

    private static void copy(java.io.InputStream in, StringBuffer into, CompletableFuture<Integer> port) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    into.append(line).append('\n');
                    Matcher m = SERVING.matcher(line);
                    if (port != null && m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            if (port != null) {
                port.completeExceptionally(new IOException("no port announced"));
            }
        });
        t.setDaemon(true);
        t.start();
    }

    String stderr() {
        return stderr.toString();
    }

    String stdout() {
        return stdout.toString();
    }

    /** Sends SIGTERM (through the handle: {@link Process#destroy()} would also close our end of its output). */
    void sigterm() {
        process.toHandle().destroy();
    }

    /** SIGTERM, then waits for the exit; returns the exit status. */
    int terminate() throws InterruptedException {
        sigterm();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("server did not exit after SIGTERM: " + stderr);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
