package org.luaj.vm2;

/**
 * Stateless; used on the thread that runs the table's Lua code. Ward's fast paths for indexing
 * a plain table (exactly a {@link LuaTable}, no metatable) with a string or an integer from
 * compiled Lua code ({@code io.ward.lua.vm.LuaOps}): the same results as {@link LuaTable#get}
 * and {@link LuaTable#set}, without LuaJ's calls through its {@code Slot} interfaces, which are
 * megamorphic in any real program and keep the JIT from inlining a table read.
 *
 * <p>Ward's own class in LuaJ's package (not a copy of LuaJ code): only there can it read a
 * table's array and hash parts. Anything off the fast path (a metatable, a subclass, a chained
 * or missing hash slot, an integer outside the array part, a nil value to store) goes to
 * {@code LuaTable}'s own method.
 */
public final class WardTables {
    private WardTables() {
    }

    /** {@code t[k]}, as {@code t.get(k)}. */
    public static LuaValue get(LuaTable t, LuaValue k) {
        if (t.m_metatable == null && t.getClass() == LuaTable.class) {
            if (k instanceof LuaString) {
                LuaTable.Slot s = slot(t, (LuaString) k);
                if (s instanceof LuaTable.NormalEntry) {
                    LuaTable.NormalEntry e = (LuaTable.NormalEntry) s;
                    LuaValue key = e.key();
                    if (key == k || k.raweq(key)) {
                        return e.value();
                    }
                }
            } else if (k instanceof LuaInteger) {
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
                LuaTable.Slot s = slot(t, (LuaString) k);
                if (s instanceof LuaTable.NormalEntry) {
                    LuaTable.NormalEntry e = (LuaTable.NormalEntry) s;
                    LuaValue key = e.key();
                    if (key == k || k.raweq(key)) {
                        e.set(v);
                        return;
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

    /** The first slot of {@code k}'s bucket (LuaTable's hashSlot of a string: its hash masked), or null. */
    private static LuaTable.Slot slot(LuaTable t, LuaString k) {
        if (t.hashEntries == 0) {
            return null;
        }
        LuaTable.Slot[] h = t.hash;
        return h[k.hashCode() & (h.length - 1)];
    }
}
