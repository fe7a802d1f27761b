package io.ward.lua.env;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

import java.util.EnumSet;
import java.util.Set;

/**
 * {@code ward.env} in the module registry: it reads the host's environment and lets children see changes (so embedders enable it with {@code withLibrary("ward.env")}).
 * Stateless, thread-safe.
 */
public final class EnvModuleProvider implements WardModule {
    private static final Set<Need> NEEDS = EnumSet.of(Need.HOST_ACCESS);

    @Override
    public String name() {
        return "ward.env";
    }

    @Override
    public Set<Need> needs() {
        return NEEDS;
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return EnvModule.create(runtime);
    }
}
