package io.ward.lua.net.unix;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import io.ward.core.Awaitable;
import io.ward.core.FutureAwaitables;
import io.ward.lua.Args;
import io.ward.lua.LuaAwaitable;
import io.ward.lua.LuaErrors;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import io.ward.lua.net.stream.InboundBuffer;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A {@code UnixStream}: a connected Unix domain socket (a Netty channel on the runtime's
 * loop). Reads come from an {@link InboundBuffer}, so a read that loses a {@code select} or
 * is cancelled takes nothing; writes suspend until the bytes are handed to the socket.
 * {@code close()} wakes pending reads with {@code nil, "closed"} ([Ward/JVM]).
 *
 * <p>Confined to the runtime's context.
 */
final class UnixStream implements LuaAwaitable {
    static final int DEFAULT_READ = 16384;
    /** The largest {@code n} a read accepts: an exact read holds this much in memory. */
    static final int MAX_READ = 64 << 20;

    private final WardRuntime rt;
    private final Channel channel;
    private final InboundBuffer in;
    private boolean closed;

    UnixStream(WardRuntime rt, Channel channel, StreamHandler handler) {
        this.rt = rt;
        this.channel = channel;
        this.in = new InboundBuffer(channel, 64 * 1024);
        handler.buffer(in);
        if (!channel.isActive()) {
            in.end();
        }
    }

    @Override
    public Awaitable<?> awaitable() {
        return in.next(1, DEFAULT_READ);
    }

    @Override
    public Varargs finish(Object value) {
        if (value == InboundBuffer.EOF) {
            return fail("eof");
        }
        if (value == InboundBuffer.CLOSED) {
            return fail("closed");
        }
        if (value instanceof InboundBuffer.Failed) {
            return fail(Errors.os(((InboundBuffer.Failed) value).cause));
        }
        return LuaString.valueUsing((byte[]) value);
    }

    private static Varargs fail(String word) {
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(word));
    }

    private Varargs read(Varargs a, String fname, boolean exact) {
        int n;
        LuaValue v = a.arg(2);
        if (v.isnil() && !exact) {
            n = DEFAULT_READ;
        } else {
            if (!v.isnumber()) {
                throw new LuaError("error converting Lua " + (v.isnil() ? "nil" : v.typename()) + " to integer");
            }
            double d = v.todouble();
            if (!(d > 0) || d < 1) {
                throw new LuaError(fname + "(n): n must be > 0");
            }
            if (d > MAX_READ) {
                throw new LuaError(fname + "(n): n too large");
            }
            n = (int) d;
        }
        if (closed) {
            return fail("closed");
        }
        return finish(io.ward.lua.Awaits.awaitCore(rt, in.next(exact ? n : 1, n)));
    }

    private Varargs write(Varargs a, String fname, boolean all) {
        LuaValue v = a.arg(2);
        if (v.type() != LuaValue.TSTRING) {
            throw new LuaError(fname + "(bytes): expected bytes string");
        }
        if (closed) {
            return fail("closed");
        }
        LuaString s = v.checkstring();
        ChannelFuture f = channel.writeAndFlush(Unpooled.wrappedBuffer(s.m_bytes, s.m_offset, s.m_length));
        try {
            rt.await(FutureAwaitables.of(rt.scheduler(), f));
        } catch (RuntimeException | Error e) {
            if (LuaErrors.isUnwinding(e) || e instanceof LuaError) {
                throw e;
            }
            return fail(closed ? "closed" : Errors.os(e));
        } catch (Throwable e) {
            return fail(closed ? "closed" : Errors.os(e));
        }
        return all ? LuaValue.TRUE : LuaValue.valueOf(s.m_length);
    }

    private Varargs shutdown() {
        if (closed || !channel.isActive()) {
            return LuaValue.NONE;
        }
        ChannelFuture f = ((DuplexChannel) channel).shutdownOutput();
        try {
            rt.await(FutureAwaitables.of(rt.scheduler(), f));
        } catch (RuntimeException | Error e) {
            if (LuaErrors.isUnwinding(e) || e instanceof LuaError) {
                throw e;
            }
            return fail(Errors.os(e));
        } catch (Throwable e) {
            return fail(Errors.os(e));
        }
        return LuaValue.NONE;
    }

    void close() {
        if (!closed) {
            closed = true;
            in.close();
            channel.close();
        }
    }

    static LuaTable metatable(WardRuntime rt) {
        LuaTable m = new LuaTable();
        m.set("read", LuaFunctions.named("read", a -> self(a, "read").read(a, "read", false)));
        m.set("wait", LuaFunctions.named("wait", a -> self(a, "wait").read(a, "wait", false)));
        m.set("read_exact", LuaFunctions.named("read_exact", a -> self(a, "read_exact").read(a, "read_exact", true)));
        m.set("write", LuaFunctions.named("write", a -> self(a, "write").write(a, "write", false)));
        m.set("write_all", LuaFunctions.named("write_all", a -> self(a, "write_all").write(a, "write_all", true)));
        m.set("shutdown", LuaFunctions.named("shutdown", a -> self(a, "shutdown").shutdown()));
        m.set("close", LuaFunctions.named("close", a -> {
            self(a, "close").close();
            return LuaValue.TRUE;
        }));
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, LuaFunctions.named("__index", a -> {
            UnixStream s = (UnixStream) a.arg1().touserdata();
            if (a.arg(2).isstring() && a.arg(2).tojstring().equals("closed")) {
                return LuaValue.valueOf(s.closed);
            }
            return m.get(a.arg(2));
        }));
        meta.set(LuaValue.CALL, LuaFunctions.named("__call", a -> self(a, "__call").read(a, "__call", false)));
        meta.set(LuaValue.TOSTRING, LuaFunctions.named("__tostring", a -> LuaValue.valueOf("UnixStream()")));
        meta.set("__name", "UnixStream");
        return meta;
    }

    private static UnixStream self(Varargs a, String fname) {
        return Args.checkUserdata(a, 1, fname, UnixStream.class, "UnixStream");
    }
}
