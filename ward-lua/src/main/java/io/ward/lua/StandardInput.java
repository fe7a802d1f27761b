package io.ward.lua;

import io.ward.core.Awaitable;
import io.ward.core.Outcome;
import io.ward.core.Scheduler;
import io.ward.core.Waiter;
import org.luaj.vm2.LuaError;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A script's standard input, shared by every reader (thread-safe): one byte buffer filled by
 * its own daemon thread ({@code ward-stdin}, since a read may wait forever), served to
 * requests in the order they were made. {@code ward.io} and {@code ward.term}'s prompts read
 * through it.
 *
 * <p>How a read works: a request joins a FIFO queue; the reader thread reads the source only
 * while the first request cannot be answered from the buffer, one {@code read} call at a time
 * (no read-ahead beyond that, so a child that inherits the real stdin loses as little as
 * possible). When the first request can be answered, it is served on its own scheduler's
 * context, where the bytes are taken from the buffer and handed to the waiter in one step.
 *
 * <p>Cancellation loses no data: a request withdrawn before it was served leaves the queue and
 * the buffer untouched, so the bytes go to the next reader. End of input is not remembered:
 * after a read has reported it, the next read asks the source again (a terminal may give more
 * after Ctrl-D).
 */
public final class StandardInput {
    private static final Object SYSTEM_LOCK = new Object();
    private static StandardInput system; // guarded by SYSTEM_LOCK

    private final InputStream source;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wanted = lock.newCondition();
    // Threading - guarded by lock: the buffer (bytes [0, len)), what the source said, the queue.
    private byte[] buf = new byte[8192];
    private int len;
    private boolean eof;
    private IOException failure;
    private final ArrayDeque<Read> queue = new ArrayDeque<>();
    private Thread reader;

    private StandardInput(InputStream source) {
        this.source = source;
    }

    /** The JVM's own stdin ({@code System.in}): one reader for the whole process. */
    public static StandardInput system() {
        synchronized (SYSTEM_LOCK) {
            if (system == null) {
                system = new StandardInput(System.in);
            }
            return system;
        }
    }

    /** A standard input reading {@code in} ({@code System.in} gives {@link #system()}). */
    public static StandardInput of(InputStream in) {
        return in == System.in ? system() : new StandardInput(in);
    }

    /** An input that is always at its end (an embedded runtime's default). */
    public static StandardInput empty() {
        return new StandardInput(InputStream.nullInputStream());
    }

    /**
     * The next line without its {@code \n} (and a {@code \r} before it), the last line as it is,
     * or {@code null} at end of input.
     */
    public Awaitable<byte[]> readLine(Scheduler scheduler) {
        return new Read(scheduler, -2);
    }

    /**
     * The next line with its {@code \n} (and any {@code \r}) kept, the last line as it is, or
     * {@code null} at end of input ({@code term.prompt} without {@code trim}).
     */
    public Awaitable<byte[]> readRawLine(Scheduler scheduler) {
        return new Read(scheduler, -3);
    }

    /**
     * Everything up to end of input. With {@code maxBytes >= 0}, more than that many bytes fail
     * the read with {@code stdin exceeds max_bytes (N)} after consuming {@code N + 1} bytes; the
     * rest stays for the next reader.
     */
    public Awaitable<byte[]> readAll(Scheduler scheduler, long maxBytes) {
        return new Read(scheduler, maxBytes < 0 ? -1 : maxBytes);
    }

    /** How many bytes wait in the buffer (tests). */
    int buffered() {
        lock.lock();
        try {
            return len;
        } finally {
            lock.unlock();
        }
    }

    /** One read request: an awaitable used for one wait. */
    private final class Read implements Awaitable<byte[]> {
        private final Scheduler scheduler;
        /** -3: a line with its end; -2: a line; -1: all, no limit; else: all, at most this many bytes. */
        private final long limit;
        // Threading - guarded by lock.
        private Waiter<byte[]> waiter;
        private boolean serving;

        Read(Scheduler scheduler, long limit) {
            this.scheduler = scheduler;
            this.limit = limit;
        }

