package io.ward.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.Future;
import io.ward.lua.CallTimeoutException;
import io.ward.lua.LuaErrors;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every connection of a server shares: the settings, the current script
 * {@link Generation}, request ids, the log, and whether the server is draining. Calls the
 * handler for an {@link Exchange} and turns its outcome into the response.
 *
 * <p>Thread-safe; {@link #dispatch} and {@link #complete} run on the exchange's loop.
 */
final class ServerCore {
    private final LuaHttpServer.Config config;
    private final ServerLog log;
    private final String idPrefix = String.format("%06x-", ThreadLocalRandom.current().nextInt(1 << 24));
    private final AtomicLong ids = new AtomicLong();
    private volatile Generation generation;
    private volatile boolean draining;

    ServerCore(LuaHttpServer.Config config, ServerLog log, Generation first) {
        this.config = config;
        this.log = log;
        this.generation = first;
    }

    LuaHttpServer.Config config() {
        return config;
    }

    String nextRequestId() {
        return idPrefix + Long.toString(ids.incrementAndGet(), 36);
    }

    boolean draining() {
        return draining;
    }

    void startDraining() {
        draining = true;
    }

    Generation generation() {
        return generation;
    }

    /** Makes {@code next} serve new requests; returns the one it replaces. */
    Generation swap(Generation next) {
        Generation old = generation;
        generation = next;
        return old;
    }

    /** Loop only: runs {@code handle(req, res)} for {@code ex} in this loop's runtime. */
    void dispatch(Exchange ex) {
        Generation g = generation;
        while (!g.acquire()) {
            if (g == generation) { // closed and not replaced: the server is stopping
                ex.keepAlive = false;
                ex.respondText(HttpResponseStatus.SERVICE_UNAVAILABLE, "server stopping\n");
                ex.conn.ended(ex);
                return;
            }
            g = generation; // closed by a reload meanwhile: the new one is already current
        }
        Generation gen = g;
        WardRuntime rt = gen.runtimes().runtimeFor(ex.loop());
        LuaHttpApi api = gen.api(rt);
        Future<Varargs> call = rt.call("handle", api.request(ex), api.response(ex));
        call.addListener(f -> {
            if (ex.deferred) {
                // writes the handler issued from its fiber thread are queued on the loop: end behind them
                ex.loop().execute(() -> complete(ex, call, gen));
            } else {
                complete(ex, call, gen);
            }
        });
    }

    /** Loop only: the handler is done; send what it returned (or an error) and end the exchange. */
    private void complete(Exchange ex, Future<Varargs> call, Generation gen) {
        try {
            if (ex.closed()) {
                return;
            }
            if (call.isSuccess()) {
                try {
                    if (!ex.started()) {
                        respondWithResults(ex, call.getNow());
                    } else {
                        ex.finish();
                    }
                } catch (LuaError | IllegalArgumentException e) {
                    failed(ex, e);
                }
            } else {
                failed(ex, call.cause());
            }
        } finally {
            gen.release();
            ex.conn.ended(ex);
        }
    }

    /** {@code return status, headers, body}. */
    private static void respondWithResults(Exchange ex, Varargs r) {
        LuaValue status = r.arg1();
        if (!status.isnumber()) {
            throw new LuaError("handle must return a status number, got " + status.typename());
        }
        int code = LuaHttpApi.status(status, 1, "handle results");
        HttpHeaders headers = LuaHttpApi.headers(r.arg(2), 2, "handle results");
        LuaValue body = r.arg(3);
        byte[] bytes;
        if (body.isnil()) {
            bytes = new byte[0];
        } else if (body.isstring()) {
            LuaString s = body.checkstring();
            bytes = new byte[s.m_length];
            s.copyInto(0, bytes, 0, bytes.length);
        } else {
            throw new LuaError("handle must return a string body, got " + body.typename());
        }
        ex.respond(code, headers, bytes);
    }

    /**
     * The handler failed: the client gets a generic 500 (504 past the timeout) naming only the
     * request id; the log gets the error and its traceback under that id.
     */
    private void failed(Exchange ex, Throwable cause) {
        boolean timeout = cause instanceof CallTimeoutException;
        if (ex.bodyTooLarge() && !ex.started()) {
            ex.respondText(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body too large (request id " + ex.id + ")\n");
            return;
        }
        String what = timeout ? "timed out (" + cause.getMessage() + ")" : "failed: " + LuaErrors.describe(cause);
        String tb = timeout ? null : LuaErrors.traceback(cause);
        log.error("ward-http: request " + ex.id + " (" + ex.request.method() + " " + ex.request.uri() + ") "
                + what + (tb != null ? "\n" + tb : ""));
        if (ex.started()) {
            ex.keepAlive = false; // the client sees a cut-off body: the connection closes
            return;
        }
        HttpResponseStatus s = timeout ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.INTERNAL_SERVER_ERROR;
        StringBuilder body = new StringBuilder()
                .append(s.reasonPhrase().toLowerCase(Locale.ROOT)).append(" (request id ").append(ex.id).append(")\n");
        if (config.showErrorDetails) {
            body.append('\n').append(what).append('\n');
            if (tb != null) {
                body.append(tb).append('\n');
            }
        }
        ex.respondText(s, body.toString());
    }

    /** Loop only: one access-log line for a finished exchange. */
    void logAccess(Exchange ex) {
        if (!log.accessEnabled()) {
            return;
        }
        long micros = (System.nanoTime() - ex.startNanos) / 1000;
        Object remote = ex.ctx.channel().remoteAddress();
        log.access(remote + " " + ex.id + " " + ex.request.method() + " " + ex.request.uri() + " "
                + ex.status() + " " + ex.bytesSent() + " " + (micros / 1000) + "." + String.format("%03d", micros % 1000)
                + "ms");
    }
}
