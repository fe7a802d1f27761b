package io.ward.lua.module;

import io.ward.core.FutureAwaitables;
import io.ward.lua.Args;
import io.ward.lua.Awaits;
import io.ward.lua.LuaErrors;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLException;

/**
 * The {@code ward.module} table of one runtime ({@code dir}, {@code git}, {@code url}) and
 * its bindings: name to store id and root, applied to {@code package.path} (spec §5.6).
 *
 * <p>Confined to the runtime's context; the fetching runs on the blocking pool while the
 * calling task awaits it.
 *
 * <p>Choices: the bindings are this object's state, not the globals {@code __ward_externals_map}
 * / {@code __ward_externals_path_map} of upstream (no script reads them); a {@code module.url}
 * binding also puts a loader in {@code package.preload}, so {@code require(result.require)} finds
 * the downloaded {@code init.lua}, which none of the path patterns reaches; a failed fetch gives
 * {@code ok = false} with the reason in {@code error}; a failed download leaves no scratch
 * directory behind.
 */
final class ModuleManager {
    private final WardRuntime rt;
    private final ModuleStore store;
    // Threading - context only.
    private final Map<String, String> boundIds = new HashMap<>();
    private final Map<String, Path> boundRoots = new HashMap<>();
    /** Names whose package.preload entry is ours (module.url bindings). */
    private final Set<String> preloaded = new HashSet<>();

    private ModuleManager(WardRuntime rt) {
        this.rt = rt;
        this.store = ModuleStore.of(rt);
    }

    static LuaTable create(WardRuntime rt) {
        ModuleManager mm = new ModuleManager(rt);
        LuaTable m = new LuaTable();
        m.set("dir", LuaFunctions.named("dir", args -> LuaValue.valueOf(mm.store.externals().toString())));
        m.set("git", LuaFunctions.named("git", mm::git));
        m.set("url", LuaFunctions.named("url", mm::url));
        return m;
    }

    /** What the blocking part gives back: an error to raise, or why the fetch failed ({@code null}: it worked). */
    private record Step(String raise, String failed) {
    }

    private Varargs git(Varargs args) {
        String url = Args.checkString(args, 1, "git");
        if (url.isEmpty()) {
            throw Args.badArgument(1, "git", "url must not be empty");
        }
        noDash(url, 1, "git", "url");
        LuaValue opts = optTable(args, 2, "git");
        String name = name(opts, url, "git");
        String kind = null;
        String value = null;
        for (String k : new String[] {"rev", "branch", "tag"}) {
            LuaValue v = opts.get(k);
            if (!v.isnil()) {
                if (kind != null) {
                    throw Args.badArgument(2, "git", "only one of opts.rev/opts.branch/opts.tag may be set");
                }
                kind = k;
                value = string(v, "git", k);
                noDash(value, 2, "git", "opts." + k);
            }
        }
        boolean force = opts.get("force").toboolean();
        LuaValue d = opts.get("depth");
        int depth = 0; // absent: full clone
        if (!d.isnil()) {
            if (!d.isnumber() || d.todouble() < 1 || d.todouble() != Math.rint(d.todouble()) || d.todouble() > Integer.MAX_VALUE) {
                throw Args.badArgument(2, "git", "opts.depth must be a positive integer, got " + shown(d));
            }
            depth = d.toint();
        }
        LuaValue fb = opts.get("filter_blobs");
        GitCheckout checkout = new GitCheckout(url, kind, value, depth, opts.get("recursive").toboolean(),
                fb.isnil() || fb.toboolean(), timeout(opts), maxBytes(opts, "git"));
        String id = ModuleNames.id(url, checkout.selector());
        Step step = await(CompletableFuture.supplyAsync(() -> {
            if (store.has(id)) {
                return new Step(null, null); // reused without contacting the remote
            }
            Path scratch;
            try {
                scratch = store.newScratch();
            } catch (IOException e) {
                return new Step("cannot create the module store in " + store.externals() + ": " + io(e), null);
            }
            String failed = checkout.into(scratch);
            if (failed != null) {
                ModuleStore.deleteTree(scratch);
                return new Step(null, failed);
            }
            try {
                store.finish(scratch, id);
            } catch (IOException e) {
                ModuleStore.deleteTree(scratch);
                return new Step("failed to finalize git checkout: " + io(e), null);
            }
            return new Step(null, null);
        }, pool()));
        return finish(step, name, id, force, false);
    }

