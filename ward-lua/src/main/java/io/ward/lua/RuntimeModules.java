package io.ward.lua;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts a runtime's modules in {@code package.preload}: each enabled {@link WardModule}, the
 * {@code require("ward")} table of them all, and the embedder's {@link HostModule}s. Nothing
 * is opened before a script requires it. Runs while the runtime is built; the loaders then
 * run on the runtime's context.
 */
final class RuntimeModules {
    private RuntimeModules() {
    }

    static void preload(WardRuntime rt, List<WardModule> enabled, List<HostModule> hostModules) {
        LuaValue pkg = rt.globals().get("package");
        if (!pkg.istable()) {
            return; // withoutLibrary("package"): no require, nothing to load
        }
        LuaTable preload = pkg.get("preload").checktable();
        List<String> topLevel = new ArrayList<>();
        for (WardModule m : enabled) {
            preload.set(m.name(), new Loader(rt, m, null));
            if (WardModule.shortName(m.name()).indexOf('.') < 0) {
                topLevel.add(m.name());
            }
        }
        // the require of the build, not whatever a script later puts in the global
        preload.set("ward", new Aggregate(rt.globals().get("require"), topLevel));
        for (HostModule m : hostModules) {
            preload.set(m.name(), new Loader(rt, null, m));
        }
    }

    /** {@code require(name)} of one module: opens it on first use ({@code require} caches it). */
    private static final class Loader extends VarArgFunction {
        private final WardRuntime rt;
        private final WardModule module;
        private final HostModule host;

        Loader(WardRuntime rt, WardModule module, HostModule host) {
            this.rt = rt;
            this.module = module;
            this.host = host;
        }

        @Override
        public Varargs invoke(Varargs args) {
            return module != null ? module.open(rt) : HostFunctions.moduleTable(rt, host);
        }
    }

    /**
     * {@code require("ward")}: every enabled top-level module under its short name, the same
     * values {@code require("ward.<name>")} returns.
     */
    private static final class Aggregate extends VarArgFunction {
        private final LuaValue require;
        private final List<String> names;

        Aggregate(LuaValue require, List<String> names) {
            this.require = require;
            this.names = names;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaTable all = new LuaTable();
            for (String name : names) {
                all.set(WardModule.shortName(name), require.call(name));
            }
            return all;
        }
    }
}
