package io.ward.lua.net.unix;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.ward.lua.net.stream.InboundBuffer;

/**
 * Feeds a Unix stream's bytes into its {@link InboundBuffer}; end of input (the peer closed
 * or shut down its side) ends the buffer, an error fails it. Reads happen on demand
 * ({@code autoRead} off), so a slow Lua reader holds the peer back.
 *
 * <p>Runs on the runtime's loop; the buffer is confined to the runtime's context.
 */
final class StreamHandler extends ChannelInboundHandlerAdapter {
    /** The handler of an accepted channel, kept beside its pipeline. */
    static final io.netty.util.AttributeKey<StreamHandler> KEY = io.netty.util.AttributeKey.valueOf("ward.unix.handler");

    private InboundBuffer buffer;

    void buffer(InboundBuffer buffer) {
        this.buffer = buffer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (buffer != null && msg instanceof ByteBuf) {
            buffer.add((ByteBuf) msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (buffer != null) {
            buffer.demand();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && buffer != null) {
            buffer.end();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (buffer != null) {
            buffer.end();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (buffer != null) {
            buffer.fail(cause);
        }
        ctx.close();
    }
}
