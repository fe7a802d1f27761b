package io.ward.lua.helpers;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

/** {@code ward.helpers.retry} in the module registry: on for every runtime. Stateless, thread-safe. */
public final class RetryHelpersProvider implements WardModule {
    @Override
    public String name() {
        return "ward.helpers.retry";
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return RetryHelpers.create(runtime);
    }
}
