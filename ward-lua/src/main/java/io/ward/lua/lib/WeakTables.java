package io.ward.lua.lib;

import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Stateless; a table is confined to its runtime. Setting a table's metatable so that its
 * entries are as weak as Lua 5.2 makes them: a weak table's entries are weak whenever they
 * were stored, and a table that becomes strong holds its entries strongly again.
 *
 * <p>Why: LuaJ makes an entry weak when it is stored (it wraps the value, or makes a weak hash
 * slot), and {@code LuaTable.setmetatable} keeps the entries already there as they are, so
 * {@code local x = {[1] = {}}; setmetatable(x, {__mode = 'kv'})} never lost {@code x[1]}
 * (the official {@code closure.lua} waited for it for ever), and a weak table made strong
 * kept LuaJ's wrappers in its array part.
 */
final class WeakTables {
    private static final LuaValue MODE = LuaValue.valueOf("__mode");

    private WeakTables() {
    }

    /**
     * {@code t.setmetatable(mt)} ({@code mt} a table or nil); when the old or the new metatable
     * has a {@code __mode}, every entry is stored again under the new one (read under the old
     * one, so a weak value not yet collected is kept).
     */
    static void setmetatable(LuaTable t, LuaValue mt) {
        LuaValue old = t.getmetatable();
        if (!hasMode(old) && !hasMode(mt)) {
            t.setmetatable(mt);
            return;
        }
        List<LuaValue> entries = new ArrayList<>();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            k = n.arg1();
            if (k.isnil()) {
                break;
            }
            LuaValue key = k.strongvalue();
            LuaValue v = n.arg(2).strongvalue();
            if (key != null && !key.isnil() && v != null && !v.isnil()) {
                entries.add(key);
                entries.add(v);
            }
        }
        t.setmetatable(mt);
        for (int i = 0; i < entries.size(); i += 2) {
            t.rawset(entries.get(i), LuaValue.NIL);
        }
        for (int i = 0; i < entries.size(); i += 2) {
            t.rawset(entries.get(i), entries.get(i + 1));
        }
    }

    private static boolean hasMode(LuaValue mt) {
        return mt != null && mt.istable() && mt.rawget(MODE).isstring();
    }
}
