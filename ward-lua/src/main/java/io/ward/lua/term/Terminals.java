package io.ward.lua.term;

import io.ward.lua.WardRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a standard stream is a terminal. Java 17 has no per-stream isatty: on Linux the
 * stream's file descriptor link in {@code /proc/self/fd} names a terminal device; elsewhere
 * {@link System#console()} answers for stdin and stdout together. A runtime whose streams
 * are not the JVM's own (an embedder's, a test's) has no terminal. Stateless, thread-safe.
 */
final class Terminals {
    private Terminals() {
    }

    /** {@code fd}: 0, 1 or 2. */
    static boolean isTerminal(WardRuntime rt, int fd) {
        if (!rt.inheritsStdio()) {
            return false;
        }
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            String target = Files.readSymbolicLink(link).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return fd != 2 && System.console() != null; // no /proc: the JDK's answer for stdin + stdout
        }
    }
}
