package io.ward.lua;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua functions made from Java lambdas, named for {@code tostring} (the name also appears in
 * the argument errors the body raises through {@link Args}).
 *
 * <p>Stateless and thread-safe; the functions are as confined as the state their bodies use.
 */
public final class LuaFunctions {
    private LuaFunctions() {
    }

    /** The body of a library function: Lua arguments in, Lua results out. */
    @FunctionalInterface
    public interface Body {
        Varargs call(Varargs args);
    }

    /** A Lua function running {@code body}, printed as {@code function: name}. */
    public static LuaValue named(String name, Body body) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return body.call(args);
            }

            @Override
            public String tojstring() {
                return "function: " + name;
            }
        };
    }
}
