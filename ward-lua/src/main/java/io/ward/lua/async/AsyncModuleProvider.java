package io.ward.lua.async;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

/** {@code ward.async} in the module registry: on for every runtime. Stateless, thread-safe. */
public final class AsyncModuleProvider implements WardModule {
    @Override
    public String name() {
        return "ward.async";
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return AsyncModule.create(runtime);
    }
}
