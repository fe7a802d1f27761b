package io.ward.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Promise;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One request and its response on a connection: the request body arriving in chunks, read by
 * the handler with backpressure (the connection reads from the socket only while less than
 * {@link #BODY_HIGH_WATER} bytes wait here), and the response sent whole or streamed.
 *
 * <p>Confined to the connection's event loop, or (thread engine) to the fiber thread that the
 * loop is blocked on while the handler's Lua code runs. Netty operations issued from such a
 * fiber thread are handed to the loop in issue order ({@link #onLoop}); the end of the exchange
 * queues behind them ({@link #deferred}).
 */
final class Exchange {
    /** Bytes of request body buffered before the connection stops reading from the socket. */
    static final int BODY_HIGH_WATER = 64 * 1024;

    final HttpConnection conn;
    final ChannelHandlerContext ctx;
    final HttpRequest request;
    final String id;
    final long startNanos = System.nanoTime();
    final boolean head;
    final long maxBody;
    /** Whether the connection stays open after this exchange. */
    boolean keepAlive;

    // request body: Threading - loop or the handler's fiber (see the class comment)
    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
    private int buffered;
    private long received;
    private boolean bodyDone;
    private boolean bodyTooLarge;
    private Promise<Void> readWaiter;

    // response: Threading - same
    private boolean started;
    private boolean finished;
    private boolean closeDelimited;
    private int status;
    private long bytesSent;
    private ChannelFuture lastWrite;
    private final ArrayDeque<Promise<Void>> writableWaiters = new ArrayDeque<>();
    private boolean closed;
    /** Whether an operation was handed to the loop from another thread (see {@link #onLoop}). */
    boolean deferred;

    Exchange(HttpConnection conn, ChannelHandlerContext ctx, HttpRequest request, String id, long maxBody,
            boolean keepAlive) {
        this.conn = conn;
        this.ctx = ctx;
        this.request = request;
        this.id = id;
        this.maxBody = maxBody;
        this.keepAlive = keepAlive;
        this.head = HttpMethod.HEAD.equals(request.method());
    }

    EventLoop loop() {
        return ctx.channel().eventLoop();
    }

    /** Runs {@code r} on the loop now if called there, else queued in order behind earlier ones. */
    void onLoop(Runnable r) {
        if (loop().inEventLoop()) {
            r.run();
        } else {
            deferred = true;
            loop().execute(r);
        }
    }

    // ---- request body (the connection feeds, the handler reads) ----

    /** Loop only: a piece of the request body arrived (ownership passes here). */
    void onContent(HttpContent c) {
        ByteBuf data = c.content();
        boolean last = c instanceof LastHttpContent;
        if (bodyDone || closed) {
            c.release();
            return;
        }
        received += data.readableBytes();
        if (received > maxBody) {
            c.release();
            bodyTooLarge = true;
            bodyDone = true;
            keepAlive = false; // the rest of the body is never read: the connection cannot be reused
        } else if (data.isReadable()) {
            chunks.add(data);
            buffered += data.readableBytes();
        } else {
            c.release();
        }
        if (last) {
            bodyDone = true;
        }
        wakeReader();
    }

    /** Whether the connection should read more of this request's body from the socket. */
    boolean wantsBody() {
        return !bodyDone && !closed && buffered < BODY_HIGH_WATER;
    }

    boolean bodyDone() {
        return bodyDone;
    }

    boolean bodyTooLarge() {
        return bodyTooLarge;
    }

    private void wakeReader() {
        Promise<Void> w = readWaiter;
        if (w != null) {
            readWaiter = null;
            w.trySuccess(null);
        }
    }

    /**
     * The next piece of body (at most {@code max} bytes), an empty array at its end, or
     * {@code null} when none is buffered yet: then {@link #bodyArrival()} tells when to try again.
     *
     * @throws BodyTooLargeException past the size limit
     * @throws ConnectionClosedException when the client went away
     */
    byte[] poll(int max) {
        if (bodyTooLarge) {
            throw new BodyTooLargeException(maxBody);
        }
        ByteBuf first = chunks.peek();
        if (first == null) {
            if (bodyDone) {
                return new byte[0];
            }
            if (closed) {
                throw new ConnectionClosedException();
            }
            return null;
        }
        int n = Math.min(max, first.readableBytes());
        byte[] out = new byte[n];
        first.readBytes(out);
        if (!first.isReadable()) {
            chunks.poll().release();
        }
        buffered -= n;
        if (buffered < BODY_HIGH_WATER) {
            onLoop(conn::maybeRead);
        }
        return out;
    }

    /** A promise completed when more body arrives (or the body ends, or the connection closes). */
    Promise<Void> bodyArrival() {
        Promise<Void> p = loop().newPromise();
        readWaiter = p;
        onLoop(conn::maybeRead);
        return p;
    }

    // ---- response ----

    boolean started() {
        return started;
    }

    boolean finished() {
        return finished;
    }

    int status() {
        return status;
    }

    long bytesSent() {
        return bytesSent;
    }

    /** The whole response at once (handler's {@code return status, headers, body}). */
    void respond(int code, HttpHeaders headers, byte[] body) {
        if (started) {
            throw new IllegalStateException("response already started");
        }
        started = true;
        finished = true;
        status = code;
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        if (headers != null) {
            r.headers().set(headers);
        }
        HttpUtil.setContentLength(r, body.length);
        bytesSent = head ? 0 : body.length;
        onLoop(() -> lastWrite = ctx.writeAndFlush(withConnection(r)));
    }

    /** A short text response from the server itself (errors, limits). */
    void respondText(HttpResponseStatus s, String text) {
        HttpHeaders h = new DefaultHttpHeaders();
        h.set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        h.set("x-request-id", id);
        respond(s.code(), h, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends the status line and headers of a streamed response: chunked, unless the headers
     * give a content-length; an HTTP/1.0 client gets the body delimited by closing the connection.
     */
    void start(int code, HttpHeaders headers) {
        if (started) {
            throw new IllegalStateException("response already started");
        }
        started = true;
        status = code;
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code));
        if (headers != null) {
            r.headers().set(headers);
        }
        if (!r.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                closeDelimited = true;
                keepAlive = false;
            } else {
                HttpUtil.setTransferEncodingChunked(r, true);
            }
        }
        onLoop(() -> lastWrite = ctx.writeAndFlush(withConnection(r)));
    }

    /**
     * Sends a piece of a started response. The promise is done at once while the channel
     * stays writable, otherwise when it becomes writable again (or fails when the connection
     * closes): that is what the handler awaits.
     */
    Promise<Void> write(ByteBuf data) {
        if (!started) {
            start(200, null);
        }
        if (finished) {
            throw new IllegalStateException("response already finished");
        }
        Promise<Void> p = loop().newPromise();
        int n = data.readableBytes();
        if (head || n == 0) {
            p.setSuccess(null);
            return p;
        }
        bytesSent += n;
        onLoop(() -> {
            if (closed) {
                p.tryFailure(new ConnectionClosedException());
                return;
            }
            lastWrite = ctx.writeAndFlush(new DefaultHttpContent(data));
            if (ctx.channel().isWritable()) {
                p.trySuccess(null);
            } else {
                writableWaiters.add(p);
            }
        });
        return p;
    }

    /** Ends a streamed response (starting it with 200 if nothing was sent). Idempotent. */
    void finish() {
        if (!started) {
            start(200, null);
        }
        if (finished) {
            return;
        }
        finished = true;
        onLoop(() -> {
            if (!closed) {
                lastWrite = ctx.writeAndFlush(closeDelimited ? Unpooled.EMPTY_BUFFER : LastHttpContent.EMPTY_LAST_CONTENT);
            }
        });
    }

    private HttpResponse withConnection(HttpResponse r) {
        boolean keep = keepAlive && conn.keepAliveAllowed();
        keepAlive = keep;
        r.headers().set(HttpHeaderNames.CONNECTION, keep ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        return r;
    }

    /** The last write's future, or null when nothing was written. Loop only. */
    ChannelFuture lastWrite() {
        return lastWrite;
    }

    /** Loop only: the channel's writability changed. */
    void writabilityChanged(boolean writable) {
        while (writable && !writableWaiters.isEmpty()) {
            writableWaiters.poll().trySuccess(null);
        }
    }

    /** Loop only: the connection is gone; waiting readers and writers fail. */
    void connectionClosed() {
        closed = true;
        while (!writableWaiters.isEmpty()) {
            writableWaiters.poll().tryFailure(new ConnectionClosedException());
        }
        wakeReader();
        releaseBody();
    }

    boolean closed() {
        return closed;
    }

    void releaseBody() {
        while (!chunks.isEmpty()) {
            chunks.poll().release();
        }
        buffered = 0;
    }

    /** The client went away while the handler read or wrote. */
    static final class ConnectionClosedException extends RuntimeException {
        ConnectionClosedException() {
            super("connection closed", null, false, false);
        }
    }

    /** The request body passed the configured limit. */
    static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException(long limit) {
            super("request body too large (limit " + limit + " bytes)", null, false, false);
        }
    }
}
