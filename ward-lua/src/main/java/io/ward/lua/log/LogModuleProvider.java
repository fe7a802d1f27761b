package io.ward.lua.log;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

import java.util.EnumSet;
import java.util.Set;

/**
 * {@code ward.log} in the module registry: it writes to the runtime's own stderr, so it is on for embedders too.
 * Stateless, thread-safe.
 */
public final class LogModuleProvider implements WardModule {
    private static final Set<Need> NEEDS = EnumSet.noneOf(Need.class);

    @Override
    public String name() {
        return "ward.log";
    }

    @Override
    public Set<Need> needs() {
        return NEEDS;
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return LogModule.create(runtime);
    }
}
