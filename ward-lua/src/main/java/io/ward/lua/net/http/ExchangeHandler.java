package io.ward.lua.net.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;

/**
 * The last handler of a pooled HTTP connection: hands the response of the current
 * {@link Exchange} to it, asks for more bytes only while the exchange wants them
 * ({@code autoRead} is off during an exchange), and closes a connection that receives
 * anything while idle in the pool.
 *
 * <p>Runs on the connection's event loop, which is the runtime's loop; {@link #attach} and
 * {@link #detach} are called in the runtime's context.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "ward-exchange";

    private final HttpClient client;
    private Exchange current;
    private boolean requestKeepAlive;

    ExchangeHandler(HttpClient client) {
        this.client = client;
    }

    void attach(Exchange e, boolean requestKeepAlive) {
        this.current = e;
        this.requestKeepAlive = requestKeepAlive;
    }

    void detach(Exchange e) {
        if (current == e) {
            current = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        client.checkOnLoop(ctx.channel());
        Exchange e = current;
        if (e == null) {
            ReferenceCountUtil.release(msg);
            ctx.close(); // bytes nobody asked for: the connection is no longer in a known state
            return;
        }
        if (msg instanceof HttpObject && ((HttpObject) msg).decoderResult().isFailure()) {
            Throwable cause = ((HttpObject) msg).decoderResult().cause();
            ReferenceCountUtil.release(msg);
            e.fail(new IOException("invalid response: " + cause.getMessage(), cause));
            return;
        }
        if (msg instanceof HttpResponse) {
            HttpResponse r = (HttpResponse) msg;
            int code = r.status().code();
            if (code >= 100 && code < 200 && code != HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                ReferenceCountUtil.release(msg);
                return; // an interim response (100 Continue): the real one follows
            }
            e.onHead(r, requestKeepAlive && HttpUtil.isKeepAlive(r));
        }
        if (msg instanceof HttpContent) {
            HttpContent c = (HttpContent) msg;
            e.onContent(c.content(), msg instanceof LastHttpContent);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange e = current;
        if (e != null && e.wantsMore()) {
            ctx.read();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange e = current;
        if (e != null) {
            e.fail(new IOException("connection closed before the response completed"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Exchange e = current;
        if (e != null) {
            e.fail(cause);
        }
        ctx.close();
    }
}
