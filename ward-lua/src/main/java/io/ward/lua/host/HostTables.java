package io.ward.lua.host;

import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The tables of {@code ward.host}, {@code ward.host.platform} and {@code ward.host.resources}
 * of one runtime. The two sub-tables are made once per runtime and kept in
 * {@code package.loaded} under their own names, so {@code require("ward.host").platform} and
 * {@code require("ward.host.platform")} are the same table whichever is required first.
 *
 * <p>Confined to the runtime's context.
 */
final class HostTables {
    private HostTables() {
    }

    static LuaTable host(WardRuntime rt) {
        LuaTable t = new LuaTable();
        t.set("platform", platform(rt));
        t.set("resources", resources(rt));
        return t;
    }

    static LuaValue platform(WardRuntime rt) {
        return shared(rt, "ward.host.platform", PlatformFunctions::table);
    }

    static LuaValue resources(WardRuntime rt) {
        return shared(rt, "ward.host.resources", ResourceFunctions::table);
    }

    private static LuaValue shared(WardRuntime rt, String name, java.util.function.Supplier<LuaTable> make) {
        LuaValue pkg = rt.globals().get("package");
        LuaValue loaded = pkg.istable() ? pkg.get("loaded") : LuaValue.NIL;
        if (loaded.istable() && loaded.get(name).istable()) {
            return loaded.get(name);
        }
        LuaTable t = make.get();
        if (loaded.istable()) {
            loaded.set(name, t);
        }
        return t;
    }
}
