package io.ward.cli;

import io.ward.core.Awaitable;
import io.ward.core.Outcome;
import io.ward.core.Waiter;
import io.ward.lua.StandardInput;
import io.ward.lua.WardRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The REPL's lines, read through the runtime's {@link StandardInput} (the reader
 * {@code ward.io} and {@code ward.term}'s prompts use), so that the REPL and a script's reads
 * take turns on one buffer instead of two readers racing for the process's stdin: a line a
 * chunk's {@code io.read_line()} asks for is the next line of input, and the REPL goes on after
 * it. Called on the REPL's command thread, which waits; the read itself is registered on the
 * loop.
 */
final class ReplInput {
    private final Session session;

    ReplInput(Session session) {
        this.session = session;
    }

    /** The next line (UTF-8, without its line end), or {@code null} at end of input. */
    String readLine() throws IOException, InterruptedException {
        WardRuntime rt = session.runtime();
        CompletableFuture<byte[]> line = new CompletableFuture<>();
        Waiter<byte[]> waiter = new Waiter<>() {
            @Override
            public boolean isPending() {
                return !line.isDone();
            }

            @Override
            public boolean tryComplete(Outcome<byte[]> o) {
                return o.isSuccess() ? line.complete(o.value()) : line.completeExceptionally(o.failure());
            }
        };
        Awaitable<byte[]> read = rt.stdin().readLine(rt.scheduler());
        try {
            session.onLoop(() -> {
                Outcome<byte[]> now = read.poll();
                if (now != null) {
                    waiter.tryComplete(now);
                } else {
                    read.register(waiter);
                }
                return null;
            });
            byte[] b = line.get();
            return b == null ? null : new String(b, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            line.cancel(false); // no longer pending: the reader keeps the line for the next one
            throw e;
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
