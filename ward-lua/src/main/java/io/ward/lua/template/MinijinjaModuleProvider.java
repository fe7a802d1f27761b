package io.ward.lua.template;

import io.ward.lua.WardModule;
import io.ward.lua.WardRuntime;
import java.util.EnumSet;
import java.util.Set;
import org.luaj.vm2.LuaValue;

/**
 * {@code ward.template.minijinja} in the module registry. It reads template files (loader
 * paths, {@code render_file}), so it needs the host and the blocking pool: on in the
 * {@code ward} command, off for embedders unless asked for. Stateless, thread-safe.
 */
public final class MinijinjaModuleProvider implements WardModule {
    @Override
    public String name() {
        return "ward.template.minijinja";
    }

    @Override
    public Set<Need> needs() {
        return EnumSet.of(Need.BLOCKING_POOL, Need.HOST_ACCESS);
    }

    @Override
    public LuaValue open(WardRuntime runtime) {
        return TemplateModule.create(runtime);
    }
}
