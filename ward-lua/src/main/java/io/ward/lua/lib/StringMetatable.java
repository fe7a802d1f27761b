package io.ward.lua.lib;

import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * The metatable of all strings, made per-runtime: LuaJ keeps it in one JVM-wide static
 * ({@code LuaString.s_metatable}), so by default the last runtime created would serve
 * {@code ("x"):upper()} for every other one, and one script replacing {@code string.upper}
 * would change it for all. Here {@code __index} looks the method up in the {@code string}
 * table of the runtime whose code is running ({@link WardRuntime#current()}).
 *
 * <p>Thread-safe: installed once; the lookup reads a thread-local.
 */
public final class StringMetatable {
    /** Serves strings touched outside any runtime (Java code calling Lua helpers directly). */
    private static final LuaTable FALLBACK_STRING_TABLE;
    private static final LuaTable METATABLE = new LuaTable();

    static {
        org.luaj.vm2.Globals g = new org.luaj.vm2.Globals();
        g.load(new org.luaj.vm2.lib.PackageLib());
        g.load(new org.luaj.vm2.lib.StringLib());
        FALLBACK_STRING_TABLE = (LuaTable) g.get("string");
        METATABLE.rawset(LuaValue.INDEX, new Index());
    }

    private StringMetatable() {
    }

    /** Makes strings use the per-runtime dispatch. Idempotent. */
    public static void install() {
        LuaString.s_metatable = METATABLE;
    }

    private static final class Index extends TwoArgFunction {
        @Override
        public LuaValue call(LuaValue self, LuaValue key) {
            WardRuntime rt = WardRuntime.current();
            return (rt != null ? rt.stringTable() : FALLBACK_STRING_TABLE).get(key);
        }
    }
}
