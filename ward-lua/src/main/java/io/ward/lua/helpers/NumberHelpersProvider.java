package io.ward.lua.helpers;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

/** {@code ward.helpers.number} in the module registry: on for every runtime. Stateless, thread-safe. */
public final class NumberHelpersProvider implements WardModule {
    @Override
    public String name() {
        return "ward.helpers.number";
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return NumberHelpers.create(runtime);
    }
}
