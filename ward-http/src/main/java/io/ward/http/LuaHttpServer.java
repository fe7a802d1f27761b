package io.ward.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.fiber.FiberEngines;
import io.ward.lua.HostModule;
import io.ward.lua.LuaErrors;
import io.ward.lua.WardRuntime;
import io.ward.lua.WardRuntimeGroup;
import org.luaj.vm2.Varargs;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 server whose requests are answered by the Lua function {@code handle(req)} of a
 * script, with one Ward runtime per event loop ({@link WardRuntimeGroup}).
 *
 * <p>{@code req} has {@code method}, {@code path}, {@code query} (name → first value),
 * {@code headers} (lower-case name → value) and {@code body} (string); {@code handle}
 * returns {@code status, headers, body}. Scripts get a host module {@code require("app")}:
 * {@code app.lookup(key)} is an asynchronous Java call (a {@code CompletableFuture}
 * completed on another thread after a short delay) that suspends only the calling task, and
 * {@code app.on_loop()} tells whether the Lua code runs in its own runtime's context.
 *
 * <p>Thread-safe: start, inspect and close from any thread.
 */
public final class LuaHttpServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final WardRuntimeGroup runtimes;
    private final Channel serverChannel;
    private final List<LoopDelayProbe> probes = new ArrayList<>();
    private final AtomicLong offLoopCalls;

    private LuaHttpServer(EventLoopGroup group, WardRuntimeGroup runtimes, Channel serverChannel,
            AtomicLong offLoopCalls) {
        this.group = group;
        this.runtimes = runtimes;
        this.serverChannel = serverChannel;
        this.offLoopCalls = offLoopCalls;
        for (EventExecutor e : group) {
            LoopDelayProbe p = new LoopDelayProbe((EventLoop) e);
            p.start();
            probes.add(p);
        }
    }

    /** Settings for {@link #start}. */
    public static final class Config {
        Path script;
        int port;
        int threads = Runtime.getRuntime().availableProcessors();
        FiberEngine engine = FiberEngines.defaultEngine();
        Duration handlerTimeout = Duration.ofSeconds(5);
        Duration lookupDelay = Duration.ofMillis(2);

        public Config script(Path p) {
            this.script = p;
            return this;
        }

        /** 0 picks a free port. */
        public Config port(int p) {
            this.port = p;
            return this;
        }

        public Config threads(int n) {
            this.threads = n;
            return this;
        }

        public Config engine(FiberEngine e) {
            this.engine = e;
            return this;
        }

        public Config handlerTimeout(Duration d) {
            this.handlerTimeout = d;
            return this;
        }

        public Config lookupDelay(Duration d) {
            this.lookupDelay = d;
            return this;
        }
    }

    /**
     * Loads the script in every runtime, then binds.
     *
     * @throws IllegalStateException when the script cannot be loaded or defines no {@code handle}
     */
    public static LuaHttpServer start(Config config) throws InterruptedException {
        if (!Files.isRegularFile(config.script)) {
            throw new IllegalStateException("cannot load handler script " + config.script + ": no such file");
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(config.threads, NioIoHandler.newFactory());
        AtomicLong offLoop = new AtomicLong();
        WardRuntimeGroup runtimes = null;
        try {
            HostModule app = appModule(config.lookupDelay, offLoop);
            runtimes = WardRuntimeGroup.create(group, b -> b.engine(config.engine)
                    .module(app).callTimeout(config.handlerTimeout));
            for (WardRuntime rt : runtimes.runtimes()) {
                Future<Varargs> loaded = rt.runFile(config.script).await();
                if (!loaded.isSuccess()) {
                    throw new IllegalStateException("cannot load handler script " + config.script + ": "
                            + LuaErrors.value(loaded.cause()).tojstring());
                }
                Future<Varargs> check = rt.eval("return type(handle)", "=check").await();
                if (!check.isSuccess() || !"function".equals(check.getNow().arg1().tojstring())) {
                    throw new IllegalStateException("handler script " + config.script
                            + " must define a global function handle(req)");
                }
            }
            WardRuntimeGroup rts = runtimes;
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                    new LuaRequestHandler(rts));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", config.port)).sync().channel();
            return new LuaHttpServer(group, runtimes, ch, offLoop);
        } catch (RuntimeException | InterruptedException e) {
            if (runtimes != null) {
                runtimes.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The {@code app} host module: an async lookup and a context check. */
    static HostModule appModule(Duration lookupDelay, AtomicLong offLoopCalls) {
        Executor delayed = CompletableFuture.delayedExecutor(lookupDelay.toNanos(), TimeUnit.NANOSECONDS);
        return HostModule.named("app")
                .function("lookup", args -> CompletableFuture.supplyAsync(() -> "value-of-" + args[0], delayed))
                .function("on_loop", args -> {
                    WardRuntime rt = WardRuntime.current();
                    boolean ok = rt != null && rt.scheduler().inContext();
                    if (!ok) {
                        offLoopCalls.incrementAndGet();
                    }
                    return ok;
                });
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** How many times Lua code found itself outside its runtime's context (should be 0). */
    public long offLoopCalls() {
        return offLoopCalls.get();
    }

    /** The worst lateness of a 5 ms probe task over all loops since start or {@link #resetDelay()}. */
    public Duration worstLoopDelay() {
        long worst = 0;
        for (LoopDelayProbe p : probes) {
            worst = Math.max(worst, p.worstDelayNanos());
        }
        return Duration.ofNanos(worst);
    }

    public void resetDelay() {
        probes.forEach(LoopDelayProbe::reset);
    }

    @Override
    public void close() {
        probes.forEach(LoopDelayProbe::stop);
        serverChannel.close().awaitUninterruptibly();
        runtimes.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** {@code java -jar ward-http.jar handler.lua [port]}: serves until the process is stopped. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: java -jar ward-http.jar handler.lua [port]");
            System.exit(2);
        }
        Config config = new Config().script(Paths.get(args[0]))
                .port(args.length > 1 ? Integer.parseInt(args[1]) : 8080);
        LuaHttpServer server;
        try {
            server = start(config);
        } catch (IllegalStateException e) {
            System.err.println("ward-http: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.err.println("ward-http: serving " + config.script + " on http://127.0.0.1:" + server.port()
                + "/ (engine " + config.engine.name() + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        server.serverChannel.closeFuture().sync();
    }
}
