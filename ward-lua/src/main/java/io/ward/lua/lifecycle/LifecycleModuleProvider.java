package io.ward.lua.lifecycle;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

/**
 * {@code ward.lifecycle} in the module registry: on for every runtime (it takes the process's
 * signals only where the runtime allows it, {@code WardRuntimeBuilder.osSignals}). Stateless,
 * thread-safe.
 */
public final class LifecycleModuleProvider implements WardModule {
    @Override
    public String name() {
        return "ward.lifecycle";
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return LifecycleModule.create(runtime);
    }
}
