package org.luaj.vm2;

/**
 * Confined to the thread running the compiled Lua call that owns it. One step of a generic
 * {@code for} over {@code pairs(t)} or {@code ipairs(t)}, done for compiled code without a call
 * or a {@code Varargs}: {@link #next} and {@link #ipairs} leave the step's key and value here.
 * A compiled function keeps one cursor per {@code for ... in} loop; for {@code next} it also
 * remembers where it found the key it returned, so that the next step does not hash that key
 * again. The answers are {@code LuaTable.next}'s and {@code ipairs_aux}'s, entry for entry
 * ({@code CompiledTablesTest}); anything but a plain table goes back to the caller's general path.
 *
 * <p>Ward's own class in LuaJ's package (not a copy of LuaJ code): only there can it read a
 * table's array and hash parts.
 */
public final class TableCursor {
    private LuaValue key = LuaValue.NIL;
    private LuaValue value = LuaValue.NIL;
    /** Where {@link #key} was found in the hash part: that table's bucket array, and the bucket. */
    private LuaTable.Slot[] hash;
    private int bucket;

    /** The step's key; nil when the traversal is over. */
    public LuaValue key() {
        return key;
    }

    /** The step's value (nil when the traversal is over). */
    public LuaValue value() {
        return value;
    }

    /**
     * Whether {@link #next} traverses {@code t}: exactly a {@code LuaTable} or {@link Globals}
     * whose metatable, if any, is a table (weak tables, whose entries may be gone, and
     * subclasses answer for themselves).
     */
    public static boolean traverses(LuaValue t) {
        return WardTables.strongPlain(t);
    }

    /**
     * {@code next(t, k)} for a table {@link #traverses} accepts, its answer in {@link #key} and
     * {@link #value}: the same entry as {@code LuaTable.next}, whose order it follows (the array
     * part, then the buckets, each chain in order). Returns false, having changed nothing, when
     * {@code k} is not a key of {@code t}: the caller then calls {@code next}, which raises its
     * own error.
     */
    public boolean next(LuaTable t, LuaValue k) {
        LuaValue[] a = t.array;
        LuaTable.Slot[] h = t.hash;
        int from; // where the search for the next entry starts: an array index, or a.length + a bucket
        if (k.isnil()) {
            from = 0;
        } else if (k instanceof LuaInteger && ((LuaInteger) k).v > 0 && ((LuaInteger) k).v <= a.length) {
            from = ((LuaInteger) k).v;
        } else {
            if (h.length == 0) {
                return false;
            }
            int b = h == hash && k == key ? bucket : LuaTable.hashSlot(k, h.length - 1);
            boolean found = false;
            for (LuaTable.Slot s = h[b]; s != null; s = rest(s)) {
                if (found) {
                    LuaTable.StrongSlot e = first(s);
                    if (e != null) {
                        return at(h, b, e);
                    }
                } else if (s instanceof LuaTable.NormalEntry e && e.key() == k || s.keyeq(k)) {
                    found = true; // (as LuaJ's: a key removed during the traversal still leads on)
                }
            }
            if (!found) {
                return false;
            }
            from = a.length + b + 1;
        }
        for (int i = from; i < a.length; i++) {
            if (a[i] != null) {
                key = LuaInteger.valueOf(i + 1);
                value = a[i];
                hash = null;
                return true;
            }
        }
        for (int b = Math.max(from - a.length, 0); b < h.length; b++) {
            for (LuaTable.Slot s = h[b]; s != null; s = rest(s)) {
                LuaTable.StrongSlot e = first(s);
                if (e != null) {
                    return at(h, b, e);
                }
            }
        }
        key = LuaValue.NIL;
        value = LuaValue.NIL;
        hash = null;
        return true;
    }

    /*
     * A bucket mostly holds one entry (an Entry: its own first, no rest). Told apart here, the
     * calls below stay two-way (NormalEntry, IntKeyEntry), where a chain's slot classes make the
     * Slot interface's calls megamorphic.
     */
    private static LuaTable.StrongSlot first(LuaTable.Slot s) {
        return s instanceof LuaTable.Entry e ? e : s.first();
    }

    private static LuaTable.Slot rest(LuaTable.Slot s) {
        return s instanceof LuaTable.Entry ? null : s.rest();
    }

    private boolean at(LuaTable.Slot[] h, int b, LuaTable.StrongSlot e) {
        key = e.key();
        value = e.value();
        hash = h;
        bucket = b;
        return true;
    }

    /** {@code ipairs_aux(t, i)}: {@code i + 1} and the raw {@code t[i + 1]}, or nil when that is nil. */
    public void ipairs(LuaTable t, int i) {
        LuaValue v = t.rawget(i + 1);
        if (v.isnil()) {
            key = LuaValue.NIL;
            value = LuaValue.NIL;
        } else {
            key = LuaInteger.valueOf(i + 1);
            value = v;
        }
        hash = null;
    }
}
