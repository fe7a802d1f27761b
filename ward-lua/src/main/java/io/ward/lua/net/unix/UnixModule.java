package io.ward.lua.net.unix;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoEventLoop;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.ward.core.FutureAwaitables;
import io.ward.lua.Args;
import io.ward.lua.LuaErrors;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code ward.ipc.unix}: {@code connect(path)} and {@code listen(path, opts?)} on Unix
 * domain sockets (spec ward-net.md 4), as Netty NIO domain-socket channels
 * ({@code NioDomainSocketChannel}, JDK 16+) on the runtime's own loop. File-system steps
 * (stale sockets, mode, owner) run on the blocking pool.
 *
 * <p>Confined to the runtime's context.
 */
public final class UnixModule {
    private final WardRuntime rt;
    private final LuaTable streamMeta;
    private final LuaTable listenerMeta = UnixListener.metatable();

    private UnixModule(WardRuntime rt) {
        this.rt = rt;
        this.streamMeta = UnixStream.metatable(rt);
    }

    public static LuaTable create(WardRuntime rt) {
        if (!(rt.loop() instanceof IoEventLoop)) {
            throw new LuaError("ward.ipc.unix needs the runtime on an I/O event loop (NioIoHandler), not "
                    + rt.loop().getClass().getSimpleName());
        }
        UnixModule m = new UnixModule(rt);
        LuaTable t = new LuaTable();
        t.set("connect", LuaFunctions.named("connect", m::connect));
        t.set("listen", LuaFunctions.named("listen", m::listen));
        return t;
    }

    private static String path(Varargs a, String fname) {
        LuaValue v = a.arg1();
        if (!v.isstring()) {
            throw Args.typeError(1, fname, "string", a.narg() == 0 ? LuaValue.NONE : v);
        }
        return v.tojstring();
    }

    private Varargs connect(Varargs a) {
        String path = path(a, "connect");
        LuaValue o = a.arg(2);
        if (o.istable()) {
            throw new LuaError("connect options are not supported yet");
        }
        if (!o.isnil()) {
            throw new LuaError("error converting Lua " + o.typename() + " to table");
        }
        StreamHandler handler = new StreamHandler();
        ChannelFuture f = new Bootstrap().group(rt.loop()).channel(NioDomainSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .handler(handler).connect(UnixDomainSocketAddress.of(path));
        try {
            rt.await(FutureAwaitables.of(rt.scheduler(), f));
        } catch (RuntimeException | Error e) {
            if (LuaErrors.isUnwinding(e) || e instanceof LuaError) {
                f.channel().close();
                throw e;
            }
            throw new LuaError("connect failed: " + Errors.os(e));
        } catch (Throwable e) {
            throw new LuaError("connect failed: " + Errors.os(e));
        }
        UnixStream s = new UnixStream(rt, f.channel(), handler);
        return new LuaUserdata(s, streamMeta);
    }

    private Varargs listen(Varargs a) {
        String pathText = path(a, "listen");
        LuaValue o = a.arg(2);
        if (!o.isnil() && !o.istable()) {
            throw new LuaError("error converting Lua " + o.typename() + " to table");
        }
        ListenOptions opts = new ListenOptions(o.istable() ? (LuaTable) o : null);
        Path path = Path.of(pathText);
        SocketFiles.blocking(rt, () -> {
            if (opts.mkdir && path.toAbsolutePath().getParent() != null) {
                try {
                    Files.createDirectories(path.toAbsolutePath().getParent());
                } catch (java.io.IOException e) {
                    throw new LuaError("create dir failed: " + Errors.os(e));
                }
            }
            SocketFiles.clearStale(path, opts.unlink);
            return null;
        });
        // Accepting: a blocking accept on the listener's own thread (it may wait forever), each
        // accepted socket then a Netty channel on the runtime's loop. (Netty's
        // NioServerDomainSocketChannel on the runtime's loop did not see its accepts promptly.)
        ServerSocketChannel server = SocketFiles.blocking(rt, () -> {
            ServerSocketChannel ssc = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ssc.bind(UnixDomainSocketAddress.of(path), opts.backlog);
            } catch (java.io.IOException e) {
                ssc.close();
                throw new LuaError("bind failed: " + Errors.os(e));
            } catch (IllegalArgumentException e) {
                ssc.close();
                throw new LuaError("invalid socket path: " + e.getMessage());
            }
            return ssc;
        });
        Object key = SocketFiles.blocking(rt, () -> {
            if (opts.mode >= 0) {
                try {
                    Files.setPosixFilePermissions(path, permissions(opts.mode));
                } catch (java.io.IOException | UnsupportedOperationException e) {
                    throw new LuaError("chmod failed: " + Errors.os(e));
                }
            }
            try {
                if (opts.owner >= 0) {
                    Files.setAttribute(path, "unix:uid", (int) opts.owner, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                }
                if (opts.group >= 0) {
                    Files.setAttribute(path, "unix:gid", (int) opts.group, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                }
            } catch (java.io.IOException | UnsupportedOperationException | IllegalArgumentException e) {
                throw new LuaError("chown failed: " + Errors.os(e));
            }
            return SocketFiles.fileKey(path);
        });
        UnixListener l = new UnixListener(rt, server, path, key, opts.unlinkOnClose, streamMeta);
        l.startAccepting();
        rt.onClose(() -> rt.loop().execute(() -> l.close(false)));
        return new LuaUserdata(l, listenerMeta);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }
}
