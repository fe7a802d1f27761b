package io.ward.lua.net.stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.ward.core.Awaitable;
import io.ward.core.Outcome;
import io.ward.core.Waiter;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Bytes a Netty channel received, held until Lua tasks read them: the channel's handler
 * {@link #add adds} chunks, tasks wait with {@link #next}. Backpressure: the channel runs
 * with {@code autoRead} off and this buffer asks it for more ({@link Channel#read()}) only
 * while fewer than {@code highWater} bytes (or what a pending exact read needs) are held, so
 * a slow reader never makes the buffer grow without bound.
 *
 * <p>Confined to the runtime's context (the channel's handler runs on the runtime's loop).
 * A waiter that leaves (cancelled, lost a {@code select}, timed out) takes nothing, so no
 * byte is lost between waits.
 */
public final class InboundBuffer {
    /** What a wait gives at the end of the stream. */
    public static final Object EOF = new Object();
    /** What a wait gives once {@link #close()} was called. */
    public static final Object CLOSED = new Object();

    /** What a wait gives when the stream failed (reset, timeout): a value, so the reader chooses to raise or return it. */
    public static final class Failed {
        public final Throwable cause;

        Failed(Throwable cause) {
            this.cause = cause;
        }
    }

    private final Channel channel;
    private final int highWater;
    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
    private long buffered;
    private boolean eof;
    private boolean closed;
    private Throwable failure;
    private final ArrayDeque<Pending> waiters = new ArrayDeque<>();

    /** A buffer for {@code channel} (may be null: nothing to ask for more), holding up to about {@code highWater} bytes. */
    public InboundBuffer(Channel channel, int highWater) {
        this.channel = channel;
        this.highWater = highWater;
    }

    /** Handler side: a chunk arrived (this buffer takes over the reference). */
    public void add(ByteBuf chunk) {
        if (closed || eof || failure != null || !chunk.isReadable()) {
            chunk.release();
            return;
        }
        // copied to the heap at once: the channel's pooled buffer goes back now, and a stream a
        // script abandons unread leaves only garbage, not pooled memory nobody releases
        byte[] bytes = new byte[chunk.readableBytes()];
        chunk.readBytes(bytes);
        chunk.release();
        chunks.add(io.netty.buffer.Unpooled.wrappedBuffer(bytes));
        buffered += bytes.length;
        deliver();
    }

    /** Handler side: the stream ended normally. */
    public void end() {
        eof = true;
        deliver();
    }

    /** Handler side: the stream failed; waits give the failure once the held bytes are read. */
    public void fail(Throwable cause) {
        if (failure == null && !eof) {
            failure = cause;
        }
        deliver();
    }

    /** Consumer side: drops what is held; pending and later waits give {@link #CLOSED}. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaseAll();
        deliver();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Whether the stream ended (end of stream, failure or close) and nothing is left to read. */
    public boolean isFinished() {
        return closed || ((eof || failure != null) && buffered == 0);
    }

    /** Bytes held now. */
    public long buffered() {
        return buffered;
    }

    /** Whether the channel should read more now. */
    public boolean wantsMore() {
        if (closed || eof || failure != null) {
            return false;
        }
        long want = highWater;
        for (Pending p : waiters) {
            want = Math.max(want, p.min);
        }
        return buffered < want;
    }

    /** Asks the channel for more when the buffer wants it. */
    public void demand() {
        if (channel != null && wantsMore()) {
            channel.read();
        }
    }

    /**
     * One wait for between {@code min} and {@code max} bytes ({@code byte[]}), {@link #EOF}
     * (if the stream ends with fewer than {@code min} bytes held those are dropped),
     * {@link #CLOSED}, or {@link Failed} with the stream's failure.
     */
    public Awaitable<Object> next(int min, int max) {
        return new Next(Math.max(1, min), Math.max(min, max));
    }

    private final class Next implements Awaitable<Object> {
        private final int min;
        private final int max;

        Next(int min, int max) {
            this.min = min;
            this.max = max;
        }

        @Override
        public Outcome<Object> poll() {
            Outcome<Object> o = peekOutcome(min);
            if (o != null) {
                return take(o, max);
            }
            return null;
        }

        @Override
        public void register(Waiter<Object> waiter) {
            waiters.add(new Pending(waiter, min, max));
            deliver(); // bytes may have arrived since poll(); asks the channel for more if not
        }

        @Override
        public void withdraw(Waiter<Object> waiter) {
            waiters.removeIf(p -> p.waiter == waiter);
        }
    }

    private static final class Pending {
        final Waiter<Object> waiter;
        final int min;
        final int max;

        Pending(Waiter<Object> waiter, int min, int max) {
            this.waiter = waiter;
            this.min = min;
            this.max = max;
        }
    }

    /** What a wait for {@code min} bytes would get now, not yet taken; {@code null}: nothing yet. */
    private Outcome<Object> peekOutcome(int min) {
        if (closed) {
            return Outcome.success(CLOSED);
        }
        if (buffered >= min) {
            return Outcome.success(Boolean.TRUE); // bytes: taken by take()
        }
        if (failure != null) {
            return Outcome.success(new Failed(failure));
        }
        if (eof) {
            return Outcome.success(EOF);
        }
        demand();
        return null;
    }

    /** Turns a peeked outcome into the value handed out, consuming up to {@code max} bytes. */
    private Outcome<Object> take(Outcome<Object> peeked, int max) {
        if (peeked.value() != Boolean.TRUE) {
            if (peeked.value() == EOF) {
                releaseAll(); // fewer than an exact read wanted: dropped
            }
            return peeked;
        }
        int n = (int) Math.min(max, buffered);
        byte[] out = new byte[n];
        int off = 0;
        while (off < n) {
            ByteBuf b = chunks.peek();
            int k = Math.min(n - off, b.readableBytes());
            b.readBytes(out, off, k);
            off += k;
            if (!b.isReadable()) {
                chunks.poll().release();
            }
        }
        buffered -= n;
        demand();
        return Outcome.success(out);
    }

    /** Hands what is ready to waiters in arrival order; a waiter that declines takes nothing. */
    private void deliver() {
        Iterator<Pending> it = waiters.iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (!p.waiter.isPending()) {
                it.remove();
                continue;
            }
            Outcome<Object> o = peekOutcome(p.min);
            if (o == null) {
                return;
            }
            it.remove();
            if (o.value() == Boolean.TRUE) {
                // hand out bytes only if the waiter accepts them: check first, then take
                Outcome<Object> bytes = take(o, p.max);
                if (!p.waiter.tryComplete(bytes)) {
                    unread((byte[]) bytes.value());
                }
            } else {
                if (o.value() == EOF) {
                    releaseAll();
                }
                p.waiter.tryComplete(o);
            }
        }
        demand();
    }

    /** Puts bytes a declining waiter was offered back in front. */
    private void unread(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        chunks.addFirst(io.netty.buffer.Unpooled.wrappedBuffer(bytes));
        buffered += bytes.length;
    }

    private void releaseAll() {
        ByteBuf b;
        while ((b = chunks.poll()) != null) {
            b.release();
        }
        buffered = 0;
    }
}