    private Varargs url(Varargs args) {
        String url = Args.checkString(args, 1, "url");
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw Args.badArgument(1, "url", "invalid url: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw Args.badArgument(1, "url", "http or https url expected, got '" + url + "'");
        }
        LuaValue opts = optTable(args, 2, "url");
        String name = name(opts, url, "url");
        boolean force = opts.get("force").toboolean();
        LuaValue fr = opts.get("follow_redirects");
        LuaValue r = opts.get("retries");
        int retries = r.isnil() ? 5 : (int) Math.max(1, Math.min(1000, integer(r, "url", "retries")));
        LuaValue rd = opts.get("retry_delay");
        long delay = rd.isnil() ? 2000 : Math.max(0, integer(rd, "url", "retry_delay"));
        LuaValue m = opts.get("method");
        String method = m.isnil() ? "GET" : string(m, "url", "method").toUpperCase(Locale.ROOT);
        if (!method.matches("[A-Z]+")) {
            throw Args.badArgument(2, "url", "opts.method must be an HTTP method name, got '" + method + "'");
        }
        UrlDownload download = new UrlDownload(uri, method, headers(opts.get("headers")),
                opts.get("insecure").toboolean(), fr.isnil() || fr.toboolean(), retries, delay,
                timeout(opts), maxBytes(opts, "url"));
        String id = ModuleNames.id(url, "url");
        ExecutorService pool = pool();
        CompletableFuture<Step> work = CompletableFuture.supplyAsync(() -> store.has(id), pool).thenCompose(has -> {
            if (has) {
                return CompletableFuture.completedFuture(new Step(null, null));
            }
            Path scratch;
            try {
                scratch = store.newScratch();
            } catch (IOException e) {
                return CompletableFuture.completedFuture(
                        new Step("cannot create the module store in " + store.externals() + ": " + io(e), null));
            }
            return download.start(scratch.resolve("init.lua"), pool).handleAsync((outcome, failure) -> {
                if (failure != null) {
                    ModuleStore.deleteTree(scratch);
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    return new Step("download failed: " + transport(cause), null);
                }
                if (!outcome.ok()) {
                    ModuleStore.deleteTree(scratch);
                    return new Step(null, "HTTP status " + outcome.status() + " after " + retries
                            + (retries == 1 ? " attempt" : " attempts"));
                }
                try {
                    store.finish(scratch, id);
                } catch (IOException e) {
                    ModuleStore.deleteTree(scratch);
                    return new Step("failed to finalize url download: " + io(e), null);
                }
                return new Step(null, null);
            }, pool);
        });
        return finish(await(work), name, id, force, true);
    }

    /** After the blocking part: raise, or bind on success; the result table either way. */
    private Varargs finish(Step step, String name, String id, boolean force, boolean fromUrl) {
        if (step.raise != null) {
            throw new LuaError(step.raise);
        }
        Path root = store.storePath(id);
        if (step.failed == null) {
            bind(name, id, root, force, fromUrl);
        }
        LuaTable t = new LuaTable();
        t.set("ok", LuaValue.valueOf(step.failed == null));
        t.set("name", name);
        t.set("require", name);
        t.set("path", root.toString());
        t.set("store_path", root.toString());
        t.set("id", id);
        if (step.failed != null) {
            t.set("error", LuaErrors.luaString(step.failed));
        }
        return t;
    }

    /** Binds {@code name} to {@code id} at {@code root} (spec §5.6). */
    private void bind(String name, String id, Path root, boolean force, boolean fromUrl) {
        String old = boundIds.get(name);
        if (old != null && !old.equals(id)) {
            if (!force) {
                throw new LuaError("external '" + name + "' already bound to " + old + "; set opts.force=true to rebind");
            }
            unload(name);
        }
        LuaValue pkg = rt.globals().get("package");
        if (pkg.istable()) {
            Path oldRoot = boundRoots.get(name);
            String path = pkg.get("path").isstring() ? pkg.get("path").tojstring() : "";
            pkg.set("path", RequirePath.rebind(path, oldRoot == null ? null : oldRoot.toString(), root.toString()));
            LuaValue preload = pkg.get("preload");
            if (preload.istable()) {
                if (fromUrl) {
                    preload.set(name, initLoader(name, root.resolve("init.lua")));
                    preloaded.add(name);
                } else if (preloaded.remove(name)) {
                    preload.set(name, LuaValue.NIL);
                }
            }
        }
        boundIds.put(name, id);
        boundRoots.put(name, root);
    }

