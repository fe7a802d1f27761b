package io.ward.lua.net;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.util.Set;

/**
 * {@code ward.net}: a table with {@code http} and {@code fetch}, the very tables of
 * {@code require("ward.net.http")} and {@code require("ward.net.fetch")}. Stateless, thread-safe.
 */
public final class NetModuleProvider implements WardModule {
    @Override
    public String name() {
        return "ward.net";
    }

    @Override
    public Set<Need> needs() {
        return HttpModuleProvider.NEEDS;
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        LuaValue require = runtime.globals().get("require");
        LuaTable t = new LuaTable();
        t.set("http", require.call("ward.net.http"));
        t.set("fetch", require.call("ward.net.fetch"));
        return t;
    }
}
