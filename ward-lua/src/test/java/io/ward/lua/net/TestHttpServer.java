package io.ward.lua.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A real HTTP/1.1 server for the client's tests, on its own Netty loop group: fixed bodies,
 * chunked and slow bodies, gzip and deflate, redirects, statuses, an echo, a request that is
 * never answered, a reset mid-body, and large generated bodies. Optionally TLS.
 *
 * <p>Thread-safe: the counters are atomic; handlers run on the server's own loops.
 */
public final class TestHttpServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel server;
    public final AtomicInteger connections = new AtomicInteger();
    public final AtomicInteger openConnections = new AtomicInteger();
    public final AtomicInteger hanging = new AtomicInteger();
    public final String base;

    public TestHttpServer(SslContext ssl) throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        openConnections.incrementAndGet();
                        ch.closeFuture().addListener(f -> openConnections.decrementAndGet());
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Routes());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        base = (ssl != null ? "https" : "http") + "://127.0.0.1:" + port;
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private final class Routes extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws IOException {
            QueryStringDecoder q = new QueryStringDecoder(req.uri());
            String path = q.path();
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (path.equals("/hello")) {
                full(ctx, keepAlive, 200, "text/plain", "hello".getBytes(StandardCharsets.UTF_8), Map.of());
            } else if (path.equals("/binary")) {
                byte[] b = new byte[256];
                for (int i = 0; i < 256; i++) {
                    b[i] = (byte) i;
                }
                full(ctx, keepAlive, 200, "application/octet-stream", b, Map.of());
            } else if (path.equals("/latin1")) {
                full(ctx, keepAlive, 200, "text/plain; charset=ISO-8859-1", new byte[] {'c', 'a', 'f', (byte) 0xe9}, Map.of());
            } else if (path.equals("/gzip") || path.equals("/deflate")) {
                ByteArrayOutputStream bos = new ByteArrayOutputStream();
                try (java.io.OutputStream z = path.equals("/gzip") ? new GZIPOutputStream(bos) : new DeflaterOutputStream(bos)) {
                    z.write("compressed hello ".repeat(100).getBytes(StandardCharsets.UTF_8));
                }
                full(ctx, keepAlive, 200, "text/plain", bos.toByteArray(), Map.of("content-encoding", path.substring(1)));
            } else if (path.equals("/echo")) {
                StringBuilder sb = new StringBuilder();
                sb.append(req.method().name()).append(' ').append(req.uri()).append('\n');
                for (Map.Entry<String, String> h : req.headers()) {
                    sb.append(h.getKey().toLowerCase()).append(": ").append(h.getValue()).append('\n');
                }
                sb.append('\n').append(req.content().toString(StandardCharsets.UTF_8));
                full(ctx, keepAlive, 200, "text/plain", sb.toString().getBytes(StandardCharsets.UTF_8), Map.of());
            } else if (path.startsWith("/status/")) {
                int code = Integer.parseInt(path.substring("/status/".length()));
                full(ctx, keepAlive, code, "text/plain", ("status " + code).getBytes(StandardCharsets.UTF_8), Map.of());
            } else if (path.startsWith("/redirect/")) {
                int n = Integer.parseInt(path.substring("/redirect/".length()));
                String code = q.parameters().containsKey("code") ? q.parameters().get("code").get(0) : "302";
                String to = n <= 0 ? "/echo" : "/redirect/" + (n - 1) + "?code=" + code;
                full(ctx, keepAlive, Integer.parseInt(code), "text/plain", "moved".getBytes(StandardCharsets.UTF_8),
                        Map.of("location", to));
            } else if (path.equals("/absolute-redirect")) {
                full(ctx, keepAlive, 302, "text/plain", new byte[0], Map.of("location", q.parameters().get("to").get(0)));
            } else if (path.equals("/chunked")) {
                HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                HttpUtil.setTransferEncodingChunked(r, true);
                ctx.write(r);
                for (String part : new String[] {"one,", "two,", "three"}) {
                    ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer(part, StandardCharsets.UTF_8)));
                }
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            } else if (path.equals("/slow")) {
                HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                HttpUtil.setTransferEncodingChunked(r, true);
                ctx.writeAndFlush(r);
                int parts = q.parameters().containsKey("parts") ? Integer.parseInt(q.parameters().get("parts").get(0)) : 5;
                long delayMs = q.parameters().containsKey("ms") ? Long.parseLong(q.parameters().get("ms").get(0)) : 20;
                slow(ctx, 0, parts, delayMs);
            } else if (path.equals("/hang")) {
                hanging.incrementAndGet(); // never answered; the client has to give up
            } else if (path.equals("/reset")) {
                HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                HttpUtil.setContentLength(r, 100);
                ctx.write(r);
                ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("0123456789", StandardCharsets.UTF_8)))
                        .addListener(f -> {
                            ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                            ctx.close();
                        });
            } else if (path.equals("/big")) {
                long n = Long.parseLong(q.parameters().get("n").get(0));
                HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                HttpUtil.setContentLength(r, n);
                r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
                ctx.write(r);
                big(ctx, n, keepAlive);
            } else if (path.equals("/close")) {
                full(ctx, false, 200, "text/plain", "bye".getBytes(StandardCharsets.UTF_8), Map.of());
            } else {
                full(ctx, keepAlive, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8), Map.of());
            }
        }

        private void slow(ChannelHandlerContext ctx, int i, int parts, long delayMs) {
            if (i == parts) {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                return;
            }
            ctx.executor().schedule(() -> {
                ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("part" + i + ";", StandardCharsets.UTF_8)))
                        .addListener(f -> {
                            if (f.isSuccess()) {
                                slow(ctx, i + 1, parts, delayMs);
                            }
                        });
            }, delayMs, TimeUnit.MILLISECONDS);
        }

        private void big(ChannelHandlerContext ctx, long left, boolean keepAlive) {
            if (left == 0) {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(
                        keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
                return;
            }
            int n = (int) Math.min(left, 64 * 1024);
            ByteBuf b = ctx.alloc().buffer(n);
            b.writerIndex(n); // contents do not matter, only the count
            ctx.writeAndFlush(new DefaultHttpContent(b)).addListener(f -> {
                if (f.isSuccess()) {
                    big(ctx, left - n, keepAlive);
                }
            });
        }

        private void full(ChannelHandlerContext ctx, boolean keepAlive, int status, String type, byte[] body,
                Map<String, String> headers) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                    Unpooled.wrappedBuffer(body));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            HttpUtil.setContentLength(r, body.length);
            headers.forEach((k, v) -> r.headers().set(k, v));
            HttpUtil.setKeepAlive(r, keepAlive);
            ctx.writeAndFlush(r).addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
