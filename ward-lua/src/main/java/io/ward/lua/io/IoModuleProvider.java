package io.ward.lua.io;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

import java.util.EnumSet;
import java.util.Set;

/**
 * {@code ward.io} in the module registry: the runtime's own standard streams (an embedded runtime's stdin is empty unless the embedder gives one, its output goes to the embedder's streams), so it is on for embedders too.
 * Stateless, thread-safe.
 */
public final class IoModuleProvider implements WardModule {
    private static final Set<Need> NEEDS = EnumSet.noneOf(Need.class);

    @Override
    public String name() {
        return "ward.io";
    }

    @Override
    public Set<Need> needs() {
        return NEEDS;
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return IoModule.create(runtime);
    }
}
