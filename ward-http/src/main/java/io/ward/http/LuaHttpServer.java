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
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.fiber.FiberEngines;
import io.ward.core.shared.SharedDictionary;
import io.ward.lua.HostModule;
import io.ward.lua.WardRuntime;
import io.ward.lua.WardRuntimeGroup;

import java.net.InetSocketAddress;
import java.io.PrintStream;
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
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP/1.1 server whose requests are answered by the Lua function {@code handle(req, res)}
 * of a script, with one Ward runtime per event loop ({@link WardRuntimeGroup}).
 *
 * <p>The handler API (request fields, streaming bodies, errors, options) is described in the
 * README's ward-http section. Scripts also get a host module {@code require("app")}:
 * {@code app.lookup(key)} is an asynchronous Java call (a {@code CompletableFuture} completed
 * on another thread after a short delay) that suspends only the calling task,
 * {@code app.on_loop()} tells whether the Lua code runs in its own runtime's context, and
 * {@code app.upstream()} gives the base URL of {@link Config#upstream}. Handlers may call other
 * services with {@code ward.net.http} ({@link Config#netHttp}) on their own loop.
 *
 * <p>Thread-safe: start, inspect, reload and close from any thread (never from a loop of the
 * server: {@link #reload} and {@link #shutdown} wait).
 */
public final class LuaHttpServer implements AutoCloseable {
    /** Body pieces up to 64 KB: fewer, larger reads for handlers that stream a request body. */
    private static final HttpDecoderConfig DECODER = new HttpDecoderConfig().setMaxChunkSize(64 * 1024);

    private final Config config;
    private final EventLoopGroup group;
    private final ServerCore core;
    private final ServerLog log;
    private final Channel serverChannel;
    private final ChannelGroup connections;
    private final List<LoopDelayProbe> probes = new ArrayList<>();
    private final AtomicLong offLoopCalls;
    private final HostModule app;
    /** {@code ward.shared}: one for the server's life, kept across reloads. */
    private final SharedDictionary shared;

    private LuaHttpServer(Config config, EventLoopGroup group, ServerCore core, ServerLog log, Channel serverChannel,
            ChannelGroup connections, AtomicLong offLoopCalls, HostModule app, SharedDictionary shared) {
        this.config = config;
        this.group = group;
        this.core = core;
        this.log = log;
        this.serverChannel = serverChannel;
        this.connections = connections;
        this.offLoopCalls = offLoopCalls;
        this.app = app;
        this.shared = shared;
        for (EventExecutor e : group) {
            LoopDelayProbe p = new LoopDelayProbe((EventLoop) e);
            p.start();
            probes.add(p);
        }
    }

    /** Settings for {@link #start}. Not thread-safe; read once by {@link #start}. */
    public static final class Config {
        Path script;
        int port;
        int threads = Runtime.getRuntime().availableProcessors();
        FiberEngine engine = FiberEngines.defaultEngine();
        Duration handlerTimeout = Duration.ofSeconds(5);
        Duration lookupDelay = Duration.ofMillis(2);
        long maxBodyBytes = 1 << 20;
        int maxRequestsPerConnection = 1000;
        Duration idleTimeout = Duration.ofSeconds(60);
        boolean showErrorDetails;
        boolean tracebacks = true;
        PrintStream accessLog;
        PrintStream errorLog = System.err;
        int sharedEntries = SharedDictionary.DEFAULT_CAPACITY;
        boolean netHttp = true;
        String upstream;

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

        /** Limit on each {@code handle} call, streaming included: past it, 504 (or a cut-off stream). */
        public Config handlerTimeout(Duration d) {
            this.handlerTimeout = d;
            return this;
        }

        public Config lookupDelay(Duration d) {
            this.lookupDelay = d;
            return this;
        }

        /** The largest request body accepted (default 1 MiB); a larger one answers 413. */
        public Config maxBodyBytes(long n) {
            this.maxBodyBytes = n;
            return this;
        }

        /** Requests served on one keep-alive connection before it closes (default 1000). */
        public Config maxRequestsPerConnection(int n) {
            this.maxRequestsPerConnection = n;
            return this;
        }

        /** How long an idle keep-alive connection stays open (default 60 s). */
        public Config idleTimeout(Duration d) {
            this.idleTimeout = d;
            return this;
        }

        /**
         * Development only: error responses also carry the handler's error message and
         * traceback (by default they name only the request id, and the details go to the log).
         */
        public Config showErrorDetails(boolean on) {
            this.showErrorDetails = on;
            return this;
        }

        /**
         * Whether handler errors are logged with a Lua traceback (default yes). It installs the
         * runtime's execution hook, which costs some speed on call-heavy Lua code.
         */
        public Config tracebacks(boolean on) {
            this.tracebacks = on;
            return this;
        }

        /** Where to write one line per request (off by default). */
        public Config accessLog(PrintStream out) {
            this.accessLog = out;
            return this;
        }

        /** Entries of the {@code ward.shared} dictionary all loops share (default 10,000; LRU beyond). */
        public Config sharedEntries(int n) {
            this.sharedEntries = n;
            return this;
        }

        /**
         * Whether handlers get {@code require("ward.net.http")} (default yes: the script is the
         * operator's own code, as in the {@code ward} command). The client runs on the handler's
         * own loop; off, the module is refused like any library an embedder did not enable.
         */
        public Config netHttp(boolean on) {
            this.netHttp = on;
            return this;
        }

        /**
         * The base URL {@code app.upstream()} gives the handlers (the example's callout route
         * asks it); by default the server's own address, {@code http://127.0.0.1:PORT}.
         */
        public Config upstream(String baseUrl) {
            this.upstream = baseUrl;
            return this;
        }

        /** Where handler errors are logged with their traceback and request id (default stderr). */
        public Config errorLog(PrintStream out) {
            this.errorLog = out;
            return this;
        }
    }

    /**
     * Loads the script (and runs its {@code init}) in every runtime, then binds.
     *
     * @throws IllegalStateException when the script cannot be loaded or defines no {@code handle}
     */
    public static LuaHttpServer start(Config config) throws InterruptedException {
        if (!Files.isRegularFile(config.script)) {
            throw new IllegalStateException("cannot load handler script " + config.script + ": no such file");
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(config.threads, NioIoHandler.newFactory());
        AtomicLong offLoop = new AtomicLong();
        ServerLog log = new ServerLog(config.accessLog, config.errorLog);
        Generation first = null;
        try {
            AtomicReference<String> upstream = new AtomicReference<>(config.upstream);
            HostModule app = appModule(config.lookupDelay, offLoop, upstream);
            SharedDictionary shared = new SharedDictionary(config.sharedEntries);
            first = Generation.load(runtimes(config, group, app, shared), config.script);
            ServerCore core = new ServerCore(config, log, first);
            ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
            long idleNanos = config.idleTimeout.toNanos();
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            connections.add(c);
                            c.pipeline().addLast(new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS),
                                    new HttpServerCodec(DECODER), new HttpConnection(core));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", config.port)).sync().channel();
            upstream.compareAndSet(null, "http://127.0.0.1:" + ((InetSocketAddress) ch.localAddress()).getPort());
            return new LuaHttpServer(config, group, core, log, ch, connections, offLoop, app, shared);
        } catch (RuntimeException | InterruptedException e) {
            if (first != null) {
                first.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            log.close();
            throw e;
        }
    }

    private static WardRuntimeGroup runtimes(Config config, EventLoopGroup group, HostModule app,
            SharedDictionary shared) {
        return WardRuntimeGroup.create(group, shared, b -> {
            b.engine(config.engine).module(app).callTimeout(config.handlerTimeout).executionHook(config.tracebacks);
            // the group's loops are NIO I/O loops, which the client needs for its channels
            return config.netHttp ? b.withLibrary("ward.net.http") : b;
        });
    }

    /**
     * Loads the script again into new runtimes: requests that start from now on use them,
     * requests in flight finish in the old ones, which then close. No connection is dropped.
     *
     * @throws IllegalStateException when the new script fails to load (the old one keeps serving)
     */
    public synchronized void reload() throws InterruptedException {
        Generation next = Generation.load(runtimes(config, group, app, shared), config.script);
        core.swap(next).retire();
    }

    /** The async lookup, context check and upstream URL of {@code require("app")}. */
    static HostModule appModule(Duration lookupDelay, AtomicLong offLoopCalls, AtomicReference<String> upstream) {
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
                })
                .function("upstream", args -> upstream.get());
    }

    /** The {@code ward.shared} dictionary of the handlers (the same across reloads). */
    public SharedDictionary shared() {
        return shared;
    }

    /** The runtimes serving new requests now (tests look into their clients). */
    WardRuntimeGroup runtimes() {
        return core.generation().runtimes();
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

    /**
     * Graceful stop: no new connections, idle keep-alive connections close, requests in flight
     * finish (their responses say {@code Connection: close}) for up to {@code grace}; then
     * whatever is left is closed.
     */
    public void shutdown(Duration grace) {
        core.startDraining();
        serverChannel.close().awaitUninterruptibly();
        for (Channel c : connections) {
            c.eventLoop().execute(() -> c.pipeline().fireUserEventTriggered(HttpConnection.DRAIN));
        }
        connections.newCloseFuture().awaitUninterruptibly(grace.toMillis());
        close();
    }

    /** Stops at once: closes every connection, runtime and loop. */
    @Override
    public void close() {
        probes.forEach(LoopDelayProbe::stop);
        core.startDraining();
        serverChannel.close().awaitUninterruptibly();
        connections.close().awaitUninterruptibly();
        core.generation().close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        log.close();
    }

    /** SIGHUP reloads the script ({@link #reload}), where the JVM lets us handle it. */
    private static void reloadOnSighup(LuaHttpServer server) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
                try {
                    server.reload();
                    System.err.println("ward-http: reloaded " + server.config.script);
                } catch (IllegalStateException e) {
                    System.err.println("ward-http: reload failed, the old script keeps serving: " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            System.err.println("ward-http: no SIGHUP reload on this platform (" + e.getMessage() + ")");
        }
    }

    /**
     * {@code java -jar ward-http.jar [options] handler.lua [port]}: serves until stopped; SIGTERM
     * drains (see {@link #shutdown}), SIGHUP reloads the script (see {@link #reload}). Options: {@code --max-body=BYTES}, {@code --timeout=SECONDS},
     * {@code --drain=SECONDS}, {@code --threads=N}, {@code --access-log}, {@code --show-errors},
     * {@code --upstream=URL} (see {@link Config#upstream}), {@code --no-net-http} (see {@link Config#netHttp}).
     */
    public static void main(String[] args) throws Exception {
        Config config = new Config().port(8080).accessLog(System.out);
        Duration drain = Duration.ofSeconds(10);
        List<String> positional = new ArrayList<>();
        try {
            for (String a : args) {
                if (a.startsWith("--max-body=")) {
                    config.maxBodyBytes(Long.parseLong(a.substring(11)));
                } else if (a.startsWith("--timeout=")) {
                    config.handlerTimeout(Duration.ofMillis((long) (Double.parseDouble(a.substring(10)) * 1000)));
                } else if (a.startsWith("--drain=")) {
                    drain = Duration.ofMillis((long) (Double.parseDouble(a.substring(8)) * 1000));
                } else if (a.startsWith("--threads=")) {
                    config.threads(Integer.parseInt(a.substring(10)));
                } else if (a.equals("--no-access-log")) {
                    config.accessLog(null);
                } else if (a.startsWith("--upstream=")) {
                    config.upstream(a.substring(11));
                } else if (a.equals("--no-net-http")) {
                    config.netHttp(false);
                } else if (a.equals("--show-errors")) {
                    config.showErrorDetails(true);
                } else if (a.startsWith("--")) {
                    throw new IllegalArgumentException("unknown option " + a);
                } else {
                    positional.add(a);
                }
            }
            if (positional.isEmpty() || positional.size() > 2) {
                throw new IllegalArgumentException("expected a handler script and an optional port");
            }
            config.script(Paths.get(positional.get(0)));
            if (positional.size() > 1) {
                config.port(Integer.parseInt(positional.get(1)));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ward-http: " + e.getMessage());
            System.err.println("usage: java -jar ward-http.jar [--max-body=BYTES] [--timeout=SECONDS] [--drain=SECONDS]"
                    + " [--threads=N] [--no-access-log] [--show-errors] [--upstream=URL] [--no-net-http]"
                    + " handler.lua [port]");
            System.exit(2);
            return;
        }
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
        Duration grace = drain;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("ward-http: draining (up to " + grace.toMillis() + " ms)");
            server.shutdown(grace);
        }, "ward-http-drain"));
        reloadOnSighup(server);
        server.serverChannel.closeFuture().sync();
        // stopped accepting: the drain hook finishes the rest while this thread waits for the exit
        Thread.currentThread().join();
    }
}
