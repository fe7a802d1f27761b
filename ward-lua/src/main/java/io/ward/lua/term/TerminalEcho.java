package io.ward.lua.term;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Turns the terminal's echo off and on for hidden input, with {@code stty} run on the given
 * blocking executor (a process start never runs on the loop). Java 17 has no other way to
 * change a terminal's mode short of a native library: {@code Console.readPassword} would read
 * the terminal itself, behind the shared stdin reader's back. Changes run one after another in
 * the order asked (one terminal per process), and a shutdown hook turns echo back on if the JVM
 * ends while it is off. Thread-safe.
 */
final class TerminalEcho {
    private static final Object LOCK = new Object();
    private static CompletableFuture<Void> last = CompletableFuture.completedFuture(null); // guarded by LOCK
    private static boolean hookAdded; // guarded by LOCK
    private static volatile boolean off;

    private TerminalEcho() {
    }

    /** Echo off; the future fails when {@code stty} could not do it. */
    static CompletableFuture<Void> off(Executor pool) {
        synchronized (LOCK) {
            if (!hookAdded) {
                Runtime.getRuntime().addShutdownHook(new Thread(TerminalEcho::restoreAtExit, "ward-echo-restore"));
                hookAdded = true;
            }
            return chain(pool, false);
        }
    }

    /** Echo on again, after the changes asked before; the future completes once {@code stty} ran. */
    static CompletableFuture<Void> on(Executor pool) {
        synchronized (LOCK) {
            return chain(pool, true);
        }
    }

    private static CompletableFuture<Void> chain(Executor pool, boolean echo) {
        CompletableFuture<Void> f = last.handle((v, e) -> null).thenRunAsync(() -> stty(echo), pool);
        last = f;
        return f;
    }

    private static void stty(boolean echo) {
        try {
            Process p = new ProcessBuilder("stty", echo ? "echo" : "-echo")
                    .redirectInput(ProcessBuilder.Redirect.INHERIT) // stty sets the mode of its stdin: our terminal
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            int status = p.waitFor();
            if (status != 0) {
                throw new IllegalStateException("stty exited with status " + status);
            }
            off = !echo;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run stty: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void restoreAtExit() {
        if (off) {
            try {
                stty(true);
            } catch (RuntimeException e) {
                // nothing more to do while the JVM ends
            }
        }
    }
}
