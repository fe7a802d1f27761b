package io.ward.lua.time;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

/** {@code ward.time} in the module registry: on for every runtime. Stateless, thread-safe. */
public final class TimeModuleProvider implements WardModule {
    @Override
    public String name() {
        return "ward.time";
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return TimeModule.create(runtime);
    }
}
