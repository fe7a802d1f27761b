package io.ward.lua.convert;

import io.ward.lua.LuaData;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Builds {@code ward.convert} (its formats under their short names, the very tables
 * {@code require("ward.convert.<name>")} returns) and each format's table. Confined to the
 * runtime's context.
 */
final class ConvertModule {
    static final String[] FORMATS = {"json", "yaml", "toml", "ini"};

    private ConvertModule() {
    }

    static LuaTable parent(WardRuntime rt) {
        LuaTable m = new LuaTable();
        LuaValue preload = rt.globals().get("package").get("preload");
        LuaValue require = rt.globals().get("require");
        for (String f : FORMATS) {
            String name = "ward.convert." + f;
            if (!preload.get(name).isnil()) { // a format the builder left out stays out
                m.set(f, require.call(name));
            }
        }
        return m;
    }

    static LuaTable format(WardRuntime rt, Format format) {
        LuaTable m = FormatModule.create(rt, format);
        if (format.keys() != LuaData.Keys.STRINGS_OR_NUMBERS && !(format instanceof TomlFormat)) {
            m.set("null", LuaData.of(rt).nullValue()); // json.null, yaml.null: TOML and INI have none
        }
        return m;
    }
}