        @Override
        public Outcome<byte[]> poll() {
            lock.lock();
            try {
                return queue.isEmpty() && answerable(this) ? take(this) : null;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void register(Waiter<byte[]> w) {
            lock.lock();
            try {
                waiter = w;
                queue.add(this);
                startReader();
                dispatch();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void withdraw(Waiter<byte[]> w) {
            lock.lock();
            try {
                if (queue.remove(this)) {
                    dispatch();
                }
            } finally {
                lock.unlock();
            }
        }

        /** Context only: answers this request if it is still first and its waiter still wants it. */
        void serve() {
            Outcome<byte[]> outcome;
            Waiter<byte[]> w;
            lock.lock();
            try {
                serving = false;
                if (queue.peek() != this) {
                    return; // withdrawn meanwhile
                }
                w = waiter;
                if (!w.isPending()) {
                    queue.poll(); // cancelled or lost a select: nothing taken
                    dispatch();
                    return;
                }
                outcome = take(this);
                queue.poll();
                dispatch();
            } finally {
                lock.unlock();
            }
            w.tryComplete(outcome); // still pending: we are on its context and checked just now
        }
    }

    // The methods below are called with lock held.

    private boolean answerable(Read r) {
        if (eof || failure != null) {
            return true;
        }
        if (r.limit <= -2) {
            return indexOf((byte) '\n') >= 0;
        }
        return r.limit >= 0 && len > r.limit;
    }

    private Outcome<byte[]> take(Read r) {
        if (r.limit <= -2) {
            int nl = indexOf((byte) '\n');
            if (nl >= 0) {
                int end = r.limit == -3 ? nl + 1 : nl > 0 && buf[nl - 1] == '\r' ? nl - 1 : nl;
                byte[] line = Arrays.copyOf(buf, end);
                consume(nl + 1);
                return Outcome.success(line);
            }
        } else if (r.limit >= 0 && len > r.limit) {
            consume((int) r.limit + 1);
            return Outcome.failure(new LuaError("stdin exceeds max_bytes (" + r.limit + ")"));
        }
        if (len == 0 && failure != null) {
            IOException e = failure;
            failure = null; // reported once; the next read asks again
            return Outcome.failure(new LuaError("stdin: " + e.getMessage()));
        }
        // end of input: what is left (a last line without newline), or nothing
        eof = false;
        byte[] rest = Arrays.copyOf(buf, len);
        consume(len);
        return Outcome.success(r.limit <= -2 && rest.length == 0 ? null : rest);
    }

    private int indexOf(byte b) {
        for (int i = 0; i < len; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void consume(int n) {
        System.arraycopy(buf, n, buf, 0, len - n);
        len -= n;
    }

    /** Hands the first request to its context when it can be answered, else wakes the reader. */
    private void dispatch() {
        Read head = queue.peek();
        while (head != null && head.scheduler.isClosed()) { // its runtime is gone: nobody will serve it
            queue.poll();
            head = queue.peek();
        }
        if (head == null) {
            return;
        }
        if (answerable(head)) {
            if (!head.serving) {
                head.serving = true;
                head.scheduler.runInContext(head::serve);
            }
        } else {
            wanted.signal();
        }
    }

    private void startReader() {
        if (reader == null) {
            reader = new Thread(this::readLoop, "ward-stdin");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** The reader thread: one blocking read whenever the first request needs more bytes. */
    private void readLoop() {
        byte[] chunk = new byte[8192];
        while (true) {
            lock.lock();
            try {
                while (queue.isEmpty() || answerable(queue.peek())) {
                    wanted.await();
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            int n;
            IOException error = null;
            try {
                n = source.read(chunk);
            } catch (IOException e) {
                n = -1;
                error = e;
            }
            lock.lock();
            try {
                if (error != null) {
                    failure = error;
                } else if (n < 0) {
                    eof = true;
                } else {
                    if (len + n > buf.length) {
                        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
                    }
                    System.arraycopy(chunk, 0, buf, len, n);
                    len += n;
                }
                dispatch();
            } finally {
                lock.unlock();
            }
        }
    }
}
