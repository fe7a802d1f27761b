package io.ward.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.WardRuntime;
import io.ward.lua.net.http.HttpClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedding example for real: a Netty HTTP server with one Ward runtime per loop, loaded
 * over loopback by a Netty HTTP client, on every fiber engine.
 */
@Timeout(300)
class LuaHttpServerTest {
    static final Path HANDLER = Paths.get("../examples/http_handler.lua");
    static final int CONNECTIONS = Integer.getInteger("ward.http.connections", 200);
    static final int REQUESTS_PER_CONNECTION = Integer.getInteger("ward.http.requests", 50);

    /** Thread, and continuation where available; {@code -Dward.test.engine} narrows them, as in ward-lua's tests. */
    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    private static LuaHttpServer start(FiberEngine engine, Duration timeout) throws Exception {
        return start(engine, timeout, null);
    }

    /** {@code upstream}: the server {@code /upstream/KEY} calls (null: the server itself). */
    private static LuaHttpServer start(FiberEngine engine, Duration timeout, LuaHttpServer upstream) throws Exception {
        return LuaHttpServer.start(new LuaHttpServer.Config().script(HANDLER).port(0).threads(2)
                .engine(engine).handlerTimeout(timeout)
                .upstream(upstream == null ? null : "http://127.0.0.1:" + upstream.port())
                .tracebacks(Boolean.parseBoolean(System.getProperty("ward.http.tracebacks", "true"))).errorLog(new java.io.PrintStream(
                        java.io.OutputStream.nullOutputStream())));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void everyResponseIsCorrectUnderLoad(FiberEngine engine) throws Exception {
        try (LuaHttpServer upstream = start(engine, Duration.ofSeconds(30));
                LuaHttpServer server = start(engine, Duration.ofSeconds(30), upstream)) {
            EventLoopGroup clients = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
            try {
                // warm up (JIT, pools) with a short run of each route, then measure clean ones
                runLoad(clients, server, Route.LOOKUP, 20, 20);
                runLoad(clients, server, Route.UPSTREAM, 20, 20);
                for (Route route : Route.values()) {
                    server.resetDelay();
                    GcPauses gc = GcPauses.start();
                    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
                    AtomicInteger ok = new AtomicInteger();
                    CountDownLatch done = new CountDownLatch(CONNECTIONS);
                    long t0 = System.nanoTime();
                    for (int c = 0; c < CONNECTIONS; c++) {
                        new SequentialClient(clients, server.port(), route, c, REQUESTS_PER_CONNECTION, ok, wrong, done)
                                .start();
                    }
                    assertTrue(done.await(240, TimeUnit.SECONDS), "all connections finished");
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    int total = CONNECTIONS * REQUESTS_PER_CONNECTION;
                    assertEquals(List.of(), new ArrayList<>(wrong).subList(0, Math.min(5, wrong.size())));
                    assertEquals(total, ok.get());
                    System.out.printf("ward-http [%s] %s: %d requests over %d connections in %.2f s = %.0f req/s,"
                                    + " worst loop delay %.1f ms (longest GC pause meanwhile %d ms)%n", engine.name(),
                            route.prefix, total, CONNECTIONS, seconds, total / seconds,
                            server.worstLoopDelay().toNanos() / 1e6, gc.stop());
                }
                assertEquals(0, server.offLoopCalls(), "Lua ran outside its own loop");
                assertEquals(0, upstream.offLoopCalls(), "Lua ran outside its own loop (upstream)");
                assertCalloutsStayedOnTheirLoops(server);
            } finally {
                clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void theCalloutRunsOnTheHandlersOwnLoop(FiberEngine engine) throws Exception {
        try (LuaHttpServer server = start(engine, Duration.ofSeconds(30))) {
            EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            try {
                // no upstream given: the server calls itself; fresh connections reach both loops
                for (int i = 0; i < 6; i++) {
                    assertEquals("200 upstream on_loop=true: value-of-k" + i + " K" + i + " on_loop=true\n",
                            fetch(clients, server.port(), HttpMethod.GET, "/upstream/k" + i, ""));
                }
                assertEquals(0, server.offLoopCalls(), "Lua ran outside its own loop");
                assertCalloutsStayedOnTheirLoops(server);
            } finally {
                clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aFailedCalloutAnswers502AndTheModuleCanBeTurnedOff(FiberEngine engine) throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (LuaHttpServer server = LuaHttpServer.start(new LuaHttpServer.Config().script(HANDLER).port(0)
                .threads(1).engine(engine).upstream("http://127.0.0.1:" + closedPort)
                .errorLog(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())))) {
            assertEquals("502 upstream failed\n", fetch(clients, server.port(), HttpMethod.GET, "/upstream/x", ""));
        } finally {
            clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LuaHttpServer.start(
                new LuaHttpServer.Config().script(HANDLER).port(0).threads(1).engine(engine).netHttp(false)));
        assertTrue(e.getMessage().contains("ward.net.http"), e.getMessage());
    }

    /**
     * Every runtime's client made its connections and ran every callback on that runtime's own
     * loop (the client counts any channel or callback elsewhere), and at least one called out.
     */
    private static void assertCalloutsStayedOnTheirLoops(LuaHttpServer server) throws Exception {
        long created = 0;
        for (WardRuntime rt : server.runtimes().runtimes()) {
            long[] counts = rt.loop().submit(() -> {
                HttpClient client = HttpClient.of(rt);
                return new long[] {client.offLoopCallbacks(), client.stats().created};
            }).get(30, TimeUnit.SECONDS);
            assertEquals(0, counts[0], "client callbacks off the runtime's loop");
            created += counts[1];
        }
        assertTrue(created > 0, "the handlers opened upstream connections");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void errorsTimeoutsAndOtherRoutes(FiberEngine engine) throws Exception {
        try (LuaHttpServer server = start(engine, Duration.ofMillis(300))) {
            EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            try {
                assertEquals("200 hello from Ward\n", fetch(clients, server.port(), HttpMethod.GET, "/hello", ""));
                assertEquals("200 POST data", fetch(clients, server.port(), HttpMethod.POST, "/echo", "data"));
                assertEquals("404 not found\n", fetch(clients, server.port(), HttpMethod.GET, "/nope", ""));
                String err = fetch(clients, server.port(), HttpMethod.GET, "/error", "");
                assertTrue(err.startsWith("500 internal server error (request id "), err);
                assertFalse(err.contains("something broke"), err);
                String timeout = fetch(clients, server.port(), HttpMethod.GET, "/slow", "");
                assertTrue(timeout.startsWith("504 gateway timeout (request id "), timeout);
                // the server keeps serving after an error and a timeout
                assertEquals("200 value-of-bob BOB on_loop=true\n",
                        fetch(clients, server.port(), HttpMethod.GET, "/lookup/bob", ""));
            } finally {
                clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void theExampleStreamsAndSharesStateAcrossLoops(FiberEngine engine) throws Exception {
        try (LuaHttpServer server = start(engine, Duration.ofSeconds(30))) {
            EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            try {
                java.util.Set<String> workers = new java.util.TreeSet<>();
                for (int i = 1; i <= 10; i++) {
                    // a fresh connection each time: the server's loops take them in turn
                    String r = fetch(clients, server.port(), HttpMethod.GET, "/hits", "");
                    assertTrue(r.startsWith("200 hit " + i + " on worker "), r);
                    workers.add(r.substring(r.lastIndexOf(' ') + 1).trim());
                }
                assertEquals(java.util.Set.of("1", "2"), workers, "both loops counted into one dictionary");
                assertEquals(10.0, server.shared().get("hits"));
                StringBuilder lines = new StringBuilder("200 ");
                for (int i = 1; i <= 1000; i++) {
                    lines.append("line ").append(i).append('\n');
                }
                assertEquals(lines.toString(), fetch(clients, server.port(), HttpMethod.GET, "/stream/1000", ""));
                assertEquals("200 300000 bytes\n",
                        fetch(clients, server.port(), HttpMethod.POST, "/upload", "u".repeat(300_000)));
            } finally {
                clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aScriptThatFailsToLoadStopsTheStart(FiberEngine engine) throws Exception {
        Path bad = Files.createTempFile("bad-handler", ".lua");
        Files.writeString(bad, "function handle(req) return 200 end\nlocal x = = 1\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LuaHttpServer.start(
                new LuaHttpServer.Config().script(bad).port(0).threads(1).engine(engine)));
        assertTrue(e.getMessage().startsWith("cannot load handler script"), e.getMessage());
        Path noHandler = Files.createTempFile("no-handler", ".lua");
        Files.writeString(noHandler, "x = 1\n");
        e = assertThrows(IllegalStateException.class, () -> LuaHttpServer.start(
                new LuaHttpServer.Config().script(noHandler).port(0).threads(1).engine(engine)));
        assertTrue(e.getMessage().contains("must define a global function handle(req, res)"), e.getMessage());
    }

    private static void runLoad(EventLoopGroup clients, LuaHttpServer server, Route route, int connections,
            int requests) throws InterruptedException {
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(connections);
        for (int c = 0; c < connections; c++) {
            new SequentialClient(clients, server.port(), route, c, requests, new AtomicInteger(), wrong, done).start();
        }
        assertTrue(done.await(120, TimeUnit.SECONDS), "warm-up finished");
        assertEquals(List.of(), new ArrayList<>(wrong));
    }

    /** One request on a fresh connection: "status body". */
    private static String fetch(EventLoopGroup group, int port, HttpMethod method, String path, String body)
            throws Exception {
        CountDownLatch latch = new CountDownLatch(1);
        String[] result = new String[1];
        Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
                                        result[0] = r.status().code() + " " + r.content().toString(StandardCharsets.UTF_8);
                                        latch.countDown();
                                        ctx.close();
                                    }
                                });
                    }
                }).connect("127.0.0.1", port).sync().channel();
        ch.writeAndFlush(request(method, path, body));
        assertTrue(latch.await(30, TimeUnit.SECONDS), "response to " + path);
        return result[0];
    }

    static FullHttpRequest request(HttpMethod method, String path, String body) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        req.headers().set(HttpHeaderNames.HOST, "127.0.0.1");
        HttpUtil.setContentLength(req, req.content().readableBytes());
        HttpUtil.setKeepAlive(req, true);
        return req;
    }

    /** The routes of the load test: the plain one and the one calling the upstream server. */
    enum Route {
        LOOKUP("/lookup/", ""),
        UPSTREAM("/upstream/", "upstream on_loop=true: ");

        final String prefix;
        final String bodyPrefix;

        Route(String prefix, String bodyPrefix) {
            this.prefix = prefix;
            this.bodyPrefix = bodyPrefix;
        }
    }

    /** A keep-alive connection that sends its requests one after another and checks each answer. */
    private static final class SequentialClient extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final EventLoopGroup group;
        private final int port;
        private final Route route;
        private final int id;
        private final int requests;
        private final AtomicInteger ok;
        private final ConcurrentLinkedQueue<String> wrong;
        private final CountDownLatch done;
        private int sent;

        SequentialClient(EventLoopGroup group, int port, Route route, int id, int requests, AtomicInteger ok,
                ConcurrentLinkedQueue<String> wrong, CountDownLatch done) {
            this.group = group;
            this.port = port;
            this.route = route;
            this.id = id;
            this.requests = requests;
            this.ok = ok;
            this.wrong = wrong;
            this.done = done;
        }

        void start() {
            new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                    SequentialClient.this);
                        }
                    }).connect("127.0.0.1", port).addListener(f -> {
                        if (!f.isSuccess()) {
                            wrong.add("connection " + id + " failed: " + f.cause());
                            done.countDown();
                        }
                    });
        }

        private String key() {
            return "k" + id + "_" + sent;
        }

        private void sendNext(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(request(HttpMethod.GET, route.prefix + key(), ""));
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            sendNext(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
            String expected = route.bodyPrefix + "value-of-" + key() + " " + key().toUpperCase() + " on_loop=true\n";
            String got = r.content().toString(StandardCharsets.UTF_8);
            if (r.status().code() == 200 && expected.equals(got)) {
                ok.incrementAndGet();
            } else {
                wrong.add(r.status().code() + " " + got + " (expected " + expected.trim() + ")");
            }
            if (++sent < requests) {
                sendNext(ctx);
            } else {
                ctx.close();
                done.countDown();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            wrong.add("connection " + id + ": " + cause);
            ctx.close();
            done.countDown();
        }
    }
}
