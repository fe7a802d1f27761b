package io.ward.lua.net.fetch;

import io.ward.core.FutureAwaitables;
import io.ward.lua.Args;
import io.ward.lua.Awaits;
import io.ward.lua.LuaErrors;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import io.ward.lua.net.http.HttpCall;
import io.ward.lua.net.http.HttpClient;
import io.ward.lua.net.http.HttpOptions;
import io.ward.lua.net.http.HttpResult;
import io.ward.lua.net.http.RequestSpec;
import io.ward.lua.net.stream.InboundBuffer;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ward.net.fetch}: {@code url} streams a response body into a file (reading the next
 * chunk only after the previous one is written, so memory stays bounded), {@code git} clones
 * with the external {@code git} program ({@link GitClone}). Both suspend only the calling task;
 * file and process work runs on the blocking pool.
 *
 * <p>Confined to the runtime's context.
 */
public final class FetchModule {
    private static final AtomicLong COUNTER = new AtomicLong();
    /** Largest chunk taken from the body per file write. */
    private static final int WRITE_CHUNK = 1 << 20;

    private final WardRuntime rt;
    private final LuaTable resultMeta = FetchResult.metatable();

    private FetchModule(WardRuntime rt) {
        this.rt = rt;
    }

    public static LuaTable create(WardRuntime rt) {
        FetchModule m = new FetchModule(rt);
        LuaTable t = new LuaTable();
        t.set("url", LuaFunctions.named("url", a -> m.url(a).toLua(m.resultMeta)));
        t.set("git", LuaFunctions.named("git", a -> new GitClone(rt, a).run().toLua(m.resultMeta)));
        return t;
    }

    /** A unique path in the system temp directory: {@code <tmp>/ward-fetch-<kind>-<millis>-<pid>-<n>}. */
    static Path tempPath(String kind) {
        return Path.of(System.getProperty("java.io.tmpdir"), "ward-fetch-" + kind + "-" + System.currentTimeMillis()
                + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
    }

    private FetchResult url(org.luaj.vm2.Varargs a) {
        java.net.URI uri = HttpOptions.url(a, "url");
        LuaTable o = HttpOptions.opts(a);
        RequestSpec spec = new RequestSpec(HttpOptions.method(o != null ? o.get("method") : LuaValue.NIL), uri);
        HttpOptions.common(spec, o, "url");
        long maxBytes = spec.maxBytes0();
        spec.maxBytes(0).stream(true);
        boolean insecure = o != null && o.get("insecure").toboolean();
        spec.insecure(insecure);
        LuaValue into = o != null ? o.get("into") : LuaValue.NIL;
        if (!into.isnil() && !into.isstring()) {
            throw new LuaError("bad option 'into' to 'url' (string expected, got " + Args.typeName(into) + ")");
        }
        Path dest = into.isnil() ? tempPath("url") : Path.of(into.tojstring());
        HttpResult r = new HttpCall(HttpClient.of(rt), spec, true).run();
        FileChannel file = null;
        boolean done = false;
        try {
            file = blocking(() -> {
                Path parent = dest.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                return FileChannel.open(dest, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            });
            long size = 0;
            while (true) {
                Object v = Awaits.awaitCore(rt, r.stream.next(1, WRITE_CHUNK));
                if (v == InboundBuffer.EOF || v == InboundBuffer.CLOSED) {
                    break;
                }
                if (v instanceof InboundBuffer.Failed) {
                    throw new LuaError("error decoding response body for url (" + r.url + "): "
                            + HttpCall.describe(((InboundBuffer.Failed) v).cause));
                }
                byte[] chunk = (byte[]) v;
                if (maxBytes > 0 && size + chunk.length > maxBytes) {
                    r.close();
                    FileChannel f = file;
                    file = null;
                    blocking(() -> {
                        f.close();
                        Files.deleteIfExists(dest);
                        return null;
                    });
                    done = true;
                    return new FetchResult(false, 413, null, size);
                }
                FileChannel f = file;
                blocking(() -> {
                    ByteBuffer bb = ByteBuffer.wrap(chunk);
                    while (bb.hasRemaining()) {
                        f.write(bb);
                    }
                    return null;
                });
                size += chunk.length;
            }
            FileChannel f = file;
            file = null;
            blocking(() -> {
                f.close();
                return null;
            });
            done = true;
            return new FetchResult(r.status >= 200 && r.status <= 299, r.status, dest.toString(), size);
        } finally {
            if (!done) {
                r.close();
            }
            if (file != null) {
                FileChannel f = file;
                rt.blockingPool().execute(() -> {
                    try {
                        f.close();
                    } catch (IOException ignored) {
                        // the partial file stays, as documented
                    }
                });
            }
        }
    }

    /** Runs {@code work} on the blocking pool; the calling task waits; an I/O failure raises its OS message. */
    private <T> T blocking(Callable<T> work) {
        CompletableFuture<T> f = CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (IOException e) {
                throw new LuaError(FileErrors.describe(e));
            } catch (Exception e) {
                throw new LuaError(LuaErrors.describe(e));
            }
        }, rt.blockingPool());
        @SuppressWarnings("unchecked")
        T t = (T) Awaits.awaitCore(rt, FutureAwaitables.of(rt.scheduler(), f));
        return t;
    }
}
