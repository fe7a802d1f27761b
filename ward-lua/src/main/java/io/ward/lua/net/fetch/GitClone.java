package io.ward.lua.net.fetch;

import io.ward.core.FutureAwaitables;
import io.ward.lua.Awaits;
import io.ward.lua.WardRuntime;
import io.ward.lua.net.http.HttpOptions;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code fetch.git(url, opts?)}: {@code git clone} (then {@code git checkout rev}) as an
 * external process started and waited for on the blocking pool, so the loop never blocks;
 * the child is killed on timeout or when the calling task is cancelled. On failure the
 * target is removed only if this call created it ([Ward/JVM]; upstream removes it always).
 *
 * <p>Confined to the runtime's context (one call, one task), except the process work.
 */
final class GitClone {
    private static final long MAX_DEPTH = 0xFFFF_FFFFL;

    private final WardRuntime rt;
    private final String url;
    private final Path target;
    private final long depth;
    private final boolean filterBlobs;
    private final String branch;
    private final boolean recursive;
    private final String rev;
    private final long timeoutNanos;
    private final long maxBytes;
    private volatile Process running;

    GitClone(WardRuntime rt, Varargs a) {
        this.rt = rt;
        LuaValue u = a.arg1();
        if (!u.isstring()) {
            throw io.ward.lua.Args.typeError(1, "git", "string", a.narg() == 0 ? LuaValue.NONE : u);
        }
        this.url = u.tojstring();
        LuaTable o = HttpOptions.opts(a);
        LuaValue into = o != null ? o.get("into") : LuaValue.NIL;
        if (!into.isnil() && !into.isstring()) {
            throw new LuaError("bad option 'into' to 'git' (string expected, got " + into.typename() + ")");
        }
        this.target = into.isnil() ? FetchModule.tempPath("git") : Path.of(into.tojstring());
        this.depth = depth(o != null ? o.get("depth") : LuaValue.NIL);
        this.filterBlobs = o == null || o.get("filter_blobs").isnil() || o.get("filter_blobs").toboolean();
        String b = optString(o, "branch");
        String tag = optString(o, "tag");
        this.recursive = o != null && o.get("recursive").toboolean();
        this.rev = optString(o, "rev");
        this.timeoutNanos = HttpOptions.timeout(o != null ? o.get("timeout") : LuaValue.NIL);
        this.maxBytes = HttpOptions.maxBytes(o != null ? o.get("max_bytes") : LuaValue.NIL);
        if (url.startsWith("-")) {
            throw new LuaError("git url must not start with '-'");
        }
        if (b != null && b.startsWith("-")) {
            throw new LuaError("git branch must not start with '-'");
        }
        if (tag != null && tag.startsWith("-")) {
            throw new LuaError("git tag must not start with '-'");
        }
        if (rev != null && rev.startsWith("-")) {
            throw new LuaError("git rev must not start with '-'");
        }
        this.branch = b != null ? b : tag;
    }

    private static String optString(LuaTable o, String key) {
        if (o == null) {
            return null;
        }
        LuaValue v = o.get(key);
        if (v.isnil()) {
            return null;
        }
        if (!v.isstring()) {
            throw new LuaError("bad option '" + key + "' to 'git' (string expected, got " + v.typename() + ")");
        }
        return v.tojstring();
    }

    /** 1 by default; 0 for a full clone. */
    private static long depth(LuaValue v) {
        if (v.isnil() || v == LuaValue.TRUE) {
            return 1;
        }
        if (v == LuaValue.FALSE) {
            return 0;
        }
        if (v.isnumber()) {
            double d = v.todouble();
            if (Double.isNaN(d) || d <= 0) {
                return 0;
            }
            if (Double.isInfinite(d) || d > MAX_DEPTH) {
                throw new LuaError("depth overflow");
            }
            return (long) d;
        }
        throw new LuaError("depth expects a positive number (shallow) or false/0 (full clone)");
    }

    FetchResult run() {
        Awaits.checkInTask(rt);
        boolean existed = blocking(() -> {
            boolean e = Files.exists(target);
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return e;
        });
        List<String> clone = new ArrayList<>(List.of("git", "clone"));
        if (filterBlobs) {
            clone.add("--filter=blob:none");
        }
        if (depth > 0) {
            clone.add("--depth");
            clone.add(Long.toString(depth));
        }
        if (branch != null) {
            clone.add("--branch");
            clone.add(branch);
        }
        if (recursive) {
            clone.add("--recurse-submodules");
        }
        clone.add("--");
        clone.add(url);
        clone.add(target.toString());
        int code = exec(clone);
        if (code == 0 && rev != null) {
            code = exec(List.of("git", "-C", target.toString(), "checkout", rev));
        }
        if (code != 0) {
            removeIfCreated(existed);
            return new FetchResult(false, code, null, 0);
        }
        long size = blocking(() -> sizeOf(target));
        if (maxBytes > 0 && size > maxBytes) {
            removeIfCreated(existed);
            return new FetchResult(false, 413, null, size);
        }
        return new FetchResult(true, 0, target.toString(), size);
    }

    private void removeIfCreated(boolean existed) {
        blocking(() -> {
            if (!existed) {
                deleteTree(target);
            }
            return null;
        });
    }

    /** Runs one git command; its exit code ({@code 0} when killed by the timeout, as upstream). */
    private int exec(List<String> cmd) {
        Map<String, String> env = rt.environment().snapshot(); // git sees ward.env's changes, as children do
        CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> {
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD);
                pb.environment().clear();
                pb.environment().putAll(env);
                Process p = pb.start();
                running = p;
                if (timeoutNanos >= 0) {
                    if (!p.waitFor(timeoutNanos, TimeUnit.NANOSECONDS)) {
                        p.destroyForcibly().waitFor();
                        return 0;
                    }
                    return p.exitValue();
                }
                return p.waitFor();
            } catch (IOException e) {
                throw new LuaError(launchError(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LuaError("git interrupted");
            }
        }, rt.blockingPool());
        boolean done = false;
        try {
            Integer code = (Integer) Awaits.awaitCore(rt, FutureAwaitables.of(rt.scheduler(), f));
            done = true;
            return code;
        } finally {
            Process p = running;
            if (!done && p != null) {
                p.destroyForcibly(); // the task left (cancelled): the child goes too
            }
        }
    }

    private static String launchError(IOException e) {
        String m = String.valueOf(e.getMessage());
        int i = m.indexOf("error=");
        if (i >= 0) {
            int comma = m.indexOf(", ", i);
            return comma >= 0 ? m.substring(comma + 2) : m.substring(i);
        }
        return m;
    }

    private static long sizeOf(Path root) throws IOException {
        long[] total = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private interface Work<T> {
        T call() throws IOException;
    }

    private <T> T blocking(Work<T> work) {
        CompletableFuture<T> f = CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (IOException e) {
                throw new LuaError(FileErrors.describe(e));
            }
        }, rt.blockingPool());
        @SuppressWarnings("unchecked")
        T t = (T) Awaits.awaitCore(rt, FutureAwaitables.of(rt.scheduler(), f));
        return t;
    }
}
