package io.ward.lua.term;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

/** {@code ward.term} in the module registry: on for every runtime. Stateless, thread-safe. */
public final class TermModuleProvider implements WardModule {
    @Override
    public String name() {
        return "ward.term";
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return TermModule.create(runtime);
    }
}
