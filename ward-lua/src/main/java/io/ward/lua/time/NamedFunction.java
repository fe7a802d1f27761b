package io.ward.lua.time;

import org.luaj.vm2.lib.VarArgFunction;

/**
 * A Lua function implemented in Java that knows its Lua name; stateless and thread-safe once
 * constructed, so one instance may be shared by every runtime.
 *
 * <p>The name serves two purposes: argument errors read {@code bad argument #1 to 'utc' ...},
 * and {@code tostring(time.utc)} shows {@code utc} (LuaJ's convention for library functions)
 * instead of a Java class name.
 */
abstract class NamedFunction extends VarArgFunction {
    NamedFunction(String luaName) {
        this.name = luaName;
    }

    /** The name used in argument errors. */
    final String luaName() {
        return name;
    }
}
