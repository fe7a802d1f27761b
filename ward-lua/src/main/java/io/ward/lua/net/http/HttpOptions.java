package io.ward.lua.net.http;

import io.netty.handler.codec.http.HttpMethod;
import io.ward.lua.Args;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the Lua arguments of {@code ward.net.http} and {@code ward.net.fetch} calls into a
 * {@link RequestSpec}, with the spec's leniency (a non-table {@code opts} means defaults, a
 * non-table {@code query}/{@code headers} is ignored, an unusable {@code timeout} means none)
 * and its error wordings.
 *
 * <p>Stateless; confined to the runtime's context like the values it reads.
 */
public final class HttpOptions {
    private HttpOptions() {
    }

    /** The URL argument: an absolute http(s) URL, else {@code builder error for url (...)}. */
    public static URI url(Varargs args, String fname) {
        LuaValue v = args.arg1();
        if (!v.isstring()) {
            throw Args.typeError(1, fname, "string", args.narg() == 0 ? LuaValue.NONE : v);
        }
        String s = v.tojstring();
        URI u;
        try {
            u = new URI(s.trim());
        } catch (URISyntaxException e) {
            throw new LuaError("builder error for url (" + s + "): " + e.getReason());
        }
        String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null) {
            throw new LuaError("builder error for url (" + s + "): relative URL without a base");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new LuaError("builder error for url (" + s + "): URL scheme is not allowed");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new LuaError("builder error for url (" + s + "): empty host");
        }
        return u;
    }

    /** The options table, or {@code null} when {@code opts} is not a table (all defaults). */
    public static LuaTable opts(Varargs args) {
        LuaValue o = args.arg(2);
        return o.istable() ? (LuaTable) o : null;
    }

    /** {@code headers}, {@code timeout}, {@code follow_redirects}, {@code max_bytes}, {@code stream}, {@code ca_file}. */
    public static void common(RequestSpec spec, LuaTable o, String fname) {
        if (o == null) {
            return;
        }
        LuaValue headers = o.get("headers");
        if (headers.istable()) {
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = headers.next(k);
                k = n.arg1();
                if (k.isnil()) {
                    break;
                }
                String name = str(k, "header name");
                String value = latin1(n.arg(2), "header value"); // bytes as they are on the wire
                checkHeader(name, value);
                spec.header(name, value);
            }
        }
        spec.timeoutNanos(timeout(o.get("timeout")));
        LuaValue follow = o.get("follow_redirects");
        if (!follow.isnil()) {
            spec.followRedirects(follow.toboolean());
        }
        spec.maxBytes(maxBytes(o.get("max_bytes")));
        spec.stream(o.get("stream").toboolean());
        LuaValue ca = o.get("ca_file");
        if (!ca.isnil()) {
            if (!ca.isstring()) {
                throw new LuaError("bad option 'ca_file' to '" + fname + "' (string expected, got " + Args.typeName(ca) + ")");
            }
            spec.caFile(ca.tojstring());
        }
    }

    /** {@code query}: appended to the URL, form-encoded, in {@code pairs} order. */
    public static URI withQuery(URI u, LuaTable o) {
        if (o == null || !o.get("query").istable()) {
            return u;
        }
        LuaValue q = o.get("query");
        StringBuilder sb = new StringBuilder();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = q.next(k);
            k = n.arg1();
            if (k.isnil()) {
                break;
            }
            String key = str(k, "query key");
            String value = queryValue(n.arg(2));
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        if (sb.length() == 0) {
            return u;
        }
        String s = u.toString();
        int hash = s.indexOf('#');
        String fragment = hash >= 0 ? s.substring(hash) : "";
        String base = hash >= 0 ? s.substring(0, hash) : s;
        String joined = base + (u.getRawQuery() == null ? "?" : u.getRawQuery().isEmpty() ? "" : "&") + sb + fragment;
        return URI.create(joined);
    }

    /** {@code json} (any non-nil value) or else {@code form} (a non-empty table) as the body. */
    public static void body(RequestSpec spec, LuaTable o) {
        if (o == null) {
            return;
        }
        LuaValue json = o.get("json");
        if (!json.isnil()) {
            spec.body(JsonBody.encode(json), "application/json");
            return;
        }
        LuaValue form = o.get("form");
        if (form.istable()) {
            StringBuilder sb = new StringBuilder();
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = form.next(k);
                k = n.arg1();
                if (k.isnil()) {
                    break;
                }
                if (sb.length() > 0) {
                    sb.append('&');
                }
                sb.append(URLEncoder.encode(str(k, "form key"), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(str(n.arg(2), "form value"), StandardCharsets.UTF_8));
            }
            if (sb.length() > 0) {
                spec.body(sb.toString().getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
            }
        }
    }

    /** A method name for {@code fetch.url}: upper-cased, one of the seven, else {@code unsupported method: X}. */
    public static HttpMethod method(LuaValue v) {
        if (v.isnil()) {
            return HttpMethod.GET;
        }
        String m = str(v, "method").toUpperCase(Locale.ROOT);
        switch (m) {
            case "GET": case "POST": case "PUT": case "PATCH": case "DELETE": case "HEAD": case "OPTIONS":
                return HttpMethod.valueOf(m);
            default:
                throw new LuaError("unsupported method: " + m);
        }
    }

    /** A total deadline in nanoseconds; negative for none (negative, NaN, infinite or non-numeric values). */
    public static long timeout(LuaValue v) {
        if (!v.isnumber()) {
            return -1;
        }
        double s = v.todouble();
        if (Double.isNaN(s) || Double.isInfinite(s) || s < 0 || (s == 0 && 1 / s < 0)) {
            return -1;
        }
        return (long) Math.min(s * 1e9, Long.MAX_VALUE);
    }

    /** A byte limit; zero (no limit) for non-positive, non-finite or non-numeric values; floats truncated. */
    public static long maxBytes(LuaValue v) {
        if (!v.isnumber()) {
            return 0;
        }
        double d = v.todouble();
        if (Double.isNaN(d) || Double.isInfinite(d) || d <= 0) {
            return 0;
        }
        return (long) d;
    }

    /** A string or number converted to a string, else the mlua conversion error. */
    static String str(LuaValue v, String what) {
        if (v.isstring()) {
            return v.tojstring();
        }
        throw new LuaError("error converting Lua " + v.typename() + " to String (" + what + ")");
    }

    private static String latin1(LuaValue v, String what) {
        if (v.isstring()) {
            org.luaj.vm2.LuaString s = v.strvalue();
            return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.ISO_8859_1);
        }
        throw new LuaError("error converting Lua " + v.typename() + " to String (" + what + ")");
    }

    private static String queryValue(LuaValue v) {
        switch (v.type()) {
            case LuaValue.TSTRING:
                return v.tojstring();
            case LuaValue.TNUMBER:
                return number(v.todouble());
            case LuaValue.TBOOLEAN:
                return v.toboolean() ? "true" : "false";
            default:
                throw new LuaError("query parameter must be string, number, or boolean, got " + v.typename());
        }
    }

    /** Shortest round-trip digits, never an exponent, no {@code .0} for integral values. */
    static String number(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return "0";
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    private static void checkHeader(String name, String value) {
        if (name.isEmpty()) {
            throw new LuaError("builder error: invalid HTTP header name ''");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                throw new LuaError("builder error: invalid HTTP header name '" + name + "'");
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c == 127) {
                throw new LuaError("builder error: invalid HTTP header value for '" + name + "'");
            }
        }
    }
}
