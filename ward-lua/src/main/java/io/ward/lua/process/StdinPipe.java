package io.ward.lua.process;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A child's stdin pipe. Each write (flushed, so an interactive child sees it at once) runs on
 * a pipe thread ({@link PipeThreads}); writes from several tasks keep the order in which they were called,
 * because each one is chained after the previous.
 *
 * <p>Confined to the runtime's context, except the chained writes.
 */
final class StdinPipe {
    private final OutputStream out;
    private final Executor io;
    // Threading - context only.
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private boolean closed;

    StdinPipe(OutputStream out, Executor io) {
        this.out = out;
        this.io = io;
    }

    boolean isClosed() {
        return closed;
    }

    /** Writes and flushes; the future gives {@code null} on success, else the error text. */
    CompletableFuture<String> write(byte[] bytes) {
        if (closed) {
            return CompletableFuture.completedFuture("closed");
        }
        return then(() -> {
            out.write(bytes);
            out.flush();
        });
    }

    CompletableFuture<String> flush() {
        return closed ? CompletableFuture.completedFuture("closed") : then(out::flush);
    }

    /** Closes the pipe (the child sees end of input) after the writes before it. */
    CompletableFuture<String> close() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        closed = true;
        return then(out::close);
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private CompletableFuture<String> then(IoAction action) {
        CompletableFuture<Void> step = tail.handle((v, e) -> null).thenRunAsync(() -> {
            try {
                action.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, io);
        tail = step;
        return step.handle((v, e) -> e == null ? null : message(e));
    }

    private static String message(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof UncheckedIOException) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (m == null) {
            return "write failed";
        }
        m = m.toLowerCase(java.util.Locale.ROOT);
        return m.contains("broken pipe") ? "broken pipe" : m.contains("stream closed") ? "closed" : m;
    }
}
