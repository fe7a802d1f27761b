package io.ward.lua.net.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.ward.lua.net.stream.InboundBuffer;

/**
 * The outcome of a call: final status and headers, and the body, whole ({@link #body}) or as
 * a stream ({@link #stream}, closed with {@link #close()}).
 *
 * <p>Confined to the runtime's context.
 */
public final class HttpResult {
    public final int status;
    public final HttpHeaders headers;
    /** The whole body, or {@code null} when streamed. */
    public final byte[] body;
    /** The body as a stream, or {@code null} when collected. */
    public final InboundBuffer stream;
    /** The URL that answered (after redirects). */
    public final String url;
    private final Exchange exchange;

    HttpResult(int status, HttpHeaders headers, byte[] body, InboundBuffer stream, String url, Exchange exchange) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.stream = stream;
        this.url = url;
        this.exchange = exchange;
    }

    /** Stops a streamed body: what is unread is dropped and the connection closed unless the body ended. */
    public void close() {
        if (stream != null) {
            stream.close();
        }
        if (exchange != null && !exchange.isFinished()) {
            exchange.abort(new java.io.IOException("response stream closed"));
        }
    }
}
