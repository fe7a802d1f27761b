package io.ward.lua.convert;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;

/** {@code ward.convert.toml} in the module registry: on for every runtime. Stateless, thread-safe. */
public final class TomlModuleProvider implements WardModule {
    @Override
    public String name() {
        return "ward.convert.toml";
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return ConvertModule.format(runtime, new TomlFormat());
    }
}
