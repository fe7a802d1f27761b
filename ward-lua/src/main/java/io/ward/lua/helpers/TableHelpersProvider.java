package io.ward.lua.helpers;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

/** {@code ward.helpers.table} in the module registry: on for every runtime. Stateless, thread-safe. */
public final class TableHelpersProvider implements WardModule {
    @Override
    public String name() {
        return "ward.helpers.table";
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return TableHelpers.create(runtime);
    }
}
