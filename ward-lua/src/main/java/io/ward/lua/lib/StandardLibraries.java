package io.ward.lua.lib;

import io.ward.lua.WardRuntime;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.ResourceFinder;
import org.luaj.vm2.lib.jse.JseBaseLib;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The Lua globals of one runtime: LuaJ's base with {@link WardBaseLib} over it, package, Ward's
 * table ({@link WardTableLib}), Ward's string ({@link WardStringLib}), Ward's math ({@link WardMathLib}) and bit32
 * ({@link Bit32Lib}), Ward's coroutine and utf8, Ward's pcall/xpcall, then the {@link Sandbox}
 * (and 5.2's compatibility alias {@code loadstring}, and {@code _VERSION} "Lua 5.2"), the read-only
 * {@code debug} subset ({@link WardDebugLib}); LuaJ's io (its files with a metatable:
 * {@link WardIoLib}) and os, the full debug library, and binary chunks, on request.
 *
 * <p>Called while the runtime is being built, before any Lua code runs; the globals are then
 * confined to the runtime's context.
 */
public final class StandardLibraries {
    /** Global libraries that exist but are off unless asked for (they reach the host). */
    public static final List<String> ADDABLE = List.of("io", "os", "debug", "binary");

    private StandardLibraries() {
    }

    /** New sandboxed globals whose print writes to {@code out}. */
    public static Globals create(WardRuntime rt, PrintStream out, PrintStream err) {
        Globals g = new Globals();
        g.STDOUT = out;
        g.STDERR = err;
        g.load(new JseBaseLib());
        g.load(new WardBaseLib());
        g.load(new PackageLib());
        g.load(new WardTableLib());
        g.load(new WardStringLib());
        g.load(new WardMathLib());
        g.load(new Bit32Lib());
        g.load(new WardCoroutineLib(rt));
        g.load(new Utf8Lib());
        g.load(new ProtectedCallLib());
        LoadState.install(g);
        LuaC.install(g);
        Sandbox.restrict(g);
        WardDebugLib.install(g); // the read-only subset: traceback and getinfo
        g.rawset("loadstring", g.rawget("load")); // Lua 5.2's compatibility alias
        g.rawset("_VERSION", LuaValue.valueOf("Lua 5.2"));
        return g;
    }

    /**
     * Adds LuaJ's {@code io} or {@code os} library, the full {@code debug} one, or {@code binary}
     * ({@code string.dump} and binary chunks: {@link BinaryChunks}) ({@link #ADDABLE}).
     */
    public static void add(Globals g, String name) {
        switch (name) {
            case "io":
                g.load(new WardIoLib());
                break;
            case "os":
                g.load(new WardOsLib());
                break;
            case "debug":
                WardDebugLib.addFull(g);
                break;
            case "binary":
                BinaryChunks.allow(g);
                break;
            default:
                throw new IllegalArgumentException("unknown library '" + name + "'");
        }
    }

    /** Removes the global library {@code name} and its {@code package.loaded} entry. */
    public static void remove(Globals g, String name) {
        g.set(name, LuaValue.NIL);
        LuaValue pkg = g.get("package");
        if (pkg.istable()) {
            pkg.get("loaded").set(name, LuaValue.NIL);
        }
    }

    /**
     * Lets {@code require}'s Lua searcher also find {@code prefix + name} as a class-path
     * resource of {@code loader}, before the file system.
     */
    public static void searchClasspath(Globals g, ClassLoader loader, String prefix) {
        ResourceFinder files = g.finder;
        g.finder = new ClasspathFirst(loader, prefix, files);
    }

    /** {@code package.path} becomes {@code dir/?.lua;dir/?/init.lua} for each of {@code dirs}. */
    public static void setPath(Globals g, List<Path> dirs) {
        StringBuilder path = new StringBuilder();
        for (Path dir : dirs) {
            if (path.length() > 0) {
                path.append(';');
            }
            path.append(dir.resolve("?.lua")).append(';').append(dir.resolve("?").resolve("init.lua"));
        }
        g.get("package").set("path", path.toString());
    }

    private static final class ClasspathFirst implements ResourceFinder {
        private final ClassLoader loader;
        private final String prefix;
        private final ResourceFinder files;

        ClasspathFirst(ClassLoader loader, String prefix, ResourceFinder files) {
            this.loader = loader;
            this.prefix = prefix;
            this.files = files;
        }

        @Override
        public InputStream findResource(String name) {
            InputStream in = loader.getResourceAsStream(prefix + name.replace('\\', '/'));
            return in != null ? in : files.findResource(name);
        }
    }
}
