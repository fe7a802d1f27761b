package io.ward.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.Future;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code ward.net.http} throughput and streaming memory, with the same-run baseline: a local
 * keep-alive HTTP/1.1 server (one Netty loop), then (1) Netty's own HTTP client in Java with
 * the same concurrency (100 connections, one request in flight each), (2) one Ward runtime
 * running {@code scripts/http_client.lua} (100 tasks), (3) a 1 GiB body streamed through
 * {@code scripts/http_download.lua} with the peak heap measured around it. Run with a small
 * heap to prove the bound:
 *
 * <pre>
 * java -Xmx64m --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp ward-bench/target/benchmarks.jar \
 *      io.ward.bench.NetBench [seconds] [concurrency] [downloadBytes]
 * </pre>
 *
 * <p>Not thread-safe; a command-line program.
 */
public final class NetBench {
    private NetBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        long download = args.length > 2 ? Long.parseLong(args[2]) : 1L << 30;
        MultiThreadIoEventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = server(serverGroup);
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            String base = "http://127.0.0.1:" + port;
            nettyClient(port, concurrency, 3); // warm-up of the server, the codec and the JIT
            double netty = nettyClient(port, concurrency, seconds);
            System.out.printf("netty client (Java): %d connections, %.0f requests/s%n", concurrency, netty);
            double ward = ((Number) runScript("http_client.lua", base + "/hello", Integer.toString(concurrency),
                    Integer.toString(seconds))).doubleValue();
            // once more after Ward: the server and the JIT are warmer now; the better run counts
            double netty2 = nettyClient(port, concurrency, seconds);
            System.out.printf("netty client (Java), again: %.0f requests/s%n", netty2);
            System.out.printf("ward / netty (the better netty run): %.2f%n", ward / Math.max(netty, netty2));
            System.gc();
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                p.resetPeakUsage();
            }
            runScript("http_download.lua", base + "/big?n=" + download);
            long peak = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    peak += p.getPeakUsage().getUsed();
                }
            }
            System.out.printf("streamed download of %d bytes: peak heap %.1f MB (max heap %.0f MB)%n", download,
                    peak / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
            server.close().sync();
        } finally {
            serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        System.exit(0);
    }

    private static Object runScript(String name, String... args) throws Exception {
        Path script = Path.of("ward-bench/scripts", name);
        try (WardRuntime rt = WardRuntime.builder().commandLineModules().build()) {
            Bench.await(rt.loop().submit(() -> {
                LuaTable arg = new LuaTable();
                arg.set(0, LuaValue.valueOf(script.toString()));
                for (int i = 0; i < args.length; i++) {
                    arg.set(i + 1, LuaValue.valueOf(args[i]));
                }
                rt.globals().set("arg", arg);
            }));
            Future<Varargs> f = rt.runFile(script);
            f.awaitUninterruptibly();
            if (!f.isSuccess()) {
                throw new IllegalStateException(name + ": " + f.cause().getMessage(), f.cause());
            }
            return f.getNow().arg1().todouble();
        }
    }

    /** Requests per second of Netty's own client: {@code concurrency} kept-alive connections, one request in flight each. */
    private static double nettyClient(int port, int concurrency, int seconds) throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        try {
            Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpContentDecompressor(0),
                                    new SimpleChannelInboundHandler<HttpObject>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
                                            if (msg instanceof LastHttpContent) {
                                                done.increment();
                                                if (!stop.get()) {
                                                    ctx.writeAndFlush(request());
                                                }
                                            }
                                        }
                                    });
                        }
                    });
            Channel[] chs = new Channel[concurrency];
            for (int i = 0; i < concurrency; i++) {
                chs[i] = b.connect("127.0.0.1", port).sync().channel();
            }
            long t0 = System.nanoTime();
            for (Channel ch : chs) {
                ch.writeAndFlush(request());
            }
            Thread.sleep(seconds * 1000L);
            stop.set(true);
            double rate = done.sum() / ((System.nanoTime() - t0) / 1e9);
            for (Channel ch : chs) {
                ch.close().sync();
            }
            return rate;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static FullHttpRequest request() {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/hello");
        r.headers().set(HttpHeaderNames.HOST, "127.0.0.1");
        r.headers().set(HttpHeaderNames.ACCEPT, "*/*");
        r.headers().set(HttpHeaderNames.ACCEPT_ENCODING, "gzip, deflate");
        return r;
    }

    private static Channel server(MultiThreadIoEventLoopGroup group) throws InterruptedException {
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024).childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                        QueryStringDecoder q = new QueryStringDecoder(req.uri());
                                        if (q.path().equals("/big")) {
                                            long n = Long.parseLong(q.parameters().get("n").get(0));
                                            HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                                            HttpUtil.setContentLength(r, n);
                                            ctx.write(r);
                                            big(ctx, n);
                                            return;
                                        }
                                        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                                HttpResponseStatus.OK, Unpooled.wrappedBuffer(hello));
                                        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
                                        HttpUtil.setContentLength(r, hello.length);
                                        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    /** Writes {@code left} bytes in 64 KiB chunks, each after the previous one left. */
    private static void big(ChannelHandlerContext ctx, long left) {
        if (left == 0) {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            return;
        }
        int n = (int) Math.min(left, 64 * 1024);
        ByteBuf b = ctx.alloc().buffer(n);
        b.writerIndex(n);
        ctx.writeAndFlush(new DefaultHttpContent(b)).addListener(f -> {
            if (f.isSuccess()) {
                big(ctx, left - n);
            }
        });
    }
}
