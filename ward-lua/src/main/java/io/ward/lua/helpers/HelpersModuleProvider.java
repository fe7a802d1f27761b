package io.ward.lua.helpers;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * {@code ward.helpers} in the module registry: the enabled helper modules under their short
 * names, the very tables {@code require("ward.helpers.<name>")} returns. Stateless, thread-safe.
 */
public final class HelpersModuleProvider implements WardModule {
    private static final String[] PARTS = {"number", "retry", "string", "table"};

    @Override
    public String name() {
        return "ward.helpers";
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        LuaTable m = new LuaTable();
        LuaValue preload = runtime.globals().get("package").get("preload");
        for (String p : PARTS) {
            String child = "ward.helpers." + p;
            if (!preload.get(child).isnil()) {
                m.set(p, runtime.globals().get("require").call(child));
            }
        }
        return m;
    }
}
