package io.ward.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.Promise;
import io.ward.core.FutureAwaitables;
import io.ward.lua.Args;
import io.ward.lua.Awaits;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a handler sees of an {@link Exchange}: the {@code req} table (fields, with the body,
 * {@code read} and the multi-value tables made on first use) and the {@code res} userdata
 * ({@code start}, {@code write}, {@code finish}), for one runtime.
 *
 * <p>Confined to the runtime's context, except {@link #request} and {@link #response}, which
 * the connection's loop calls to build the arguments of a call (plain new values).
 */
final class LuaHttpApi {
    private final WardRuntime rt;
    private final LuaTable responseMeta = new LuaTable();

    LuaHttpApi(WardRuntime rt) {
        this.rt = rt;
        LuaTable methods = new LuaTable();
        methods.set("start", LuaFunctions.named("start", args -> {
            Exchange ex = self(args, "start");
            int status = status(args.arg(2), 2, "start");
            HttpHeaders h = headers(args.arg(3), 3, "start");
            try {
                ex.start(status, h);
            } catch (IllegalStateException e) {
                throw new LuaError("start: " + e.getMessage());
            }
            return LuaValue.NONE;
        }));
        methods.set("write", LuaFunctions.named("write", args -> {
            Exchange ex = self(args, "write");
            write(ex, chunk(args, 2, "write"), "write");
            return LuaValue.NONE;
        }));
        methods.set("finish", LuaFunctions.named("finish", args -> {
            Exchange ex = self(args, "finish");
            if (!args.arg(2).isnil()) {
                write(ex, chunk(args, 2, "finish"), "finish");
            }
            ex.finish();
            return LuaValue.NONE;
        }));
        responseMeta.set(LuaValue.INDEX, methods);
        responseMeta.set(LuaValue.METATABLE, LuaValue.valueOf("response"));
        responseMeta.set(LuaValue.TOSTRING, LuaFunctions.named("tostring",
                args -> LuaValue.valueOf("response: " + self(args, "tostring").id)));
    }

    /** The {@code res} argument of {@code handle}. */
    LuaValue response(Exchange ex) {
        return LuaValue.userdataOf(ex, responseMeta);
    }

    /** The {@code req} argument of {@code handle}. */
    LuaTable request(Exchange ex) {
        HttpRequest r = ex.request;
        QueryStringDecoder uri = new QueryStringDecoder(r.uri());
        LuaTable t = new LuaTable(0, 16);
        t.rawset("method", r.method().name());
        t.rawset("uri", r.uri());
        t.rawset("path", uri.path());
        t.rawset("query_string", uri.rawQuery());
        t.rawset("version", r.protocolVersion().text());
        t.rawset("id", ex.id);
        SocketAddress remote = ex.ctx.channel().remoteAddress();
        if (remote instanceof InetSocketAddress) {
            t.rawset("remote_addr", ((InetSocketAddress) remote).getAddress().getHostAddress());
            t.rawset("remote_port", ((InetSocketAddress) remote).getPort());
        }
        LuaTable headers = new LuaTable();
        for (Map.Entry<String, String> h : r.headers()) {
            LuaString name = LuaValue.valueOf(h.getKey().toLowerCase(Locale.ROOT));
            if (headers.rawget(name).isnil()) {
                headers.rawset(name, LuaValue.valueOf(h.getValue()));
            }
        }
        t.rawset("headers", headers);
        LuaTable query = new LuaTable();
        for (Map.Entry<String, List<String>> q : uri.parameters().entrySet()) {
            query.rawset(q.getKey(), q.getValue().isEmpty() ? "" : q.getValue().get(0));
        }
        t.rawset("query", query);
        LuaTable meta = new LuaTable();
        meta.rawset(LuaValue.INDEX, new RequestFields(ex, uri));
        t.setmetatable(meta);
        return t;
    }

    /** The fields of {@code req} made on first use; each is then stored in the table. */
    private final class RequestFields extends TwoArgFunction {
        private final Exchange ex;
        private final QueryStringDecoder uri;

        RequestFields(Exchange ex, QueryStringDecoder uri) {
            this.ex = ex;
            this.uri = uri;
        }

        @Override
        public LuaValue call(LuaValue table, LuaValue key) {
            if (!key.isstring()) {
                return NIL;
            }
            LuaValue v;
            switch (key.tojstring()) {
                case "body":
                    v = readAll(ex);
                    break;
                case "read":
                    v = LuaFunctions.named("read", args -> {
                        long max = Args.optInteger(args, 2, "read", Integer.MAX_VALUE);
                        if (max < 1) {
                            throw Args.badArgument(2, "read", "size must be positive");
                        }
                        return readChunk(ex, (int) Math.min(max, Integer.MAX_VALUE), "read");
                    });
                    break;
                case "headers_all":
                    v = headersAll(ex.request.headers());
                    break;
                case "query_all":
                    v = queryAll(uri);
                    break;
                default:
                    return NIL;
            }
            table.rawset(key, v);
            return v;
        }
    }

