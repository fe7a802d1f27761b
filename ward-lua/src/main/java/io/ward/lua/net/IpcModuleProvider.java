package io.ward.lua.net;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.util.Set;

/**
 * {@code ward.ipc}: a table whose one field {@code unix} is {@code require("ward.ipc.unix")}.
 * Stateless, thread-safe.
 */
public final class IpcModuleProvider implements WardModule {
    @Override
    public String name() {
        return "ward.ipc";
    }

    @Override
    public Set<Need> needs() {
        return HttpModuleProvider.NEEDS;
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        LuaTable t = new LuaTable();
        t.set("unix", runtime.globals().get("require").call("ward.ipc.unix"));
        return t;
    }
}
