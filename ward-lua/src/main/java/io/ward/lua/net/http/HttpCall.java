package io.ward.lua.net.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.ward.core.FutureAwaitables;
import io.ward.lua.Awaits;
import io.ward.lua.LuaErrors;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One call from a Lua task: acquire a connection, send, read the head, follow redirects,
 * then collect the body or hand it over as a stream. Runs in the calling task, which
 * suspends at each wait; everything else keeps running. A deadline ({@code timeout}) covers
 * the whole call, body included; a cancelled task closes the connection it was using.
 *
 * <p>Confined to the runtime's context (one call, one task).
 */
public final class HttpCall {
    private final HttpClient client;
    private final WardRuntime rt;
    private final RequestSpec spec;
    /** Whether a non-2xx final status is returned (else raised as {@code http error: status N}). */
    private final boolean allowError;

    private Future<Channel> acquiring;
    private Exchange exchange;
    private boolean timedOut;
    private ScheduledFuture<?> deadline;
    private URI current;

    public HttpCall(HttpClient client, RequestSpec spec, boolean allowError) {
        this.client = client;
        this.rt = client.rt;
        this.spec = spec;
        this.allowError = allowError;
    }

    /** Runs the call; raises a Lua error on failure. Must run in a Ward task. */
    public HttpResult run() {
        Awaits.checkInTask(rt);
        current = spec.uri;
        if (spec.timeoutNanos == 0) {
            throw sendError(new TimedOut());
        }
        if (spec.timeoutNanos > 0) {
            deadline = client.loop.schedule(this::onDeadline, spec.timeoutNanos, TimeUnit.NANOSECONDS);
        }
        boolean done = false;
        try {
            HttpResult r = loop();
            done = true;
            return r;
        } finally {
            if (!done) {
                abandon();
            }
            if (deadline != null && (!done || !spec.stream)) {
                deadline.cancel(false); // a streamed body stays under the deadline until it ends
            }
        }
    }

