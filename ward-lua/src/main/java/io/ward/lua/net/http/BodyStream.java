package io.ward.lua.net.http;

import io.ward.core.Awaitable;
import io.ward.lua.Args;
import io.ward.lua.Awaits;
import io.ward.lua.LuaAwaitable;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import io.ward.lua.net.stream.InboundBuffer;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A streamed response body ({@code resp.stream}): {@code read(n?)}, {@code wait(n?)} and
 * {@code __call} give the next chunk (at least one byte, at most {@code n}, default 65536),
 * then {@code nil, "eof"}; {@code nil, "closed"} after {@code close()}; {@code nil, <error>}
 * when the body fails (reset, timeout, {@code max_bytes}). An awaitable, so {@code select}
 * and {@code time.timeout} take it: a wait that loses consumes nothing.
 *
 * <p>Confined to the runtime's context.
 */
final class BodyStream implements LuaAwaitable {
    static final int DEFAULT_READ = 65536;

    private final WardRuntime rt;
    private final HttpResult result;

    BodyStream(WardRuntime rt, HttpResult result) {
        this.rt = rt;
        this.result = result;
    }

    @Override
    public Awaitable<?> awaitable() {
        return result.stream.next(1, DEFAULT_READ);
    }

    @Override
    public Varargs finish(Object value) {
        if (value == InboundBuffer.EOF) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("eof"));
        }
        if (value == InboundBuffer.CLOSED) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("closed"));
        }
        if (value instanceof InboundBuffer.Failed) {
            Throwable t = ((InboundBuffer.Failed) value).cause;
            String msg = t instanceof Exchange.BodyTooLargeException ? t.getMessage()
                    : "error decoding response body for url (" + result.url + "): " + HttpCall.describe(t);
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(msg));
        }
        return LuaValue.valueOf((byte[]) value);
    }

    private Varargs read(LuaValue n, String fname) {
        int max = DEFAULT_READ;
        if (!n.isnil()) {
            if (!n.isnumber()) {
                throw Args.typeError(2, fname, "number", n);
            }
            double d = n.todouble();
            if (!(d >= 1) || d != Math.floor(d)) {
                throw Args.badArgument(2, fname, "n must be a positive integer");
            }
            max = d >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) d;
        }
        return finish(Awaits.awaitCore(rt, result.stream.next(1, max)));
    }

    static LuaTable metatable(WardRuntime rt) {
        LuaTable m = new LuaTable();
        m.set("read", LuaFunctions.named("read", a -> stream(a, "read").read(a.arg(2), "read")));
        m.set("wait", LuaFunctions.named("wait", a -> stream(a, "wait").read(a.arg(2), "wait")));
        m.set("close", LuaFunctions.named("close", a -> {
            stream(a, "close").result.close();
            return LuaValue.TRUE;
        }));
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, m);
        meta.set(LuaValue.CALL, LuaFunctions.named("__call", a -> stream(a, "__call").read(a.arg(2), "__call")));
        meta.set(LuaValue.TOSTRING, LuaFunctions.named("__tostring", a -> LuaValue.valueOf("HttpBodyStream()")));
        meta.set("__name", "HttpBodyStream");
        return meta;
    }

    private static BodyStream stream(Varargs a, String fname) {
        return Args.checkUserdata(a, 1, fname, BodyStream.class, "HttpBodyStream");
    }
}
