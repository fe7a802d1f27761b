package io.ward.lua.shared;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

/** {@code ward.shared} in the module registry: on for every runtime. Stateless, thread-safe. */
public final class SharedModuleProvider implements WardModule {
    @Override
    public String name() {
        return "ward.shared";
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return SharedModule.create(runtime);
    }
}