    /** Clears {@code package.loaded[name]} and every {@code package.loaded["name.…"]}. */
    private void unload(String name) {
        LuaValue loaded = rt.globals().get("package").get("loaded");
        if (!loaded.istable()) {
            return;
        }
        List<LuaValue> gone = new ArrayList<>();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = loaded.next(k);
            k = n.arg1();
            if (k.isnil()) {
                break;
            }
            if (k.isstring() && (k.tojstring().equals(name) || k.tojstring().startsWith(name + "."))) {
                gone.add(k);
            }
        }
        for (LuaValue key : gone) {
            loaded.set(key, LuaValue.NIL);
        }
    }

    /** The {@code package.preload} loader of a {@code module.url} binding: runs its {@code init.lua}. */
    private LuaValue initLoader(String name, Path file) {
        return LuaFunctions.named(name, args -> {
            LuaValue chunk;
            // read on the context, like require's own search of package.path
            try (Reader in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
                chunk = rt.load(in, "@" + file);
            } catch (IOException e) {
                throw new LuaError("cannot read module '" + name + "' from " + file + ": " + io(e));
            }
            return chunk.invoke(LuaValue.varargsOf(LuaValue.valueOf(name), LuaValue.valueOf(file.toString())));
        });
    }

    private Step await(CompletableFuture<Step> work) {
        return (Step) Awaits.awaitCore(rt, FutureAwaitables.of(rt.scheduler(), work));
    }

    private ExecutorService pool() {
        return rt.blockingPool();
    }

    // --- options -------------------------------------------------------------------------

    private static LuaValue optTable(Varargs args, int index, String fname) {
        LuaValue v = args.arg(index);
        if (v.isnil()) {
            return new LuaTable();
        }
        if (!v.istable()) {
            throw Args.typeError(index, fname, "table", v);
        }
        return v;
    }

    private static String name(LuaValue opts, String url, String fname) {
        LuaValue n = opts.get("name");
        return ModuleNames.canonical(n.isnil() ? ModuleNames.defaultName(url) : string(n, fname, "name"));
    }

    private static String string(LuaValue v, String fname, String option) {
        if (!v.isstring()) {
            throw Args.badArgument(2, fname, "opts." + option + " must be a string, got " + shown(v));
        }
        return v.tojstring();
    }

    private static long integer(LuaValue v, String fname, String option) {
        double d = v.isnumber() ? v.todouble() : Double.NaN;
        if (d != Math.rint(d) || Math.abs(d) >= 0x1p62) {
            throw Args.badArgument(2, fname, "opts." + option + " must be an integer, got " + shown(v));
        }
        return (long) d;
    }

    /** {@code timeout} in seconds; a value that is not a positive finite number is ignored, as upstream. */
    private static long timeout(LuaValue opts) {
        LuaValue t = opts.get("timeout");
        double s = t.isnumber() ? t.todouble() : Double.NaN;
        return s > 0 && s < 1e9 ? (long) (s * 1e9) : 0;
    }

    private static long maxBytes(LuaValue opts, String fname) {
        LuaValue v = opts.get("max_bytes");
        if (v.isnil()) {
            return 0;
        }
        long n = integer(v, fname, "max_bytes");
        if (n < 1) {
            throw Args.badArgument(2, fname, "opts.max_bytes must be positive, got " + shown(v));
        }
        return n;
    }

    private static Map<String, String> headers(LuaValue h) {
        Map<String, String> out = new LinkedHashMap<>();
        if (h.isnil()) {
            return out;
        }
        if (!h.istable()) {
            throw Args.badArgument(2, "url", "opts.headers must be a table, got " + h.typename());
        }
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = h.next(k);
            k = n.arg1();
            if (k.isnil()) {
                break;
            }
            LuaValue v = n.arg(2);
            if (k.type() != LuaValue.TSTRING || !v.isstring()) {
                throw Args.badArgument(2, "url", "opts.headers must map strings to strings, got "
                        + k.typename() + " = " + v.typename());
            }
            String key = k.tojstring();
            String value = v.tojstring();
            if (!key.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+") || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw Args.badArgument(2, "url", "invalid header '" + key + "'");
            }
            out.put(key, value);
        }
        return out;
    }

    private static void noDash(String s, int index, String fname, String what) {
        if (s.startsWith("-")) {
            throw Args.badArgument(index, fname, what + " must not start with '-'");
        }
    }

    private static String shown(LuaValue v) {
        return v.isnumber() ? v.tojstring() : v.typename();
    }

    /** An I/O error's text without Java class names. */
    private static String io(IOException e) {
        return e.getMessage() != null ? e.getMessage() : "I/O error";
    }

    /** A transport error's text: connect, TLS, timeout. */
    private static String transport(Throwable t) {
        if (t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        if (t instanceof SSLException) {
            return "TLS error: " + (t.getMessage() != null ? t.getMessage() : "handshake failed");
        }
        if (t instanceof IllegalArgumentException) {
            return "invalid request: " + t.getMessage(); // a header the JDK client refuses ("restricted header name")
        }
        return t.getMessage() != null ? t.getMessage() : "connection failed";
    }
}
