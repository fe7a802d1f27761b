package io.ward.lua.host;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

import java.util.EnumSet;
import java.util.Set;

/**
 * {@code ward.host} in the module registry: {@code platform} and {@code resources} in one table; they describe the host machine.
 * Stateless, thread-safe.
 */
public final class HostModuleProvider implements WardModule {
    private static final Set<Need> NEEDS = EnumSet.of(Need.HOST_ACCESS);

    @Override
    public String name() {
        return "ward.host";
    }

    @Override
    public Set<Need> needs() {
        return NEEDS;
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return HostTables.host(runtime);
    }
}
