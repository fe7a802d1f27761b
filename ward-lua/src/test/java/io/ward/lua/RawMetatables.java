package io.ward.lua;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A test-only Lua global, {@code WARD_METHODS(ud)}: the methods and metamethods of a userdata,
 * read from its real metatable on the Java side. Duration, TimePoint and InstantPoint hide
 * their metatables from Lua ({@code getmetatable} returns a string), so a script cannot list
 * their methods itself; the bad-input sweep uses this so that no method can be missed.
 *
 * <p>Returns two tables {@code name -> function}: the methods (the {@code __index} table) and
 * the metamethods (every other function field of the metatable). Stateless.
 */
final class RawMetatables {
    static final String GLOBAL = "WARD_METHODS";

    private RawMetatables() {
    }

    static LuaValue function() {
        return LuaFunctions.named(GLOBAL, args -> {
            LuaValue mt = args.arg1().getmetatable();
            LuaTable methods = new LuaTable();
            LuaTable metamethods = new LuaTable();
            if (mt != null && mt.istable()) {
                LuaValue index = mt.rawget(LuaValue.INDEX);
                if (index.istable()) {
                    copyFunctions(index.checktable(), methods);
                }
                copyFunctions(mt.checktable(), metamethods);
            }
            return LuaValue.varargsOf(methods, metamethods);
        });
    }

    private static void copyFunctions(LuaTable from, LuaTable to) {
        for (Varargs e = from.next(LuaValue.NIL); !e.arg1().isnil(); e = from.next(e.arg1())) {
            if (e.arg(2).isfunction()) {
                to.rawset(e.arg1(), e.arg(2));
            }
        }
    }
}