    private LuaValue readChunk(Exchange ex, int max, String fname) {
        while (true) {
            byte[] b;
            try {
                b = ex.poll(max);
            } catch (RuntimeException e) {
                throw new LuaError(fname + ": " + e.getMessage());
            }
            if (b != null) {
                return b.length == 0 ? LuaValue.NIL : LuaString.valueUsing(b);
            }
            Promise<Void> arrival = ex.bodyArrival();
            Awaits.awaitCore(rt, FutureAwaitables.of(rt.scheduler(), arrival));
        }
    }

    private LuaValue readAll(Exchange ex) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (true) {
            LuaValue chunk = readChunk(ex, Integer.MAX_VALUE, "body");
            if (chunk.isnil()) {
                return LuaString.valueUsing(all.toByteArray());
            }
            LuaString s = (LuaString) chunk;
            all.write(s.m_bytes, s.m_offset, s.m_length);
        }
    }

    private static LuaTable headersAll(HttpHeaders headers) {
        LuaTable t = new LuaTable();
        for (Map.Entry<String, String> h : headers) {
            LuaString name = LuaValue.valueOf(h.getKey().toLowerCase(Locale.ROOT));
            LuaValue list = t.rawget(name);
            if (list.isnil()) {
                list = new LuaTable();
                t.rawset(name, list);
            }
            ((LuaTable) list).insert(0, LuaValue.valueOf(h.getValue()));
        }
        return t;
    }

    private static LuaTable queryAll(QueryStringDecoder uri) {
        LuaTable t = new LuaTable();
        for (Map.Entry<String, List<String>> q : uri.parameters().entrySet()) {
            LuaTable list = new LuaTable();
            for (String v : q.getValue()) {
                list.insert(0, LuaValue.valueOf(v));
            }
            t.rawset(q.getKey(), list);
        }
        return t;
    }

    private void write(Exchange ex, ByteBuf data, String fname) {
        Promise<Void> p;
        try {
            p = ex.write(data);
        } catch (IllegalStateException e) {
            throw new LuaError(fname + ": " + e.getMessage());
        }
        if (!p.isDone()) {
            try {
                Awaits.awaitCore(rt, FutureAwaitables.of(rt.scheduler(), p));
            } catch (LuaError e) {
                throw new LuaError(fname + ": connection closed");
            }
        } else if (!p.isSuccess()) {
            throw new LuaError(fname + ": connection closed");
        }
    }

    private static Exchange self(Varargs args, String fname) {
        return Args.checkUserdata(args, 1, fname, Exchange.class, "response");
    }

    /** A Lua string as a buffer over its own bytes (Lua strings never change: no copy needed). */
    private static ByteBuf chunk(Varargs args, int index, String fname) {
        LuaValue v = args.arg(index);
        if (!v.isstring()) {
            throw Args.typeError(index, fname, "string", index > args.narg() ? LuaValue.NONE : v);
        }
        LuaString s = v.checkstring();
        return Unpooled.wrappedBuffer(s.m_bytes, s.m_offset, s.m_length);
    }

    /** A response status from Lua: an integer from 100 to 599. */
    static int status(LuaValue v, int index, String fname) {
        if (!v.isnumber()) {
            throw Args.typeError(index, fname, "number", v);
        }
        double d = v.todouble();
        if (d != Math.rint(d) || d < 100 || d > 599) {
            throw Args.badArgument(index, fname, "status must be an integer from 100 to 599");
        }
        return (int) d;
    }

    /**
     * Response headers from a Lua table: name → string (or number), or name → list of
     * strings for a repeated header; {@code nil} gives none.
     */
    static HttpHeaders headers(LuaValue v, int index, String fname) {
        if (v.isnil()) {
            return null;
        }
        if (!v.istable()) {
            throw Args.typeError(index, fname, "table", v);
        }
        HttpHeaders h = new DefaultHttpHeaders();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = v.next(k);
            if ((k = n.arg1()).isnil()) {
                return h;
            }
            if (!k.isstring()) {
                throw Args.badArgument(index, fname, "header names must be strings");
            }
            LuaValue value = n.arg(2);
            try {
                if (value.istable()) {
                    for (int i = 1; i <= value.length(); i++) {
                        h.add(k.tojstring(), headerValue(value.get(i), index, fname));
                    }
                } else {
                    h.add(k.tojstring(), headerValue(value, index, fname));
                }
            } catch (IllegalArgumentException e) {
                throw Args.badArgument(index, fname, "invalid header '" + k.tojstring() + "'");
            }
        }
    }

    private static String headerValue(LuaValue v, int index, String fname) {
        if (!v.isstring() && !v.isboolean()) {
            throw Args.badArgument(index, fname, "header values must be strings, got " + v.typename());
        }
        return v.tojstring();
    }
}
