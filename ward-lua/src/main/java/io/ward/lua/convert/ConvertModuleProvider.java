package io.ward.lua.convert;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

/**
 * {@code ward.convert} in the module registry: the table of the enabled format modules. On
 * for every runtime; the formats are in memory only, so no {@link Need} (their {@code _async}
 * forms use the blocking pool when there is one). Stateless, thread-safe.
 */
public final class ConvertModuleProvider implements WardModule {
    @Override
    public String name() {
        return "ward.convert";
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return ConvertModule.parent(runtime);
    }
}
