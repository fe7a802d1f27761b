package io.ward.lua.process;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

import java.util.EnumSet;
import java.util.Set;

/**
 * {@code ward.process} in the module registry: it runs the host's programs (so embedders
 * enable it with {@code withLibrary("ward.process")}) and starts them on the blocking pool.
 * Stateless, thread-safe.
 */
public final class ProcessModuleProvider implements WardModule {
    private static final Set<Need> NEEDS = EnumSet.of(Need.BLOCKING_POOL, Need.HOST_ACCESS);

    @Override
    public String name() {
        return "ward.process";
    }

    @Override
    public Set<Need> needs() {
        return NEEDS;
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return ProcessModule.create(runtime);
    }
}
