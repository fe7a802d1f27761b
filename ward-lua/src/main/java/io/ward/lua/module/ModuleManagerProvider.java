package io.ward.lua.module;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

import java.util.EnumSet;
import java.util.Set;

/**
 * {@code ward.module} in the module registry: it runs {@code git}, downloads and writes under
 * the user's data directory (host access: embedders enable it with
 * {@code withLibrary("ward.module")}), on the blocking pool. Stateless, thread-safe.
 */
public final class ModuleManagerProvider implements WardModule {
    private static final Set<Need> NEEDS = EnumSet.of(Need.BLOCKING_POOL, Need.HOST_ACCESS);

    @Override
    public String name() {
        return "ward.module";
    }

    @Override
    public Set<Need> needs() {
        return NEEDS;
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return ModuleManager.create(runtime);
    }
}
