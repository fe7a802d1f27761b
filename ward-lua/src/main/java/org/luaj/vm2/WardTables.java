package org.luaj.vm2;

/**
 * Stateless; used on the thread that runs the table's Lua code. Ward's fast paths for indexing
 * a plain table (exactly a {@link LuaTable}, no metatable) with a string or an integer from
 * compiled Lua code ({@code io.ward.lua.vm.LuaOps}): the same results as {@link LuaTable#get}
 * and {@link LuaTable#set}, in code small enough for the JIT to inline at every table access of
 * a compiled function (LuaJ's own path, through {@code rawget} and {@code hashget}, is several
 * times larger and makes the JIT give up on functions with many table accesses).
 *
 * <p>Ward's own class in LuaJ's package (not a copy of LuaJ code): only there can it read a
 * table's array and hash parts. Anything else (a metatable, a subclass, an integer outside the
 * array part, a new key, a nil value to store) goes to {@code LuaTable}'s own method.
 */
public final class WardTables {
    private WardTables() {
    }

    /** {@code t[k]}, as {@code t.get(k)}. */
    public static LuaValue get(LuaTable t, LuaValue k) {
        if (t.m_metatable == null && t.getClass() == LuaTable.class) {
            if (k instanceof LuaString) {
                LuaTable.StrongSlot found = find(t, (LuaString) k);
                return found != null ? found.value() : LuaValue.NIL; // LuaTable.hashget's answer
            }
            if (k instanceof LuaInteger) {
                int i = ((LuaInteger) k).v;
                LuaValue[] a = t.array;
                if (i > 0 && i <= a.length) {
                    LuaValue v = a[i - 1];
                    return v != null ? v : LuaValue.NIL;
                }
            }
        }
        return t.get(k);
    }

    /** {@code t[k] = v}, as {@code t.set(k, v)}. */
    public static void set(LuaTable t, LuaValue k, LuaValue v) {
        if (t.m_metatable == null && t.getClass() == LuaTable.class && !v.isnil()) {
            if (k instanceof LuaString) {
                LuaTable.StrongSlot found = find(t, (LuaString) k);
                if (found instanceof LuaTable.NormalEntry) { // an existing key: what LuaTable.hashset's update does to it
                    ((LuaTable.NormalEntry) found).set(v);
                    return;
                }
            } else if (k instanceof LuaInteger) {
                int i = ((LuaInteger) k).v;
                LuaValue[] a = t.array;
                if (i > 0 && i <= a.length) {
                    a[i - 1] = v;
                    return;
                }
            }
        }
        t.set(k, v);
    }

    /**
     * The entry of string key {@code k} in {@code t}'s hash part (LuaTable's hashSlot of a string
     * is its hash masked), or null. A string key is in a {@code NormalEntry}: the chain's slots
     * ({@code first()}: a link's entry, an entry itself; {@code rest()}: the next) are walked
     * here, the key compared by identity first (LuaJ's {@code find} dispatches twice per slot).
     */
    private static LuaTable.StrongSlot find(LuaTable t, LuaString k) {
        if (t.hashEntries == 0) {
            return null;
        }
        LuaTable.Slot[] h = t.hash;
        for (LuaTable.Slot s = h[k.hashCode() & (h.length - 1)]; s != null; s = s.rest()) {
            LuaTable.StrongSlot e = s.first();
            if (e instanceof LuaTable.NormalEntry && sameKey(((LuaTable.NormalEntry) e).key(), k)) {
                return e;
            }
        }
        return null;
    }

    private static boolean sameKey(LuaValue key, LuaString k) {
        return key == k || k.raweq(key);
    }
}
