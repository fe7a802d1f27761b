package io.ward.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.Future;
import io.ward.lua.CallTimeoutException;
import io.ward.lua.LuaErrors;
import io.ward.lua.LuaValues;
import io.ward.lua.WardRuntime;
import io.ward.lua.WardRuntimeGroup;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Calls the Lua function {@code handle(req)} of the connection's own runtime for each
 * request and writes what it returns: {@code status, headers, body}. A Lua error answers 500
 * with a short message, a call past the runtime's call timeout answers 504.
 *
 * <p>Runs on the channel's event loop (Netty's handler threading). Requests on one
 * connection are answered in order because the next is read only after the response
 * (no pipelining: the client waits, as HTTP/1.1 clients do by default).
 */
final class LuaRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final WardRuntimeGroup runtimes;

    LuaRequestHandler(WardRuntimeGroup runtimes) {
        this.runtimes = runtimes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        WardRuntime rt = runtimes.runtimeFor(ctx.channel().eventLoop());
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        Map<String, Object> request = toLuaRequest(req);
        Future<Varargs> result = rt.call("handle", request);
        result.addListener(f -> {
            FullHttpResponse response;
            if (f.isSuccess()) {
                response = toResponse((Varargs) f.getNow());
            } else if (f.cause() instanceof CallTimeoutException) {
                response = text(HttpResponseStatus.GATEWAY_TIMEOUT, "handler timed out\n");
            } else {
                response = text(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                        "handler error: " + LuaErrors.value(f.cause()).tojstring() + "\n");
            }
            write(ctx, response, keepAlive);
        });
    }

    private static Map<String, Object> toLuaRequest(FullHttpRequest req) {
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        Map<String, Object> headers = new LinkedHashMap<>();
        req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
        Map<String, Object> query = new LinkedHashMap<>();
        uri.parameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", req.method().name());
        request.put("path", uri.path());
        request.put("query", query);
        request.put("headers", headers);
        byte[] body = new byte[req.content().readableBytes()];
        req.content().getBytes(req.content().readerIndex(), body);
        request.put("body", body);
        return request;
    }

    private static FullHttpResponse toResponse(Varargs r) {
        LuaValue status = r.arg1();
        if (!status.isnumber()) {
            return text(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "handler error: handle must return a status number, got " + status.typename() + "\n");
        }
        byte[] body = r.arg(3).isnil() ? new byte[0] : LuaValues.toBytes(r.arg(3).tostring());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status.toint()), Unpooled.wrappedBuffer(body));
        if (r.arg(2).istable()) {
            LuaTable headers = (LuaTable) r.arg(2);
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = headers.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                response.headers().set(k.tojstring(), n.arg(2).tojstring());
            }
        }
        return response;
    }

    private static FullHttpResponse text(HttpResponseStatus status, String message) {
        ByteBuf body = Unpooled.copiedBuffer(message, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return response;
    }

    private static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