    private HttpResult loop() {
        HttpMethod method = spec.method;
        byte[] body = spec.body;
        boolean dropContentHeaders = false;
        boolean dropAuth = false;
        String referer = null;
        for (int redirects = 0; ; redirects++) {
            boolean https = "https".equalsIgnoreCase(current.getScheme());
            String host = current.getHost();
            int port = current.getPort() > 0 ? current.getPort() : https ? 443 : 80;
            ProxySettings.Proxy proxy = client.proxies.proxyFor(https, host);
            if (https) {
                client.tls.prepare(spec.tlsProfile);
            }
            PoolKey key = new PoolKey(https, host, port, proxy, https ? spec.tlsProfile : "");
            FullHttpRequest req = request(method, body, https, host, port, proxy, dropContentHeaders, dropAuth, referer);
            Object got = exchange(key, req);
            if (got instanceof byte[]) { // collected: a final status the caller accepts
                HttpResponse head = exchange.head.getNow();
                return new HttpResult(head.status().code(), head.headers(), (byte[]) got, null, current.toString(), null);
            }
            HttpResponse head = (HttpResponse) got;
            int status = head.status().code();
            String location = head.headers().get(HttpHeaderNames.LOCATION);
            if (spec.followRedirects && isRedirect(status) && location != null) {
                if (redirects >= spec.maxRedirects) {
                    throw new LuaError("error following redirect for url (" + current + "): too many redirects");
                }
                URI next = resolve(location);
                if (status == 301 || status == 302 || status == 303) {
                    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
                        method = HttpMethod.GET;
                        body = null;
                        dropContentHeaders = true;
                    }
                }
                if (!sameOrigin(current, next)) {
                    dropAuth = true;
                }
                referer = current.getScheme().equals("https") && next.getScheme().equals("http")
                        ? null : withoutFragmentAndUser(current);
                current = next;
                continue;
            }
            if (!allowError && (status < 200 || status > 299)) {
                throw new LuaError("http error: status " + status);
            }
            if (spec.stream) {
                return new HttpResult(status, head.headers(), null, exchange.stream(), current.toString(), exchange);
            }
            throw new IllegalStateException("a collected body arrives as bytes"); // unreachable: see Exchange.ready
        }
    }

    /**
     * Sends {@code req} on a connection for {@code key} and waits for {@link Exchange#ready}
     * (the head, or the whole body); one retry on a stale kept-alive connection.
     */
    private Object exchange(PoolKey key, FullHttpRequest req) {
        for (int attempt = 0; ; attempt++) {
            acquiring = client.pool().acquire(key);
            Channel ch = (Channel) await(acquiring, false);
            acquiring = null;
            boolean reused = ConnectionPool.wasUsed(ch);
            boolean redirectable = spec.followRedirects;
            exchange = new Exchange(ch, client.pool(), spec.maxBytes, spec.stream,
                    r -> (redirectable && isRedirect(r.status().code()) && r.headers().contains(HttpHeaderNames.LOCATION))
                            || (!allowError && (r.status().code() < 200 || r.status().code() > 299)));
            ExchangeHandler h = (ExchangeHandler) ch.pipeline().get(ExchangeHandler.NAME);
            h.attach(exchange, !"close".equalsIgnoreCase(req.headers().get(HttpHeaderNames.CONNECTION)));
            Exchange e = exchange;
            // the request's body is an unpooled heap buffer: a duplicate per attempt, nothing to free
            ch.writeAndFlush(req.retainedDuplicate()).addListener(f -> {
                if (!f.isSuccess()) {
                    e.fail(f.cause());
                }
            });
            ch.read();
            try {
                return awaitReady(e);
            } catch (LuaError err) {
                if (attempt == 0 && reused && !timedOut && isStale(e.head.cause())) {
                    continue; // the server closed the idle connection as we reused it: once more, fresh
                }
                throw err;
            }
        }
    }

    /** The exchange's head or body; a failure reads as a send error before the head, a body error after. */
    private Object awaitReady(Exchange e) {
        try {
            return rt.await(FutureAwaitables.of(rt.scheduler(), e.ready));
        } catch (RuntimeException | Error t) {
            if (LuaErrors.isUnwinding(t) || t instanceof LuaError) {
                throw t;
            }
            throw failed(t, e.head.isSuccess());
        } catch (Throwable t) {
            throw failed(t, e.head.isSuccess());
        }
    }

    private static boolean isStale(Throwable t) {
        return t instanceof ClosedChannelException
                || (t instanceof IOException && String.valueOf(t.getMessage()).contains("connection closed"))
                || (t instanceof IOException && String.valueOf(t.getMessage()).contains("reset"));
    }

    private FullHttpRequest request(HttpMethod method, byte[] body, boolean https, String host, int port,
            ProxySettings.Proxy proxy, boolean dropContentHeaders, boolean dropAuth, String referer) {
        String target = current.getRawPath() == null || current.getRawPath().isEmpty() ? "/" : current.getRawPath();
        if (current.getRawQuery() != null) {
            target += "?" + current.getRawQuery();
        }
        boolean viaPlainProxy = proxy != null && !https;
        if (viaPlainProxy) {
            target = "http://" + hostHeader(host, port, false) + target;
        }
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target,
                body != null ? Unpooled.wrappedBuffer(body) : Unpooled.EMPTY_BUFFER, false);
        HttpHeaders h = req.headers();
        h.set(HttpHeaderNames.HOST, hostHeader(host, port, https));
        for (String[] kv : spec.headers) {
            String name = kv[0].toLowerCase(Locale.ROOT);
            if (dropContentHeaders && name.startsWith("content-")) {
                continue;
            }
            if (dropAuth && (name.equals("authorization") || name.equals("cookie")
                    || name.equals("proxy-authorization") || name.equals("www-authenticate"))) {
                continue;
            }
            if (name.equals("host")) {
                h.set(HttpHeaderNames.HOST, kv[1]);
            } else {
                h.add(kv[0], kv[1]);
            }
        }
        if (!h.contains(HttpHeaderNames.ACCEPT)) {
            h.set(HttpHeaderNames.ACCEPT, "*/*");
        }
        if (!h.contains(HttpHeaderNames.ACCEPT_ENCODING)) {
            h.set(HttpHeaderNames.ACCEPT_ENCODING, "gzip, deflate");
        }
        if (referer != null && !h.contains(HttpHeaderNames.REFERER)) {
            h.set(HttpHeaderNames.REFERER, referer);
        }
        if (body != null) {
            if (spec.defaultContentType != null && !h.contains(HttpHeaderNames.CONTENT_TYPE)) {
                h.set(HttpHeaderNames.CONTENT_TYPE, spec.defaultContentType);
            }
            h.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        } else if (method == HttpMethod.POST || method == HttpMethod.PUT) {
            h.set(HttpHeaderNames.CONTENT_LENGTH, 0);
        }
        if (viaPlainProxy && proxy.user != null) {
            String token = Base64.getEncoder().encodeToString(
                    (proxy.user + ":" + proxy.password).getBytes(StandardCharsets.UTF_8));
            h.set(HttpHeaderNames.PROXY_AUTHORIZATION, "Basic " + token);
        }
        if (!h.contains(HttpHeaderNames.CONNECTION)) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return req;
    }

    private static String hostHeader(String host, int port, boolean https) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return port == (https ? 443 : 80) ? h : h + ":" + port;
    }

    private URI resolve(String location) {
        URI next;
        try {
            next = current.resolve(new URI(location.trim()));
        } catch (java.net.URISyntaxException e) {
            throw new LuaError("error following redirect for url (" + current + "): invalid Location " + location);
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || next.getHost() == null) {
            throw new LuaError("error following redirect for url (" + current + "): unsupported Location " + location);
        }
        return next;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getHost().equalsIgnoreCase(b.getHost());
    }

    private static String withoutFragmentAndUser(URI u) {
        try {
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), null).toString();
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** Waits for {@code f} in the calling task; a failure becomes the Lua error of a send or a body read. */
    private Object await(Future<?> f, boolean body) {
        try {
            return rt.await(FutureAwaitables.of(rt.scheduler(), f));
        } catch (RuntimeException | Error t) {
            if (LuaErrors.isUnwinding(t) || t instanceof LuaError) {
                throw t;
            }
            throw failed(t, body);
        } catch (Throwable t) { // a checked cause (IOException), rethrown as it is by Outcome.get
            throw failed(t, body);
        }
    }

    private LuaError failed(Throwable t, boolean body) {
        return body ? bodyError(timedOut ? new TimedOut() : t) : sendError(timedOut ? new TimedOut() : t);
    }

    private LuaError sendError(Throwable t) {
        return new LuaError("error sending request for url (" + current + "): " + describe(t));
    }

    private LuaError bodyError(Throwable t) {
        if (t instanceof Exchange.BodyTooLargeException) {
            return new LuaError(t.getMessage());
        }
        return new LuaError("error decoding response body for url (" + current + "): " + describe(t));
    }

    /** A short cause, never a Java class name or stack trace. */
    public static String describe(Throwable t) {
        if (t instanceof TimedOut || t instanceof io.netty.channel.ConnectTimeoutException) {
            return "operation timed out";
        }
        if (t instanceof UnknownHostException) {
            return "dns error: " + t.getMessage();
        }
        if (t instanceof ConnectException) {
            String m = t.getMessage();
            return m != null && m.toLowerCase(Locale.ROOT).contains("refused") ? "connection refused" : "connect failed: " + m;
        }
        if (t instanceof SSLException || (t.getCause() instanceof SSLException)) {
            Throwable s = t instanceof SSLException ? t : t.getCause();
            return "TLS error: " + withoutClassNames(s.getMessage());
        }
        if (t instanceof ClosedChannelException) {
            return "connection closed";
        }
        if (t instanceof io.netty.handler.proxy.ProxyConnectException) {
            return "proxy error: " + t.getMessage();
        }
        String m = t.getMessage();
        return m != null ? withoutClassNames(m) : "I/O error";
    }

    /** Drops Java class names that JDK messages embed ({@code sun.security...Exception: }). */
    private static String withoutClassNames(String m) {
        return m == null ? "unknown cause"
                : m.replaceAll("([a-zA-Z_$][a-zA-Z0-9_$]*\\.)+[A-Za-z0-9_$]*(Exception|Error): ", "");
    }

    private void onDeadline() {
        timedOut = true;
        if (acquiring != null) {
            acquiring.cancel(false);
        }
        if (exchange != null) {
            exchange.abort(new TimedOut());
        }
    }

    /** The call ends early (error, cancellation): give up the wait and close a half-used connection. */
    private void abandon() {
        if (acquiring != null) {
            if (!acquiring.cancel(false) && acquiring.isSuccess()) {
                client.pool().release(acquiring.getNow()); // handed over as the task left: unused, reusable
            }
            acquiring = null;
        }
        if (exchange != null && !exchange.isFinished()) {
            exchange.abort(new IOException("request abandoned"));
        }
    }

    /** The whole-call deadline passed. */
    static final class TimedOut extends IOException {
        TimedOut() {
            super("operation timed out", null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
