package io.ward.lua.net;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import io.ward.lua.net.fetch.FetchModule;
import org.luaj.vm2.LuaValue;

import java.util.Set;

/**
 * {@code ward.net.fetch} in the module registry: downloads into files and runs {@code git},
 * so it needs host access and the blocking pool. Stateless, thread-safe.
 */
public final class FetchModuleProvider implements WardModule {
    @Override
    public String name() {
        return "ward.net.fetch";
    }

    @Override
    public Set<Need> needs() {
        return HttpModuleProvider.NEEDS;
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return FetchModule.create(runtime);
    }
}
