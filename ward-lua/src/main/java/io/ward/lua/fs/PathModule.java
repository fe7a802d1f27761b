package io.ward.lua.fs;

import io.ward.lua.Args;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The {@code ward.fs.path} module (ward-fs.md section 4): {@code new}, {@code cwd}, {@code join}
 * and the immutable {@code Path} userdata with its methods, all synchronous and pure except
 * {@code cwd}. One table per runtime, the same for {@code require("ward.fs.path")} and
 * {@code require("ward.fs").path}.
 *
 * <p>The module tables are confined to their runtime's context; the per-runtime map is
 * thread-safe.
 */
final class PathModule {
    /** Threading - any thread (synchronized). A runtime's module table, keyed by its globals. */
    private static final Map<Object, LuaTable> TABLES = Collections.synchronizedMap(new WeakHashMap<>());

    private final LuaTable meta = new LuaTable();

    private PathModule() {
    }

    /** The runtime's {@code ward.fs.path} table, made on first use. */
    static LuaTable of(WardRuntime rt) {
        return TABLES.computeIfAbsent(rt.globals(), g -> new PathModule().table());
    }

    private LuaTable table() {
        LuaTable methods = new LuaTable();
        method(methods, "is_abs", p -> LuaValue.valueOf(PathSyntax.isAbsolute(p)));
        method(methods, "normalize", p -> wrap(PathSyntax.normalize(p)));
        method(methods, "parts", p -> {
            LuaTable t = new LuaTable();
            List<byte[]> parts = PathSyntax.parts(p);
            for (int i = 0; i < parts.size(); i++) {
                t.rawset(i + 1, FsPath.lua(parts.get(i)));
            }
            return t;
        });
        method(methods, "split", p -> LuaValue.varargsOf(FsPath.lua(PathSyntax.dirname(p)),
                FsPath.lua(PathSyntax.basename(p))));
        methods.set("join", LuaFunctions.named("join", args -> {
            byte[] p = receiver(args, "join");
            return wrap(PathSyntax.push(p, FsPath.pathArg(args, 2, "join")));
        }));
        method(methods, "dirname", p -> FsPath.lua(PathSyntax.dirname(p)));
        method(methods, "basename", p -> FsPath.lua(PathSyntax.basename(p)));
        method(methods, "extname", p -> orNil(PathSyntax.extension(p)));
        method(methods, "stem", p -> orNil(PathSyntax.stem(p)));
        method(methods, "as_string", FsPath::lua);
        meta.set(LuaValue.INDEX, methods);
        meta.set(LuaValue.TOSTRING, LuaFunctions.named("__tostring", args -> FsPath.lua(receiver(args, "__tostring"))));
        meta.set(LuaValue.EQ, LuaFunctions.named("__eq", args -> {
            LuaValue a = args.arg(1);
            LuaValue b = args.arg(2);
            boolean both = a.isuserdata() && a.touserdata() instanceof FsPath
                    && b.isuserdata() && b.touserdata() instanceof FsPath;
            return LuaValue.valueOf(both && PathSyntax.sameComponents(((FsPath) a.touserdata()).bytes,
                    ((FsPath) b.touserdata()).bytes));
        }));
        meta.set("__name", "Path");

        LuaTable m = new LuaTable();
        m.set("new", LuaFunctions.named("new", args -> wrap(FsPath.pathArg(args, 1, "new"))));
        m.set("cwd", LuaFunctions.named("cwd", args -> wrap(FileNames.toBytes(Paths.get("").toAbsolutePath()))));
        m.set("join", LuaFunctions.named("join", args -> {
            byte[] a = FsPath.pathArg(args, 1, "join");
            return wrap(PathSyntax.push(a, FsPath.pathArg(args, 2, "join")));
        }));
        return m;
    }

    private LuaValue wrap(byte[] p) {
        return new LuaUserdata(new FsPath(p), meta);
    }

    private static LuaValue orNil(byte[] b) {
        return b == null ? LuaValue.NIL : FsPath.lua(b);
    }

    /** A method of one Path receiver and no other argument. */
    private interface PathMethod {
        Varargs call(byte[] path);
    }

    private static void method(LuaTable methods, String name, PathMethod body) {
        methods.set(name, LuaFunctions.named(name, args -> body.call(receiver(args, name))));
    }

    private static byte[] receiver(Varargs args, String name) {
        return Args.checkUserdata(args, 1, name, FsPath.class, "Path").bytes;
    }
}
