package io.ward.lua.net;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import io.ward.lua.net.unix.UnixModule;
import org.luaj.vm2.LuaValue;

import java.util.Set;

/**
 * {@code ward.ipc.unix} in the module registry: Unix domain sockets (host access; socket
 * files handled on the blocking pool). Stateless, thread-safe.
 */
public final class UnixModuleProvider implements WardModule {
    @Override
    public String name() {
        return "ward.ipc.unix";
    }

    @Override
    public Set<Need> needs() {
        return HttpModuleProvider.NEEDS;
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return UnixModule.create(runtime);
    }
}
