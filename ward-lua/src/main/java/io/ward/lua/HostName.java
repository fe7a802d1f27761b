package io.ward.lua;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The machine's host name, as {@code gethostname} gives it (thread-safe). Never blocks for
 * long and never asks DNS ({@code InetAddress.getLocalHost()} may).
 *
 * <p>On Linux it reads {@code /proc/sys/kernel/hostname} (an in-memory file) on every call, so
 * a rename is seen. Elsewhere the {@code hostname} program is run once on a background thread
 * the first time it is needed; until it answers, the {@code HOSTNAME}/{@code COMPUTERNAME}
 * variables stand in. {@code ""} when nothing is known.
 */
public final class HostName {
    private static final Path PROC = Path.of("/proc/sys/kernel/hostname");
    private static volatile String fromProgram;
    private static volatile boolean asked;

    private HostName() {
    }

    /** The host name, or {@code ""}. */
    public static String get() {
        if (Files.isReadable(PROC)) {
            try {
                return new String(Files.readAllBytes(PROC), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                // fall through to the other sources
            }
        }
        String p = fromProgram;
        if (p != null) {
            return p;
        }
        askProgramOnce();
        for (String var : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String v = ScriptEnvironment.base(var);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    private static synchronized void askProgramOnce() {
        if (asked) {
            return;
        }
        asked = true;
        Thread t = new Thread(() -> {
            try {
                Process proc = new ProcessBuilder("hostname").redirectErrorStream(true).start();
                try (InputStream in = proc.getInputStream()) {
                    byte[] out = in.readNBytes(1024);
                    if (proc.waitFor(10, TimeUnit.SECONDS) && proc.exitValue() == 0) {
                        fromProgram = new String(out, StandardCharsets.UTF_8).strip();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no hostname program: the variables stay the answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ward-hostname");
        t.setDaemon(true);
        t.start();
    }
}
