package io.ward.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * One client connection: HTTP/1.1 requests are served one at a time, in the order they came,
 * so pipelined requests get their responses in request order. Auto-read is off: the socket is
 * read only when the connection is idle (the next request) or the current handler wants more
 * of its request body, so a slow handler holds back a fast client (backpressure).
 *
 * <p>Confined to the channel's event loop (Netty's handler threading), except
 * {@link #keepAliveAllowed()}.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {
    /** Sent on {@link LuaHttpServer#shutdown}: idle connections close, busy ones after their response. */
    static final Object DRAIN = new Object();

    private final ServerCore server;
    /** Decoded messages not yet handed on: the next pipelined requests, or body beyond the current one. */
    private final ArrayDeque<Object> inbound = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Exchange current;
    private int served;
    /** Set once the last response is on its way: nothing more is read or served. */
    private boolean closing;

    HttpConnection(ServerCore server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (server.draining()) {
            ctx.close();
            return;
        }
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        inbound.add(msg);
        pump();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        maybeRead();
    }

    /** Hands queued messages on as far as the current exchange allows. */
    private void pump() {
        while (!inbound.isEmpty() && ctx.channel().isActive() && !closing) {
            Object m = inbound.peek();
            if (current == null) {
                inbound.poll();
                if (m instanceof HttpRequest) {
                    begin((HttpRequest) m);
                } else {
                    ReferenceCountUtil.release(m); // the rest of a refused request's body
                }
            } else if (m instanceof HttpContent && !current.bodyDone()) {
                inbound.poll();
                current.onContent((HttpContent) m);
            } else {
                break; // the next request waits for this response
            }
        }
        maybeRead();
    }

    /** Reads from the socket when nothing queued is waiting and the exchange (if any) wants body. */
    void maybeRead() {
        if (inbound.isEmpty() && ctx.channel().isActive() && !closing && (current == null || current.wantsBody())) {
            ctx.read();
        }
    }

    private void begin(HttpRequest req) {
        served++;
        if (req.decoderResult().isFailure()) {
            ReferenceCountUtil.release(req);
            DefaultFullHttpResponse bad = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.BAD_REQUEST);
            bad.headers().set(HttpHeaderNames.CONNECTION, "close");
            HttpUtil.setContentLength(bad, 0);
            closing = true;
            ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req) && served < server.config().maxRequestsPerConnection;
        Exchange ex = new Exchange(this, ctx, req, server.nextRequestId(), server.config().maxBodyBytes, keepAlive);
        current = ex;
        long declared = HttpUtil.getContentLength(req, -1L);
        if (declared > ex.maxBody) {
            ex.keepAlive = false;
            ex.respondText(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body too large (request id " + ex.id + ")\n");
            ended(ex);
            return;
        }
        String expect = req.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null && !expect.equalsIgnoreCase("100-continue")) {
            ex.keepAlive = false;
            ex.respondText(HttpResponseStatus.EXPECTATION_FAILED, "expectation failed\n");
            ended(ex);
            return;
        }
        if (HttpUtil.is100ContinueExpected(req)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        server.dispatch(ex);
    }

    /** Loop only: the exchange is over (handler done, response written); serve the next one. */
    void ended(Exchange ex) {
        if (current != ex) {
            return;
        }
        current = null;
        ex.releaseBody();
        server.logAccess(ex);
        if (!ex.keepAlive || !ex.bodyDone() || !keepAliveAllowed()) {
            closing = true;
            if (ex.lastWrite() != null) {
                ex.lastWrite().addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
            return;
        }
        pump();
    }

    /** Whether a response may promise to keep the connection open (not while draining). Thread-safe. */
    boolean keepAliveAllowed() {
        return !server.draining();
    }

    boolean idle() {
        return current == null && inbound.isEmpty();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null) {
            current.writabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if ((evt instanceof IdleStateEvent || evt == DRAIN) && idle()) {
            ctx.close();
        } else {
            ReferenceCountUtil.release(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        while (!inbound.isEmpty()) {
            ReferenceCountUtil.release(inbound.poll());
        }
        if (current != null) {
            current.connectionClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
