package io.ward.lua.helpers;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

/** {@code ward.helpers.string} in the module registry: on for every runtime. Stateless, thread-safe. */
public final class StringHelpersProvider implements WardModule {
    @Override
    public String name() {
        return "ward.helpers.string";
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return StringHelpers.create(runtime);
    }
}
