package io.ward.lua.host;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

import java.util.EnumSet;
import java.util.Set;

/**
 * {@code ward.host.resources} in the module registry: the same table as {@code require("ward.host").resources}.
 * Stateless, thread-safe.
 */
public final class ResourcesModuleProvider implements WardModule {
    private static final Set<Need> NEEDS = EnumSet.of(Need.HOST_ACCESS);

    @Override
    public String name() {
        return "ward.host.resources";
    }

    @Override
    public Set<Need> needs() {
        return NEEDS;
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return HostTables.resources(runtime);
    }
}
