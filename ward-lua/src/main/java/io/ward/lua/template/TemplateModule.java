package io.ward.lua.template;

import io.ward.core.FutureAwaitables;
import io.ward.lua.Args;
import io.ward.lua.Awaits;
import io.ward.lua.LuaData;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Builds {@code ward.template.minijinja}: {@code render}, {@code render_file} and their
 * {@code _async} forms. Arguments, context and options are converted on the runtime's
 * context; file reads (the template file, loader paths) and the {@code _async} renders run on
 * the blocking pool and suspend only the calling task. Confined to the runtime's context.
 */
final class TemplateModule {
    private final WardRuntime rt;

    private TemplateModule(WardRuntime rt) {
        this.rt = rt;
    }

    static LuaTable create(WardRuntime rt) {
        return new TemplateModule(rt).table();
    }

    private LuaTable table() {
        LuaTable m = new LuaTable();
        m.set("render", LuaFunctions.named("render", a -> render(a, "render", false)));
        m.set("render_async", LuaFunctions.named("render_async", a -> render(a, "render_async", true)));
        m.set("render_file", LuaFunctions.named("render_file", a -> renderFile(a, "render_file")));
        m.set("render_file_async", LuaFunctions.named("render_file_async", a -> renderFile(a, "render_file_async")));
        return m;
    }

    private LuaValue render(Varargs a, String fname, boolean async) {
        String source = string(a, 1, fname);
        Map<String, Object> ctx = context(a.arg(2), fname);
        TemplateOptions opts = TemplateOptions.of(a.arg(3), 3, fname);
        Supplier<String> work = () -> Engine.render(source, ctx, opts, opts.loaderPaths);
        // a loader reads files: then never on the loop
        return LuaData.text(async || !opts.loaderPaths.isEmpty() ? onPool(work, fname) : now(work, fname));
    }

    /** The file is read on the pool, like every template it includes. */
    private LuaValue renderFile(Varargs a, String fname) {
        String name = string(a, 1, fname);
        Path file;
        try {
            file = Path.of(name);
        } catch (InvalidPathException e) {
            throw Args.badArgument(1, fname, "not a valid path");
        }
        Map<String, Object> ctx = context(a.arg(2), fname);
        TemplateOptions opts = TemplateOptions.of(a.arg(3), 3, fname);
        return LuaData.text(onPool(() -> {
            String source;
            try {
                source = Files.readString(file);
            } catch (IOException e) {
                throw new LuaData.DataException(name + ": " + osError(e));
            }
            List<Path> roots = new ArrayList<>();
            roots.add(file.toAbsolutePath().getParent());
            roots.addAll(opts.loaderPaths);
            return Engine.render(source, ctx, opts, roots);
        }, fname));
    }

    private static String osError(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory (os error 2)";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied (os error 13)";
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "stream did not contain valid UTF-8";
        }
        return e.getMessage() == null ? "cannot read" : e.getMessage();
    }

    private static String string(Varargs a, int i, String fname) {
        LuaValue v = a.arg(i);
        if (!v.isstring()) {
            throw Args.typeError(i, fname, "string", i > a.narg() ? LuaValue.NONE : v);
        }
        try {
            return LuaData.utf8((LuaString) v.strvalue());
        } catch (LuaData.DataException e) {
            throw LuaData.badArgument(i, fname, e);
        }
    }

    /** The context: nil is empty; otherwise a map-like table (NaN and infinities become null, as in JSON). */
    private Map<String, Object> context(LuaValue v, String fname) {
        if (v.isnil()) {
            return new HashMap<>();
        }
        if (!v.istable()) {
            throw Args.typeError(2, fname, "table", v);
        }
        Object data;
        try {
            data = LuaData.of(rt).toJava(v, LuaData.Keys.STRINGS);
        } catch (LuaData.DataException e) {
            throw LuaData.badArgument(2, fname, e);
        }
        if (!(data instanceof Map)) {
            throw Args.badArgument(2, fname, "context must be a table with string keys, got an array");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> ctx = (Map<String, Object>) finite(data);
        return ctx;
    }

    private static Object finite(Object v) {
        if (v instanceof Double && (((Double) v).isNaN() || ((Double) v).isInfinite())) {
            return null;
        }
        if (v instanceof Map) {
            Map<Object, Object> m = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((k, x) -> m.put(k, finite(x)));
            return m;
        }
        if (v instanceof List) {
            List<Object> l = new ArrayList<>();
            ((List<?>) v).forEach(x -> l.add(finite(x)));
            return l;
        }
        return v;
    }

    private static String now(Supplier<String> work, String fname) {
        try {
            return work.get();
        } catch (LuaData.DataException e) {
            throw new LuaError(fname + ": " + e.getMessage());
        }
    }

    private String onPool(Supplier<String> work, String fname) {
        Awaits.checkInTask(rt);
        CompletableFuture<Object> f = CompletableFuture.supplyAsync(() -> {
            try {
                return work.get();
            } catch (LuaData.DataException e) {
                return e; // a value: it crosses threads without wrapping
            }
        }, rt.blockingPool());
        Object r = Awaits.awaitCore(rt, FutureAwaitables.of(rt.scheduler(), f));
        if (r instanceof LuaData.DataException) {
            throw new LuaError(fname + ": " + ((LuaData.DataException) r).getMessage());
        }
        return (String) r;
    }
}
