package io.ward.lua.fs;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

import java.util.EnumSet;
import java.util.Set;

/**
 * {@code ward.fs.path} in the module registry: pure path arithmetic, but {@code cwd()} tells the
 * host's working directory, so it is host access like {@code ward.fs} (whose {@code path} field
 * is the same table). Stateless, thread-safe.
 */
public final class PathModuleProvider implements WardModule {
    private static final Set<Need> NEEDS = EnumSet.of(Need.HOST_ACCESS);

    @Override
    public String name() {
        return "ward.fs.path";
    }

    @Override
    public Set<Need> needs() {
        return NEEDS;
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return PathModule.of(runtime);
    }
}
