package io.ward.lua;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conversions between Lua values and plain Java values, deep and cycle-safe.
 *
 * <p>Lua to Java: {@code nil} → {@code null}; booleans → {@link Boolean}; numbers →
 * {@link Long} when whole and within ±2^53, else {@link Double}; strings → {@link String}
 * (decoded as UTF-8; use {@link #toBytes} for binary data); a table that is a sequence
 * {@code 1..n} (and not empty) → {@link List}, any other table → {@link Map} (keys converted
 * too); userdata → its Java payload; functions and threads stay {@link LuaValue}s. A table
 * reached twice converts to the same Java object, so cycles become cyclic Java structures.
 *
 * <p>Java to Lua: {@code null} → {@code nil}; {@link Boolean}, {@link Number},
 * {@link CharSequence} → the Lua value; {@code byte[]} → a Lua string of those bytes;
 * {@link Map}, {@link List}, arrays → tables (same identity rule); {@link LuaValue} as is;
 * anything else → userdata holding it.
 *
 * <p>Stateless and thread-safe, but the Lua values themselves belong to their runtime's
 * context: convert them there.
 */
public final class LuaValues {
    private static final double MAX_EXACT = 0x1p53;

    private LuaValues() {
    }

    /** The Java form of {@code v} (see the class comment). */
    public static Object toJava(LuaValue v) {
        return toJava(v, new IdentityHashMap<>());
    }

    /** Every value of {@code args} converted with {@link #toJava(LuaValue)}. */
    public static Object[] toJava(Varargs args) {
        IdentityHashMap<LuaValue, Object> seen = new IdentityHashMap<>();
        Object[] out = new Object[args.narg()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toJava(args.arg(i + 1), seen);
        }
        return out;
    }

    /** The raw bytes of a Lua string (binary-safe), or {@code null} for other values. */
    public static byte[] toBytes(LuaValue v) {
        if (!(v instanceof LuaString)) {
            return null;
        }
        LuaString s = (LuaString) v;
        byte[] b = new byte[s.m_length];
        s.copyInto(0, b, 0, b.length);
        return b;
    }

    private static Object toJava(LuaValue v, IdentityHashMap<LuaValue, Object> seen) {
        switch (v.type()) {
            case LuaValue.TNIL:
            case LuaValue.TNONE:
                return null;
            case LuaValue.TBOOLEAN:
                return v.toboolean();
            case LuaValue.TNUMBER: {
                double d = v.todouble();
                if (d == Math.rint(d) && Math.abs(d) <= MAX_EXACT) {
                    return (long) d;
                }
                return d;
            }
            case LuaValue.TSTRING:
                return v.tojstring();
            case LuaValue.TTABLE:
                return tableToJava((LuaTable) v, seen);
            case LuaValue.TUSERDATA:
                return v.touserdata();
            default:
                return v; // functions, threads: only meaningful to Lua
        }
    }

    private static Object tableToJava(LuaTable t, IdentityHashMap<LuaValue, Object> seen) {
        Object done = seen.get(t);
        if (done != null) {
            return done;
        }
        int n = t.length();
        if (n > 0 && t.keyCount() == n) {
            List<Object> list = new ArrayList<>(n);
            seen.put(t, list);
            for (int i = 1; i <= n; i++) {
                list.add(toJava(t.rawget(i), seen));
            }
            return list;
        }
        Map<Object, Object> map = new LinkedHashMap<>();
        seen.put(t, map);
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs next = t.next(k);
            k = next.arg1();
            if (k.isnil()) {
                return map;
            }
            map.put(toJava(k, seen), toJava(next.arg(2), seen));
        }
    }

    /** The Lua form of {@code o} (see the class comment). */
    public static LuaValue toLua(Object o) {
        if (o == null || o instanceof LuaValue || o instanceof Boolean || o instanceof Number
                || o instanceof CharSequence || o instanceof byte[]) {
            return toLua(o, null); // no containers: no identity map to allocate (hot on channel receives)
        }
        return toLua(o, new IdentityHashMap<>());
    }

    /** Several Java values as Lua varargs. */
    public static Varargs toLuaVarargs(Object... values) {
        IdentityHashMap<Object, LuaValue> seen = new IdentityHashMap<>();
        LuaValue[] out = new LuaValue[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = toLua(values[i], seen);
        }
        return LuaValue.varargsOf(out);
    }

    private static LuaValue toLua(Object o, IdentityHashMap<Object, LuaValue> seen) {
        if (o == null) {
            return LuaValue.NIL;
        }
        if (o instanceof LuaValue) {
            return (LuaValue) o;
        }
        if (o instanceof Boolean) {
            return LuaValue.valueOf((Boolean) o);
        }
        if (o instanceof Number) {
            return LuaValue.valueOf(((Number) o).doubleValue());
        }
        if (o instanceof CharSequence) {
            return LuaValue.valueOf(o.toString());
        }
        if (o instanceof byte[]) {
            return LuaValue.valueOf((byte[]) ((byte[]) o).clone());
        }
        LuaValue done = seen.get(o);
        if (done != null) {
            return done;
        }
        if (o instanceof Map) {
            LuaTable t = new LuaTable();
            seen.put(o, t);
            for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
                LuaValue key = toLua(e.getKey(), seen);
                if (!key.isnil()) {
                    t.rawset(key, toLua(e.getValue(), seen));
                }
            }
            return t;
        }
        if (o instanceof List) {
            LuaTable t = new LuaTable();
            seen.put(o, t);
            int i = 1;
            for (Object item : (List<?>) o) {
                t.rawset(i++, toLua(item, seen));
            }
            return t;
        }
        if (o instanceof Object[]) {
            LuaTable t = new LuaTable();
            seen.put(o, t);
            Object[] array = (Object[]) o;
            for (int i = 0; i < array.length; i++) {
                t.rawset(i + 1, toLua(array[i], seen));
            }
            return t;
        }
        return LuaValue.userdataOf(o);
    }
}
