package io.ward.lua.net;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import io.ward.lua.net.http.HttpModule;
import org.luaj.vm2.LuaValue;

import java.util.EnumSet;
import java.util.Set;

/**
 * {@code ward.net.http} in the module registry: it reaches the network (host access) and
 * builds TLS contexts on the blocking pool. Stateless, thread-safe.
 */
public final class HttpModuleProvider implements WardModule {
    static final Set<Need> NEEDS = EnumSet.of(Need.BLOCKING_POOL, Need.HOST_ACCESS);

    @Override
    public String name() {
        return "ward.net.http";
    }

    @Override
    public Set<Need> needs() {
        return NEEDS;
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return HttpModule.create(runtime);
    }
}
