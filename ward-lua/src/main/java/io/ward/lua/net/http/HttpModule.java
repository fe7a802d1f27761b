package io.ward.lua.net.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.ward.lua.Args;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code ward.net.http}: {@code get}, {@code post}, {@code put}, {@code delete},
 * {@code options}, each suspending only the calling task and returning an
 * {@code HttpResponse} (spec ward-net.md 2). Additions: {@code max_bytes}, {@code ca_file},
 * and {@code stream = true}, which returns at the head with the body as
 * {@code resp.stream} (a {@link BodyStream}).
 *
 * <p>Confined to the runtime's context.
 */
public final class HttpModule {
    private final WardRuntime rt;
    private final LuaTable responseMeta;
    private final LuaTable streamMeta;

    private HttpModule(WardRuntime rt) {
        this.rt = rt;
        this.streamMeta = BodyStream.metatable(rt);
        this.responseMeta = responseMetatable();
    }

    public static LuaTable create(WardRuntime rt) {
        HttpModule m = new HttpModule(rt);
        LuaTable t = new LuaTable();
        t.set("get", m.function("get", HttpMethod.GET, false));
        t.set("post", m.function("post", HttpMethod.POST, true));
        t.set("put", m.function("put", HttpMethod.PUT, true));
        t.set("delete", m.function("delete", HttpMethod.DELETE, false));
        t.set("options", m.function("options", HttpMethod.OPTIONS, false));
        return t;
    }

    private LuaValue function(String name, HttpMethod method, boolean withBody) {
        return LuaFunctions.named(name, args -> {
            URI url = HttpOptions.url(args, name);
            LuaTable o = HttpOptions.opts(args);
            RequestSpec spec = new RequestSpec(method, HttpOptions.withQuery(url, o));
            HttpOptions.common(spec, o, name);
            if (withBody) {
                HttpOptions.body(spec, o);
            }
            boolean allowError = o != null && o.get("allow_error").toboolean();
            HttpResult r = new HttpCall(HttpClient.of(rt), spec, allowError).run();
            return new LuaUserdata(new Response(r, r.stream != null ? new BodyStream(rt, r) : null), responseMeta);
        });
    }

    /** The userdata payload of an {@code HttpResponse}. Confined to the runtime's context. */
    static final class Response {
        final HttpResult result;
        final BodyStream stream;
        private LuaString body;

        Response(HttpResult result, BodyStream stream) {
            this.result = result;
            this.stream = stream;
        }

        LuaValue body() {
            if (result.body == null) {
                return LuaValue.NIL;
            }
            if (body == null) {
                body = LuaString.valueUsing(text(result.body, result.headers));
            }
            return body;
        }
    }

    /**
     * The body as Lua bytes: unchanged (binary-safe) unless {@code Content-Type} names a
     * charset other than UTF-8/ASCII, which is transcoded to UTF-8 (unmappable bytes become U+FFFD).
     */
    static byte[] text(byte[] raw, HttpHeaders headers) {
        String ct = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if (ct == null) {
            return raw;
        }
        Charset cs;
        try {
            cs = HttpUtil.getCharset(ct, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return raw;
        }
        if (cs.equals(StandardCharsets.UTF_8) || cs.equals(StandardCharsets.US_ASCII)) {
            return raw;
        }
        return new String(raw, cs).getBytes(StandardCharsets.UTF_8);
    }

    static LuaTable headersTable(HttpHeaders headers) {
        LuaTable t = new LuaTable();
        for (Map.Entry<String, String> e : headers) {
            String name = e.getKey().toLowerCase(java.util.Locale.ROOT);
            t.set(name, LuaValue.valueOf(e.getValue().getBytes(StandardCharsets.ISO_8859_1)));
        }
        return t;
    }

    private LuaTable responseMetatable() {
        LuaTable methods = new LuaTable();
        methods.set("is_ok", LuaFunctions.named("is_ok", a -> {
            int s = response(a, "is_ok").result.status;
            return LuaValue.valueOf(s >= 200 && s <= 299);
        }));
        methods.set("get_status", LuaFunctions.named("get_status",
                a -> LuaValue.valueOf(response(a, "get_status").result.status)));
        methods.set("get_headers", LuaFunctions.named("get_headers",
                a -> headersTable(response(a, "get_headers").result.headers)));
        methods.set("get_body", LuaFunctions.named("get_body", a -> response(a, "get_body").body()));
        methods.set("close", LuaFunctions.named("close", a -> {
            response(a, "close").result.close();
            return LuaValue.NONE;
        }));
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, LuaFunctions.named("__index", a -> {
            Response r = (Response) a.arg1().touserdata();
            LuaValue k = a.arg(2);
            if (k.isstring()) {
                switch (k.tojstring()) {
                    case "status":
                        return LuaValue.valueOf(r.result.status);
                    case "headers":
                        return headersTable(r.result.headers);
                    case "body":
                        return r.body();
                    case "url":
                        return LuaValue.valueOf(r.result.url);
                    case "stream":
                        return r.stream != null ? new LuaUserdata(r.stream, streamMeta) : LuaValue.NIL;
                    default:
                        break;
                }
            }
            return methods.get(k);
        }));
        meta.set(LuaValue.NEWINDEX, LuaFunctions.named("__newindex",
                a -> { throw new org.luaj.vm2.LuaError("HttpResponse fields are read-only"); }));
        meta.set("__name", "HttpResponse");
        return meta;
    }

    private static Response response(Varargs a, String fname) {
        return Args.checkUserdata(a, 1, fname, Response.class, "HttpResponse");
    }
}
