package io.ward.lua.template;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/** {@code ward.template} in the module registry: its one engine, {@code minijinja}. Stateless, thread-safe. */
public final class TemplateModuleProvider implements WardModule {
    @Override
    public String name() {
        return "ward.template";
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        LuaTable m = new LuaTable();
        String child = "ward.template.minijinja";
        if (!runtime.globals().get("package").get("preload").get(child).isnil()) {
            m.set("minijinja", runtime.globals().get("require").call(child));
        }
        return m;
    }
}
