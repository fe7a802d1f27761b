package io.ward.lua.net.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.concurrent.Promise;
import io.ward.lua.net.stream.InboundBuffer;

import java.util.function.Predicate;

/**
 * One request and its response on one connection: the response head, then the body either
 * collected whole ({@link #body}), streamed into an {@link InboundBuffer}, or discarded
 * (a redirect, or an error status the caller does not want). When the response ends cleanly
 * on a keep-alive connection the connection goes back to the pool; any other end closes it.
 *
 * <p>Confined to the runtime's context; {@link ExchangeHandler} drives it on the loop.
 */
final class Exchange {
    enum Mode { COLLECT, STREAM, DISCARD }

    /** A body past this many bytes while discarding is not worth reading: the connection closes. */
    private static final long DISCARD_LIMIT = 64 * 1024;
    /** A streamed body stops reading from the socket while this many bytes wait for the reader. */
    static final int STREAM_HIGH_WATER = 256 * 1024;

    final Channel channel;
    final ConnectionPool pool;
    final Promise<HttpResponse> head;
    final Promise<byte[]> body;
    /**
     * What the caller waits for, so a plain request costs it one wake-up: the head when the body
     * is streamed or discarded (a redirect, an error status), else the whole body.
     */
    final Promise<Object> ready;
    private final long maxBytes;
    private Mode mode = Mode.COLLECT;
    private CompositeByteBuf collected;
    private InboundBuffer stream;
    private long received;
    private boolean keepAlive;
    private boolean finished;

    private final boolean streamBody;
    private final Predicate<HttpResponse> discardIf;

    /**
     * An exchange on {@code channel}: the body is streamed ({@code streamBody}) or collected,
     * unless {@code discardIf} says at the head that nobody will read it.
     */
    Exchange(Channel channel, ConnectionPool pool, long maxBytes, boolean streamBody,
            Predicate<HttpResponse> discardIf) {
        this.channel = channel;
        this.pool = pool;
        this.head = channel.eventLoop().newPromise();
        this.body = channel.eventLoop().newPromise();
        this.ready = channel.eventLoop().newPromise();
        this.maxBytes = maxBytes;
        this.streamBody = streamBody;
        this.discardIf = discardIf;
    }

    boolean isFinished() {
        return finished;
    }

    /** The streamed body, once the head arrived (streaming exchanges only), else {@code null}. */
    InboundBuffer stream() {
        return stream;
    }

    /** Whether the handler should ask for more bytes now. */
    boolean wantsMore() {
        if (finished) {
            return false;
        }
        if (mode == Mode.STREAM) {
            return stream.wantsMore();
        }
        return true;
    }

    void onHead(HttpResponse response, boolean keepAlive) {
        this.keepAlive = keepAlive;
        if (discardIf.test(response)) {
            mode = Mode.DISCARD;
        } else if (streamBody) {
            mode = Mode.STREAM;
            stream = new InboundBuffer(channel, STREAM_HIGH_WATER);
        }
        head.trySuccess(response);
        if (mode != Mode.COLLECT) {
            ready.trySuccess(response);
        }
    }

    /** A body chunk (the exchange takes over the reference). */
    void onContent(ByteBuf chunk, boolean last) {
        if (finished) {
            chunk.release();
            return;
        }
        received += chunk.readableBytes();
        if (mode == Mode.DISCARD) {
            chunk.release();
            if (received > DISCARD_LIMIT && !last) {
                fail(new java.io.IOException("discarded body too long"));
                return;
            }
        } else if (maxBytes > 0 && received > maxBytes) {
            // bodies past max_bytes are refused, streamed or not
            chunk.release();
            fail(new BodyTooLargeException(maxBytes));
            return;
        } else if (mode == Mode.STREAM) {
            stream.add(chunk);
        } else if (chunk.isReadable()) {
            if (collected == null) {
                collected = channel.alloc().compositeBuffer(Integer.MAX_VALUE);
            }
            collected.addComponent(true, chunk);
        } else {
            chunk.release();
        }
        if (last) {
            finish();
        }
    }

    private void finish() {
        finished = true;
        ((ExchangeHandler) channel.pipeline().get(ExchangeHandler.NAME)).detach(this);
        if (keepAlive) {
            pool.release(channel);
        } else {
            channel.close();
        }
        if (mode == Mode.STREAM) {
            stream.end();
        } else if (mode == Mode.COLLECT) {
            byte[] bytes;
            if (collected == null) {
                bytes = new byte[0];
            } else {
                bytes = new byte[collected.readableBytes()];
                collected.readBytes(bytes);
                collected.release();
                collected = null;
            }
            body.trySuccess(bytes);
            ready.trySuccess(bytes);
        } else {
            body.trySuccess(new byte[0]);
        }
    }

    /** Ends the exchange with {@code cause} and closes its connection (nothing half-read is reused). */
    void fail(Throwable cause) {
        if (finished) {
            return;
        }
        finished = true;
        ExchangeHandler h = (ExchangeHandler) channel.pipeline().get(ExchangeHandler.NAME);
        if (h != null) {
            h.detach(this);
        }
        channel.close();
        if (collected != null) {
            collected.release();
            collected = null;
        }
        head.tryFailure(cause);
        body.tryFailure(cause);
        ready.tryFailure(cause);
        if (stream != null) {
            stream.fail(cause);
        }
    }

    /** The caller gave up (cancelled, timed out, closed the stream): closes the connection unless done. */
    void abort(Throwable cause) {
        fail(cause);
    }

    /** Raised when a body passes the caller's {@code max_bytes}. */
    static final class BodyTooLargeException extends java.io.IOException {
        BodyTooLargeException(long max) {
            super("response body exceeds max_bytes (" + max + ")");
        }
    }
}
