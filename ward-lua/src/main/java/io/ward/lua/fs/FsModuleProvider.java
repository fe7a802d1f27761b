package io.ward.lua.fs;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

import java.util.EnumSet;
import java.util.Set;

/**
 * {@code ward.fs} in the module registry: it reads and changes the host's files (so embedders
 * enable it with {@code withLibrary("ward.fs")}) on the blocking pool. Stateless, thread-safe.
 */
public final class FsModuleProvider implements WardModule {
    private static final Set<Need> NEEDS = EnumSet.of(Need.BLOCKING_POOL, Need.HOST_ACCESS);

    @Override
    public String name() {
        return "ward.fs";
    }

    @Override
    public Set<Need> needs() {
        return NEEDS;
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return FsModule.create(runtime);
    }
}
