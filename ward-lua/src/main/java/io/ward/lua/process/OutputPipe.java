package io.ward.lua.process;

import io.ward.core.Awaitable;
import io.ward.core.Outcome;
import io.ward.core.Scheduler;
import io.ward.core.Waiter;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A child's stdout or stderr pipe, read on demand: reads run on a pipe thread only while
 * some task waits for data, and what they bring is buffered here on the loop until a waiter
 * takes it. A waiter that leaves (cancelled, lost a {@code select}, timed out) takes nothing,
 * so no line or byte is lost between waits.
 *
 * <p>Confined to the runtime's context, except the reads ({@link PipeThreads}), which only hand their result
 * back with {@link Scheduler#runInContext}.
 *
 * <p>The pipe is claimed once: as lines, as bytes (several handles of the same kind share it
 * and compete for data), or drained whole by {@code wait()} when nobody streamed it.
 */
final class OutputPipe {
    enum Mode { UNCLAIMED, LINES, BYTES, DRAINED }

    /** What a wait gives at end of stream. */
    static final Object EOF = new Object();
    static final int DEFAULT_READ = 16384;

    private final InputStream in;
    private final Scheduler scheduler;
    /** {@link PipeThreads}: a read may wait as long as the child stays silent. */
    private final Executor io;
    private Mode mode = Mode.UNCLAIMED;

    // Threading - context only.
    private byte[] buf = new byte[0];
    private int start;
    private int end;
    /** Where the search for the next newline resumes (everything before it has none). */
    private int scanned;
    /** Where {@link #start} moves when the item {@link #peek} returned last is taken. */
    private int nextStart;
    private boolean eof;
    private boolean reading;
    private final ArrayDeque<Pending> waiters = new ArrayDeque<>();

    OutputPipe(InputStream in, Scheduler scheduler, Executor io) {
        this.in = in;
        this.scheduler = scheduler;
        this.io = io;
    }

    /** Claims the pipe for lines or bytes; {@code null} on success, else the Lua error word. */
    String claim(Mode wanted) {
        if (mode == Mode.UNCLAIMED) {
            mode = wanted;
            return null;
        }
        return mode == wanted ? null : "mode_conflict";
    }

    /**
     * For {@code wait()}: everything left in the pipe, read on a pipe thread, or {@code null} (now)
     * when the pipe was streamed.
     */
    CompletableFuture<byte[]> drain() {
        if (mode != Mode.UNCLAIMED) {
            return CompletableFuture.completedFuture(null);
        }
        mode = Mode.DRAINED;
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream s = in) {
                return s.readAllBytes();
            } catch (IOException e) {
                return new byte[0]; // the process is gone and took the pipe with it
            }
        }, io);
    }

    /** One wait for the next line ({@code maxBytes == 0}) or up to {@code maxBytes} bytes. */
    Awaitable<Object> next(int maxBytes) {
        return new Next(maxBytes);
    }

    private final class Next implements Awaitable<Object> {
        private final int maxBytes;

        Next(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public Outcome<Object> poll() {
            Object item = peek(maxBytes);
            if (item != null) {
                take();
                return Outcome.success(item);
            }
            demand();
            return null;
        }

        @Override
        public void register(Waiter<Object> waiter) {
            waiters.add(new Pending(waiter, maxBytes));
            demand();
        }

        @Override
        public void withdraw(Waiter<Object> waiter) {
            waiters.removeIf(p -> p.waiter == waiter);
        }
    }

    private static final class Pending {
        final Waiter<Object> waiter;
        final int maxBytes;

        Pending(Waiter<Object> waiter, int maxBytes) {
            this.waiter = waiter;
            this.maxBytes = maxBytes;
        }
    }

    /**
     * The next item ({@code byte[]} or {@link #EOF}) if one is ready, without taking it:
     * {@link #take()} then consumes it (a waiter may decline what it was offered).
     */
    private Object peek(int maxBytes) {
        nextStart = start;
        if (maxBytes > 0) {
            if (end > start) {
                int n = Math.min(maxBytes, end - start);
                nextStart = start + n;
                return Arrays.copyOfRange(buf, start, nextStart);
            }
            return eof ? EOF : null;
        }
        int nl = -1;
        for (int i = Math.max(scanned, start); i < end; i++) {
            if (buf[i] == '\n') {
                nl = i;
                break;
            }
        }
        if (nl < 0) {
            scanned = end; // no newline before end: the next search starts there
            if (!eof) {
                return null;
            }
            if (end == start) {
                return EOF;
            }
            nl = end; // the last line has no newline
        }
        int lineEnd = nl > start && buf[nl - 1] == '\r' ? nl - 1 : nl;
        nextStart = Math.min(nl + 1, end);
        return Arrays.copyOfRange(buf, start, lineEnd);
    }

    /** Consumes the item {@link #peek} returned last. */
    private void take() {
        start = nextStart;
        scanned = Math.max(scanned, start);
    }

    /** Starts a read unless one runs or the stream ended. */
    private void demand() {
        if (reading || eof) {
            return;
        }
        reading = true;
        try {
            io.execute(this::readOffLoop);
        } catch (RejectedExecutionException e) { // the runtime is closing
            reading = false;
            eof = true;
            deliver();
        }
    }

    private void readOffLoop() {
        byte[] chunk = new byte[DEFAULT_READ];
        int n;
        try {
            n = in.read(chunk);
        } catch (IOException e) {
            n = -1; // a closed pipe reads as its end
        }
        int count = n;
        scheduler.runInContext(() -> arrived(chunk, count));
    }

    /** Context only: a read finished with {@code n} bytes (or -1 at end of stream). */
    private void arrived(byte[] chunk, int n) {
        reading = false;
        if (n < 0) {
            eof = true;
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing to release beyond the descriptor
            }
        } else {
            append(chunk, n);
        }
        deliver();
        if (!waiters.isEmpty()) {
            demand();
        }
    }

    private void append(byte[] chunk, int n) {
        if (start == end) {
            start = end = scanned = 0;
        }
        if (end + n > buf.length) {
            int live = end - start;
            byte[] grown = live + n > buf.length ? new byte[Math.max(buf.length * 2, live + n)] : buf;
            System.arraycopy(buf, start, grown, 0, live);
            scanned -= start;
            buf = grown;
            start = 0;
            end = live;
        }
        System.arraycopy(chunk, 0, buf, end, n);
        end += n;
    }

    /** Hands ready items to waiters in arrival order; a waiter that declines takes nothing. */
    private void deliver() {
        Iterator<Pending> it = waiters.iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (!p.waiter.isPending()) {
                it.remove();
                continue;
            }
            Object item = peek(p.maxBytes);
            if (item == null) {
                return;
            }
            if (p.waiter.tryComplete(Outcome.success(item))) {
                take();
            }
            it.remove();
        }
    }
}
