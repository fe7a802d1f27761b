package io.ward.lua.net.unix;

import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.ward.core.Awaitable;
import io.ward.core.Outcome;
import io.ward.core.Waiter;
import io.ward.lua.Args;
import io.ward.lua.Awaits;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A {@code UnixListener}: a bound Unix server socket on the runtime's loop. Accepted
 * connections queue here until a task takes them with {@code accept()}; a waiter that leaves
 * takes none. {@code close()} wakes pending accepts with {@code nil, "closed"} ([Ward/JVM])
 * and removes the socket file once, only if it is still the one this listener bound.
 *
 * <p>Confined to the runtime's context, except the accepting thread, which only hands each
 * client over with {@code runInContext}.
 */
final class UnixListener {
    private static final Object CLOSED = new Object();

    private final WardRuntime rt;
    /** The bound JDK server socket, accepted from on {@link #acceptThread} (blocking). */
    private final ServerSocketChannel server;
    private final Path path;
    private final Object fileKey;
    private final boolean unlinkOnClose;
    private final LuaTable streamMeta;
    private final ArrayDeque<Channel> backlog = new ArrayDeque<>();
    private final ArrayDeque<Waiter<Object>> waiters = new ArrayDeque<>();
    private boolean closed;

    UnixListener(WardRuntime rt, ServerSocketChannel server, Path path, Object fileKey, boolean unlinkOnClose, LuaTable streamMeta) {
        this.rt = rt;
        this.server = server;
        this.path = path;
        this.fileKey = fileKey;
        this.unlinkOnClose = unlinkOnClose;
        this.streamMeta = streamMeta;
    }

    /** Starts the thread that accepts (blocking) and hands each client to the loop as a Netty channel. */
    void startAccepting() {
        Thread t = new Thread(() -> {
            while (true) {
                SocketChannel c;
                try {
                    c = server.accept();
                } catch (IOException e) {
                    return; // closed (close() or the runtime's close)
                }
                try {
                    c.configureBlocking(false);
                    StreamHandler h = new StreamHandler();
                    NioDomainSocketChannel ch = new NioDomainSocketChannel(c);
                    ch.config().setAutoRead(false);
                    ch.attr(StreamHandler.KEY).set(h);
                    ch.pipeline().addLast(h);
                    rt.loop().register(ch).addListener(f -> {
                        if (f.isSuccess()) {
                            rt.scheduler().runInContext(() -> accepted(ch));
                        } else {
                            ch.close();
                        }
                    });
                } catch (IOException | RuntimeException e) {
                    try {
                        c.close();
                    } catch (IOException ignored) {
                        // nothing more to release
                    }
                }
            }
        }, "ward-unix-accept");
        t.setDaemon(true);
        t.start();
    }

    /** In the runtime's context: a client connected. */
    void accepted(Channel child) {
        if (closed) {
            child.close();
            return;
        }
        backlog.add(child);
        deliver();
    }

    private void deliver() {
        Iterator<Waiter<Object>> it = waiters.iterator();
        while (it.hasNext() && (closed || !backlog.isEmpty())) {
            Waiter<Object> w = it.next();
            it.remove();
            if (closed) {
                w.tryComplete(Outcome.success(CLOSED));
            } else if (w.tryComplete(Outcome.success(backlog.peek()))) {
                backlog.poll();
            }
        }
    }

    private final Awaitable<Object> next = new Awaitable<>() {
        @Override
        public Outcome<Object> poll() {
            if (closed) {
                return Outcome.success(CLOSED);
            }
            Channel c = backlog.poll();
            return c != null ? Outcome.success(c) : null;
        }

        @Override
        public void register(Waiter<Object> waiter) {
            waiters.add(waiter);
            deliver(); // a client may have arrived since poll()
        }

        @Override
        public void withdraw(Waiter<Object> waiter) {
            waiters.remove(waiter);
        }
    };

    private Varargs accept() {
        Object v = Awaits.awaitCore(rt, next);
        if (v == CLOSED) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("closed"));
        }
        Channel c = (Channel) v;
        return new LuaUserdata(new UnixStream(rt, c, c.attr(StreamHandler.KEY).get()), streamMeta);
    }

    /** Closes the listener; {@code false} if it was already closed. From Lua the socket file is removed before it returns. */
    boolean close(boolean inTask) {
        if (closed) {
            return false;
        }
        closed = true;
        Channel c;
        while ((c = backlog.poll()) != null) {
            c.close();
        }
        deliver();
        try {
            server.close(); // wakes the accepting thread
        } catch (IOException ignored) {
            // closing twice or a socket already gone: nothing to do
        }
        if (unlinkOnClose) {
            if (inTask) {
                SocketFiles.blocking(rt, () -> {
                    if (fileKey != null && fileKey.equals(SocketFiles.fileKey(path))) {
                        try {
                            java.nio.file.Files.deleteIfExists(path);
                        } catch (java.io.IOException e) {
                            throw new org.luaj.vm2.LuaError("unlink failed: " + Errors.os(e));
                        }
                    }
                    return null;
                });
            } else {
                SocketFiles.unlinkIfSame(rt, path, fileKey);
            }
        }
        return true;
    }

    static LuaTable metatable() {
        LuaTable m = new LuaTable();
        m.set("accept", LuaFunctions.named("accept", a -> self(a, "accept").accept()));
        m.set("close", LuaFunctions.named("close", a -> LuaValue.valueOf(self(a, "close").close(true))));
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, m);
        meta.set(LuaValue.TOSTRING, LuaFunctions.named("__tostring", a -> LuaValue.valueOf("UnixListener()")));
        meta.set("__name", "UnixListener");
        return meta;
    }

    private static UnixListener self(Varargs a, String fname) {
        return Args.checkUserdata(a, 1, fname, UnixListener.class, "UnixListener");
    }
}
