package io.ward.lua.net.unix;

import io.ward.core.FutureAwaitables;
import io.ward.lua.Awaits;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * The file-system side of Unix sockets, run on the blocking pool: parent directories,
 * stale-socket probing and removal, the socket file's identity, and removing it at close.
 *
 * <p>Stateless; {@link #blocking} suspends the calling task (runtime context).
 */
final class SocketFiles {
    private SocketFiles() {
    }

    /** What a step found: {@code null} on success, else the Lua error text. */
    static <T> T blocking(WardRuntime rt, Callable<T> work) {
        CompletableFuture<T> f = CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (LuaError e) {
                throw e;
            } catch (Exception e) {
                throw new LuaError(Errors.os(e));
            }
        }, rt.blockingPool());
        @SuppressWarnings("unchecked")
        T t = (T) Awaits.awaitCore(rt, FutureAwaitables.of(rt.scheduler(), f));
        return t;
    }

    /** Step 2 of listen: something at {@code path}: a live server raises, a stale file is removed. */
    static void clearStale(Path path, boolean unlink) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!unlink) {
            throw new LuaError("address in use (unlink disabled)");
        }
        boolean live;
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            live = true;
        } catch (ConnectException | NoSuchFileException e) {
            live = false; // refused (a leftover file, or nobody listens) or gone: stale
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("refused") || m.contains("No such file") || m.contains("not available")) {
                live = false;
            } else {
                throw new LuaError("cannot verify stale socket: " + Errors.os(e));
            }
        }
        if (live) {
            throw new LuaError("address in use");
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new LuaError("failed to remove stale socket: " + Errors.os(e));
        }
    }

    /** The identity of the file at {@code path} (its inode), or {@code null}. */
    static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Removes {@code path} if it is still the file {@code key} names; off the loop, without waiting. */
    static void unlinkIfSame(WardRuntime rt, Path path, Object key) {
        Runnable r = () -> {
            Object now = fileKey(path);
            if (now != null && now.equals(key)) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // someone else's now, or gone
                }
            }
        };
        try {
            rt.blockingPool().execute(r);
        } catch (RuntimeException e) {
            r.run(); // the pool is closing: a tiny file operation, done here
        }
    }
}
