package io.ward.lua.net.http;

import io.netty.handler.codec.http.HttpMethod;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What one call asks for: method, URL, headers, body, and the client options that apply to
 * the whole call (deadline, redirects, size limit, streaming, TLS trust).
 *
 * <p>Built by the Lua side and then read only; confined to the runtime's context.
 */
public final class RequestSpec {
    HttpMethod method = HttpMethod.GET;
    URI uri;
    /** Header name and value pairs, in the caller's order. */
    final List<String[]> headers = new ArrayList<>();
    byte[] body;
    /** Content-Type to add when the caller set none, or {@code null}. */
    String defaultContentType;
    /** Whole-call deadline; negative: none. */
    long timeoutNanos = -1;
    boolean followRedirects = true;
    int maxRedirects = 10;
    /** Largest body accepted; zero or less: no limit. */
    long maxBytes;
    boolean stream;
    /** {@link TlsContexts} profile. */
    String tlsProfile = TlsContexts.DEFAULT;

    public RequestSpec(HttpMethod method, URI uri) {
        this.method = method;
        this.uri = uri;
    }

    public RequestSpec header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    public RequestSpec timeoutNanos(long nanos) {
        this.timeoutNanos = nanos;
        return this;
    }

    public RequestSpec followRedirects(boolean follow) {
        this.followRedirects = follow;
        return this;
    }

    public RequestSpec maxBytes(long max) {
        this.maxBytes = max;
        return this;
    }

    /** The byte limit set so far (zero: none). */
    public long maxBytes0() {
        return maxBytes;
    }

    public RequestSpec stream(boolean stream) {
        this.stream = stream;
        return this;
    }

    public RequestSpec insecure(boolean insecure) {
        if (insecure) {
            this.tlsProfile = TlsContexts.INSECURE;
        }
        return this;
    }

    public RequestSpec caFile(String path) {
        this.tlsProfile = "ca:" + path;
        return this;
    }

    public RequestSpec body(byte[] body, String defaultContentType) {
        this.body = body;
        this.defaultContentType = defaultContentType;
        return this;
    }

    boolean hasHeader(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
