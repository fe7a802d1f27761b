package io.ward.lua.lib;

import io.ward.lua.WardRuntime;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The metatable of all strings, made per-runtime: LuaJ keeps it in one JVM-wide static
 * ({@code LuaString.s_metatable}), so by default the last runtime created would serve
 * {@code ("x"):upper()} for every other one, and one script replacing {@code string.upper}
 * would change it for all. Here {@code __index} looks the method up in the {@code string}
 * table of the runtime whose code is running ({@link WardRuntime#current()}).
 *
 * <p>The shared table itself must stay out of Lua's reach: a script that got it from
 * {@code getmetatable("")} and replaced its {@code __index} changed string methods in every
 * runtime of the JVM. So {@link #giveOwnView} makes each runtime's {@code getmetatable} answer
 * for strings with a table of that runtime's own, {@code {__index = string}} as in Lua 5.2:
 * adding methods to {@code getmetatable("").__index} works (it is the runtime's {@code string}
 * table), and replacing a field of that table changes nothing anywhere else.
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
        g.load(new WardStringLib());
        FALLBACK_STRING_TABLE = (LuaTable) g.get("string");
        METATABLE.rawset(LuaValue.INDEX, new Index());
    }

    private StringMetatable() {
    }

    /** Makes strings use the per-runtime dispatch. Idempotent. */
    public static void install() {
        LuaString.s_metatable = METATABLE;
    }

    /**
     * The table where a string's methods are looked up ({@code ("x"):upper()}), the
     * {@code string} table of the runtime running on this thread, while strings have this
     * metatable; null once something replaced it (the full debug library's
     * {@code debug.setmetatable("", mt)}). What {@code __index} does, without its call.
     */
    public static LuaTable methods() {
        return LuaString.s_metatable == METATABLE ? currentStringTable() : null;
    }

    /** The {@code string} table of the runtime running on this thread, or the fallback outside any. */
    private static LuaTable currentStringTable() {
        WardRuntime rt = WardRuntime.current();
        return rt != null ? rt.stringTable() : FALLBACK_STRING_TABLE;
    }

    /**
     * Replaces {@code g}'s {@code getmetatable} so that for a string it returns a metatable of
     * {@code g}'s own (see the class comment) instead of the shared one. Call after the base and
     * string libraries are loaded; without a {@code getmetatable} global it does nothing.
     */
    public static void giveOwnView(Globals g) {
        LuaValue original = g.rawget("getmetatable");
        if (!original.isfunction() || original instanceof OwnView) {
            return;
        }
        LuaTable own = new LuaTable();
        own.rawset(LuaValue.INDEX, g.rawget("string"));
        g.rawset("getmetatable", new OwnView(original, own));
    }

    private static final class OwnView extends VarArgFunction {
        private final LuaValue original;
        private final LuaTable own;

        OwnView(LuaValue original, LuaTable own) {
            this.original = original;
            this.own = own;
        }

        @Override
        public Varargs invoke(Varargs args) {
            return args.arg1().type() == LuaValue.TSTRING ? own : original.invoke(args);
        }

        @Override
        public String tojstring() {
            return original.tojstring(); // as before: "function: getmetatable"
        }
    }

    private static final class Index extends TwoArgFunction {
        @Override
        public LuaValue call(LuaValue self, LuaValue key) {
            return currentStringTable().get(key);
        }
    }
}
