package io.ward.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.ward.lua.HostModule;
import io.ward.lua.WardRuntime;
import io.ward.lua.WardRuntimeGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.luaj.vm2.Varargs;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's "Embedding in a Netty server" example, compiled and run for real. */
@Timeout(60)
class ReadmeEmbeddingExampleTest {
    /** Stands in for the host's own asynchronous service (a database, an HTTP client). */
    static CompletableFuture<String> findUserAsync(String id) {
        return CompletableFuture.supplyAsync(() -> "user-" + id,
                CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS));
    }

    @Test
    void readmeExampleServes() throws Exception {
        Path handler = Files.createTempFile("handler", ".lua");
        Files.writeString(handler, "local users = require('users')\n"
                + "function handle(path) return 'hello ' .. users.find(path:sub(2)) end\n");

        // --- README example begins ---
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        WardRuntimeGroup lua = WardRuntimeGroup.create(group, b -> b
                .module(HostModule.named("users")
                        .function("find", args -> findUserAsync((String) args[0]))) // awaited by Lua
                .callTimeout(Duration.ofSeconds(2)));
        for (WardRuntime rt : lua.runtimes()) {
            rt.runFile(handler).sync(); // defines handle(path) in every runtime
        }
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                        // the runtime of this connection's own loop: Lua never leaves it
                                        WardRuntime rt = lua.runtimeFor(ctx.channel().eventLoop());
                                        rt.call("handle", req.uri()).addListener(f -> {
                                            String body = f.isSuccess()
                                                    ? ((Varargs) f.getNow()).arg1().tojstring() : "error";
                                            var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                                    f.isSuccess() ? HttpResponseStatus.OK
                                                            : HttpResponseStatus.INTERNAL_SERVER_ERROR,
                                                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
                                            HttpUtil.setContentLength(res, res.content().readableBytes());
                                            ctx.writeAndFlush(res);
                                        });
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        // --- README example ends ---

        try {
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ann")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("hello user-ann", r.body());
        } finally {
            server.close().sync();
            lua.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
