package io.ward.lua.net.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A runtime's HTTP client: connections are Netty channels on the runtime's own event loop
 * (non-blocking DNS with {@code netty-resolver-dns}), kept alive in one
 * {@link ConnectionPool}, TLS through {@link TlsContexts}, proxies from the environment
 * ({@link ProxySettings}). Made on the first {@code require} of {@code ward.net.http} or
 * {@code ward.net.fetch} and closed with the runtime.
 *
 * <p>Confined to the runtime's context, except {@link #of}, which is thread-safe.
 */
public final class HttpClient {
    /** Connections per host and port before requests queue. */
    static final int MAX_PER_HOST = 64;
    /** An idle keep-alive connection closes after this long. */
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);
    static final int CONNECT_TIMEOUT_MILLIS = 30_000;

    private static final Map<WardRuntime, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    final WardRuntime rt;
    final EventLoop loop;
    final TlsContexts tls;
    final ProxySettings proxies;
    private final Bootstrap bootstrap;
    private final DnsAddressResolverGroup resolver;
    private final ConnectionPool pool;
    /** Handler callbacks that ran off the runtime's loop: must stay zero (tests check it). */
    private final AtomicLong offLoopCallbacks = new AtomicLong();

    private HttpClient(WardRuntime rt) {
        this.rt = rt;
        this.loop = rt.loop();
        if (!(loop instanceof IoEventLoop)) {
            throw new LuaError("ward.net needs the runtime on an I/O event loop (a MultiThreadIoEventLoopGroup"
                    + " with NioIoHandler), not " + loop.getClass().getSimpleName());
        }
        this.tls = new TlsContexts(rt);
        this.proxies = ProxySettings.fromEnvironment(rt);
        this.resolver = new DnsAddressResolverGroup(new DnsNameResolverBuilder(loop)
                .datagramChannelType(NioDatagramChannel.class).socketChannelType(NioSocketChannel.class));
        this.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class).resolver(resolver)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, false);
        this.pool = new ConnectionPool(loop, this::connect, MAX_PER_HOST, IDLE_NANOS);
    }

    /** The client of {@code rt}, made on first use and closed with the runtime. */
    public static HttpClient of(WardRuntime rt) {
        HttpClient c = CLIENTS.get(rt);
        if (c == null) {
            HttpClient made = new HttpClient(rt);
            c = CLIENTS.putIfAbsent(rt, made);
            if (c == null) {
                c = made;
                rt.onClose(() -> {
                    CLIENTS.remove(rt);
                    made.close();
                });
            }
        }
        return c;
    }

    /** The pool's counters now. Context only. */
    public PoolStats stats() {
        return pool.stats();
    }

    /** How many handler callbacks ran off the runtime's loop (zero unless something is badly wrong). */
    public long offLoopCallbacks() {
        return offLoopCallbacks.get();
    }

    ConnectionPool pool() {
        return pool;
    }

    void checkOnLoop(Channel ch) {
        if (!loop.inEventLoop() || ch.eventLoop() != loop) {
            offLoopCallbacks.incrementAndGet();
        }
    }

    /** A ready connection for {@code key}: TCP connected, proxy tunnel and TLS handshake done. */
    private Future<Channel> connect(PoolKey key) {
        Promise<Channel> ready = loop.newPromise();
        SslContext ssl = key.https ? tls.context(key.tls) : null;
        boolean tunnel = key.proxy != null && key.https;
        // through a plain HTTP proxy: connect to the proxy and send absolute URLs; through a
        // tunnel (https): HttpProxyHandler connects to the proxy and sends CONNECT for the target
        InetSocketAddress target = key.proxy != null && !tunnel
                ? InetSocketAddress.createUnresolved(key.proxy.host, key.proxy.port)
                : InetSocketAddress.createUnresolved(key.host, key.port);
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ChannelPipeline p = ch.pipeline();
                if (tunnel) {
                    HttpProxyHandler proxy = key.proxy.user != null
                            ? new HttpProxyHandler(new InetSocketAddress(key.proxy.host, key.proxy.port),
                                    key.proxy.user, key.proxy.password)
                            : new HttpProxyHandler(new InetSocketAddress(key.proxy.host, key.proxy.port));
                    proxy.setConnectTimeoutMillis(CONNECT_TIMEOUT_MILLIS);
                    p.addLast("proxy", proxy);
                }
                if (ssl != null) {
                    p.addLast("tls", ssl.newHandler(ch.alloc(), key.host, key.port));
                }
                p.addLast("codec", new HttpClientCodec());
                p.addLast("inflate", new HttpContentDecompressor(0));
                p.addLast(ExchangeHandler.NAME, new ExchangeHandler(HttpClient.this));
            }
        });
        if (tunnel) {
            b.resolver(NoopAddressResolverGroup.INSTANCE); // the proxy resolves the target
        }
        ChannelFuture connected = b.connect(target);
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                ready.tryFailure(f.cause());
                return;
            }
            Channel ch = connected.channel();
            SslHandler sh = ch.pipeline().get(SslHandler.class);
            HttpProxyHandler ph = ch.pipeline().get(HttpProxyHandler.class);
            Future<?> handshake = sh != null ? sh.handshakeFuture() : ph != null ? ph.connectFuture() : null;
            if (handshake == null) {
                ready.trySuccess(ch);
                return;
            }
            ch.read(); // autoRead is off: the handshake needs reads
            handshake.addListener(h -> {
                if (h.isSuccess()) {
                    ready.trySuccess(ch);
                } else {
                    ch.close();
                    ready.tryFailure(h.cause());
                }
            });
        });
        return ready;
    }

    private void close() {
        loop.execute(() -> {
            pool.close();
            resolver.close();
        });
    }
}
