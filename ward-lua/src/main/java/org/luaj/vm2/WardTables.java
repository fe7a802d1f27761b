package org.luaj.vm2;

/**
 * Stateless; used on the thread that runs the table's Lua code. Ward's fast paths for indexing
 * a plain table (exactly a {@link LuaTable}, no metatable; for a present string key, any
 * {@code LuaTable} or {@link Globals} table) with a string or an integer from
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
    /** How many tables {@link #sharedField} looks through: a table, its class, the class's parent. */
    private static final int SHARED_DEPTH = 3;

    private WardTables() {
    }

    /** {@code t[k]}, as {@code t.get(k)}. */
    public static LuaValue get(LuaTable t, LuaValue k) {
        if (t.m_metatable == null && t.getClass() == LuaTable.class) {
            if (k instanceof LuaString) {
                LuaTable.NormalEntry found = find(t, (LuaString) k);
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

    /**
     * {@code t.k} for a string constant {@code k}, when {@code t} holds that very string object
     * as a key in its own hash part ({@code __index} is only for absent keys); else null, and
     * the caller takes the general path. Constants and table keys written in Lua are mostly the
     * same objects (LuaJ's string cache), and this is small: compiled code has one at every field
     * access, and the JIT inlines only so much into one compiled method. {@code hash} is
     * {@code k.hashCode()}, computed when compiling: one call fewer to inline at each access.
     */
    public static LuaValue rawField(LuaValue t, LuaString k, int hash) {
        LuaTable.NormalEntry e = keyedBy(t, k, hash);
        return e != null ? e.value() : null;
    }

    /**
     * {@code t.k}, {@code k = constants[i]} a string constant of compiled code, where
     * {@link #rawField} did not find {@code k} itself in {@code t}: the raw lookup by equal
     * strings, in {@code t} and on through the tables its metatables' {@code __index} give (a
     * class's methods, the {@code string} table); or null when that takes anything but plain
     * tables (a weak table, an {@code __index} function, a subclass), for the general path.
     * Where an equal key that is another object is found, {@code constants[i]} becomes that
     * object, so that the site's next {@link #rawField} finds it by identity, as Lua's interned
     * strings are: a library's keys and a chunk's constants are made apart (a module's
     * {@code string.format} was an equal-bytes comparison at every call). The constants stay
     * equal strings, so nothing a script sees changes; two sites that see different objects for
     * one name just take turns.
     */
    public static LuaValue sharedField(LuaValue t, LuaValue[] constants, int i) {
        LuaString k = (LuaString) constants[i];
        LuaValue at = t;
        for (int depth = 0; depth < SHARED_DEPTH; depth++) {
            if (!plainClass(at)) {
                return null;
            }
            LuaTable table = (LuaTable) at;
            LuaTable.NormalEntry e = find(table, k);
            if (e != null) {
                if (e.key() != k) {
                    constants[i] = e.key();
                }
                return e.value();
            }
            if (table.m_metatable == null) {
                return LuaValue.NIL;
            }
            if (!(table.m_metatable instanceof LuaTable)) {
                return null; // weak keys or values: entries that are not NormalEntry
            }
            at = ((LuaTable) table.m_metatable).rawget(LuaValue.INDEX);
            if (at.isnil()) {
                return LuaValue.NIL;
            }
        }
        return null;
    }

    /**
     * {@code t.k = v}, {@code k = constants[i]}, where {@link #storeField} did not find
     * {@code k} itself, in a plain table ({@code LuaTable} or {@link Globals}, no metatable,
     * {@code v} not nil): into the entry of an equal key, whose key then becomes
     * {@code constants[i]} as in {@link #sharedField}, else as a new key ({@code rawset}: what
     * {@code set} does without a metatable). Returns whether it stored; any other table or value
     * is the caller's.
     */
    public static boolean storeShared(LuaValue t, LuaValue[] constants, int i, LuaValue v) {
        if (v instanceof LuaNil || !plainClass(t) || ((LuaTable) t).m_metatable != null) {
            return false;
        }
        LuaString k = (LuaString) constants[i];
        LuaTable.NormalEntry e = find((LuaTable) t, k);
        if (e == null) {
            if (!insert((LuaTable) t, k, v)) {
                ((LuaTable) t).rawset(k, v);
            }
            return true;
        }
        if (e.key() != k) {
            constants[i] = e.key();
        }
        e.set(v);
        return true;
    }

    /**
     * {@code t.k = v} as {@link #rawField} finds {@code k}, in a table without a metatable (a
     * weak table's entries must be made again), {@code v} not nil: the entry takes the value in
     * place, as LuaTable.hashset's update. Returns whether it stored.
     */
    public static boolean storeField(LuaValue t, LuaString k, int hash, LuaValue v) {
        if (v instanceof LuaNil || !(t instanceof LuaTable) || ((LuaTable) t).m_metatable != null) {
            return false;
        }
        LuaTable.NormalEntry e = keyedBy(t, k, hash);
        if (e == null) {
            return false;
        }
        e.set(v);
        return true;
    }

    /**
     * The entry of {@code t}'s own hash part whose key is the very object {@code k}, when
     * {@code t} is a {@code LuaTable} or {@link Globals} (no subclass of ours overrides their
     * get or set); else null. {@link #find}'s walk, without its comparison of equal strings
     * that are other objects: smaller code, for {@link #rawField} and {@link #storeField}.
     * {@code hash} is {@code k.hashCode()} (LuaTable's slot of a string key is its hash masked).
     */
    private static LuaTable.NormalEntry keyedBy(LuaValue t, LuaString k, int hash) {
        if (!plainClass(t)) {
            return null;
        }
        LuaTable.Slot[] h = ((LuaTable) t).hash;
        for (LuaTable.Slot s = h.length > 0 ? h[hash & (h.length - 1)] : null; s != null; s = s.rest()) {
            if (s.first() instanceof LuaTable.NormalEntry e && e.key() == k) {
                return e;
            }
        }
        return null;
    }

    /**
     * {@code t[k] = v} for a string key {@code k} that {@link #find} did not find, in a table
     * without a metatable, {@code v} not nil, when its hash part has room: what
     * {@code LuaTable.hashset} then does (the entry LuaTable would make, at the end of its
     * bucket's chain), without finding the bucket and walking it again. Returns false, having done
     * nothing, when the table must grow first: {@code rawset} rehashes as LuaJ does.
     */
    private static boolean insert(LuaTable t, LuaString k, LuaValue v) {
        LuaTable.Slot[] h = t.hash;
        if (t.hashEntries >= h.length) { // LuaTable.checkLoadFactor
            return false;
        }
        int b = k.hashCode() & (h.length - 1); // LuaTable.hashSlot of a string
        LuaTable.Slot entry = LuaTable.defaultEntry(k, v);
        h[b] = h[b] != null ? h[b].add(entry) : entry;
        t.hashEntries++;
        return true;
    }

    /** Whether {@code t} is exactly a {@code LuaTable} or {@link Globals}: no subclass of ours overrides their get or set. */
    private static boolean plainClass(LuaValue t) {
        return t.getClass() == LuaTable.class || t.getClass() == Globals.class;
    }

    /**
     * {@link #plainClass} with strong keys and values: no metatable, or one that is a table
     * (weak keys or values make other entries, which may be gone).
     */
    static boolean strongPlain(LuaValue t) {
        return plainClass(t) && (((LuaTable) t).m_metatable == null || ((LuaTable) t).m_metatable instanceof LuaTable);
    }

    /**
     * {@code #t} of a table without a metatable and without hash entries: {@link #border}'s
     * answer, computed in the array part alone (small enough to inline at every {@code #} of
     * compiled code); -1 for any other value.
     */
    public static int rawLength(LuaValue t) {
        if (t.getClass() != LuaTable.class || ((LuaTable) t).m_metatable != null || ((LuaTable) t).hashEntries != 0) {
            return -1;
        }
        LuaValue[] a = ((LuaTable) t).array;
        int j = a.length;
        if (j == 0 || (a[j - 1] != null && !(a[j - 1] instanceof LuaNil))) {
            return j; // a full array part and nothing in the hash part
        }
        return searchArray(a, j);
    }

    /** Lua 5.2's binary search for a border below {@code j} in array part {@code a}, whose slot {@code j} is nil. */
    private static int searchArray(LuaValue[] a, int j) {
        int i = 0;
        while (j - i > 1) {
            int m = (i + j) >>> 1;
            if (a[m - 1] == null || a[m - 1] instanceof LuaNil) {
                j = m;
            } else {
                i = m;
            }
        }
        return i;
    }

    /**
     * The border {@code #t} chooses (raw, no {@code __len}), as Lua 5.2's {@code luaH_getn}: when
     * the array part's last slot is nil, a binary search in the array part; else a search
     * upwards from its end through the hash part ({@code unbound_search}). Any border is a valid
     * {@code #} of a table with holes, but a different one is a different answer: with LuaJ's own
     * search {@code #{1, 2, nil, 4}} was 2 (Lua 5.2: 4), and {@code table.insert} on such a table
     * wrote elsewhere. Replaces {@code LuaTable.rawlen} (io.ward.lua.patch.LuajPatcher).
     */
    public static int border(LuaTable t) {
        int j = t.array.length;
        if (j > 0 && strongPlain(t)) {
            LuaValue[] a = t.array; // strong values read in place: rawget's answers, without its calls
            if (a[j - 1] == null || a[j - 1] instanceof LuaNil) {
                return searchArray(a, j);
            }
        } else if (j > 0 && t.rawget(j).isnil()) {
            int i = 0;
            while (j - i > 1) {
                int m = (i + j) >>> 1;
                if (t.rawget(m).isnil()) {
                    j = m;
                } else {
                    i = m;
                }
            }
            return i;
        }
        long i = j; // zero or a present index
        long k = i + 1;
        while (!t.rawget((int) k).isnil()) {
            i = k;
            k *= 2;
            if (k > Integer.MAX_VALUE) { // only a table built to defeat the search: a linear one, as Lua's
                int n = 1;
                while (!t.rawget(n).isnil()) {
                    n++;
                }
                return n - 1;
            }
        }
        while (k - i > 1) {
            long m = (i + k) / 2;
            if (t.rawget((int) m).isnil()) {
                k = m;
            } else {
                i = m;
            }
        }
        return (int) i;
    }

    /**
     * {@code t[dst + i] = t[src + i]} for i in 0..n-1 as one array copy (overlaps as memmove),
     * when both ranges are in the array part of a table without a metatable: what the same raw
     * gets and sets one by one do there (the array part holds nil as null). Returns false, having
     * done nothing, otherwise. For {@code table.insert} and {@code table.remove}.
     */
    public static boolean moveInArray(LuaTable t, int src, int dst, int n) {
        LuaValue[] a = t.array;
        if (t.m_metatable != null || t.getClass() != LuaTable.class || n < 0 || src < 1 || dst < 1
                || src > a.length - n + 1 || dst > a.length - n + 1) {
            return false;
        }
        System.arraycopy(a, src - 1, a, dst - 1, n);
        return true;
    }

    /** {@code t[k] = v}, as {@code t.set(k, v)}. */
    public static void set(LuaTable t, LuaValue k, LuaValue v) {
        if (t.m_metatable == null && t.getClass() == LuaTable.class && !v.isnil()) {
            if (k instanceof LuaString) {
                LuaTable.NormalEntry found = find(t, (LuaString) k);
                if (found != null) { // an existing key: what LuaTable.hashset's update does to it
                    found.set(v);
                    return;
                }
                if (insert(t, (LuaString) k, v)) {
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
    private static LuaTable.NormalEntry find(LuaTable t, LuaString k) {
        LuaTable.Slot[] h = t.hash;
        int n = h.length;
        for (LuaTable.Slot s = n > 0 ? h[k.hashCode() & (n - 1)] : null; s != null; s = s.rest()) {
            if (s.first() instanceof LuaTable.NormalEntry e && (e.key() == k || k.raweq(e.key()))) {
                return e;
            }
        }
        return null;
    }
}
