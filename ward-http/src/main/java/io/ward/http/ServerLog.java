package io.ward.http;

import java.io.PrintStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's access and error log: lines are queued by the event loops and written by one
 * daemon thread, so a slow terminal or disk never blocks a loop.
 *
 * <p>Thread-safe. Caveat: past {@value #CAPACITY} queued lines, new lines are dropped (and
 * counted, {@link #dropped()}) rather than letting a stalled output grow the heap.
 */
final class ServerLog implements AutoCloseable {
    static final int CAPACITY = 65_536;

    private final PrintStream access;
    private final PrintStream errors;
    private final LinkedBlockingQueue<Line> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    private static final class Line {
        final PrintStream out;
        final String text;

        Line(PrintStream out, String text) {
            this.out = out;
            this.text = text;
        }
    }

    /** {@code access} may be null (no access log); {@code errors} receives handler failures. */
    ServerLog(PrintStream access, PrintStream errors) {
        this.access = access;
        this.errors = errors;
        this.writer = new Thread(this::run, "ward-http-log");
        writer.setDaemon(true);
        writer.start();
    }

    boolean accessEnabled() {
        return access != null;
    }

    void access(String line) {
        if (access != null) {
            offer(new Line(access, line));
        }
    }

    void error(String text) {
        offer(new Line(errors, text));
    }

    long dropped() {
        return dropped.get();
    }

    private void offer(Line line) {
        if (closed || !queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    private void run() {
        try {
            while (!closed || !queue.isEmpty()) {
                Line l = queue.poll(100, TimeUnit.MILLISECONDS);
                if (l == null) {
                    continue;
                }
                l.out.println(l.text);
                if (queue.isEmpty()) {
                    l.out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued (waiting up to a second), then stops the writer. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
