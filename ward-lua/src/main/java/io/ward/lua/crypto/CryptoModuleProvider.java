package io.ward.lua.crypto;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

import java.util.EnumSet;
import java.util.Set;

/**
 * {@code ward.crypto} in the module registry: the file digests read the host's files on the blocking pool.
 * Stateless, thread-safe.
 */
public final class CryptoModuleProvider implements WardModule {
    private static final Set<Need> NEEDS = EnumSet.of(Need.BLOCKING_POOL, Need.HOST_ACCESS);

    @Override
    public String name() {
        return "ward.crypto";
    }

    @Override
    public Set<Need> needs() {
        return NEEDS;
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return CryptoModule.create(runtime);
    }
}
