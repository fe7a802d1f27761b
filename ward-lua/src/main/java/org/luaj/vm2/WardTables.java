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
                if (t.hashEntries > 0) { // an existing key: LuaTable.hashset's update
                    LuaTable.Slot[] h = t.hash;
                    int index = k.hashCode() & (h.length - 1);
                    for (LuaTable.Slot s = h[index]; s != null; s = s.rest()) {
                        LuaTable.StrongSlot f = s.find(k);
                        if (f != null) {
                            h[index] = h[index].set(f, v);
                            return;
                        }
                    }
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
     * is its hash masked), or null: a lone {@code NormalEntry} (the common case) compared here,
     * chains through LuaJ's {@code Slot} calls.
     */
    private static LuaTable.StrongSlot find(LuaTable t, LuaString k) {
        if (t.hashEntries == 0) {
            return null;
        }
        LuaTable.Slot[] h = t.hash;
        LuaTable.Slot s = h[k.hashCode() & (h.length - 1)];
        if (s instanceof LuaTable.NormalEntry) {
            LuaTable.NormalEntry e = (LuaTable.NormalEntry) s;
            LuaValue key = e.key();
            return key == k || k.raweq(key) ? e : null;
        }
        for (; s != null; s = s.rest()) {
            LuaTable.StrongSlot f = s.find(k);
            if (f != null) {
                return f;
            }
        }
        return null;
    }
}
