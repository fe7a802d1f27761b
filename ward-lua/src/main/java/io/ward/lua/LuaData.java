package io.ward.lua;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The data model every converter shares (JSON, YAML, TOML, INI, template contexts): a
 * runtime's one null sentinel, the hidden metatable that marks decoded arrays, and the
 * conversion of Lua values to plain Java data ({@link Map}, {@link List}, {@link String},
 * {@link Long}, {@link Double}, {@link Boolean}, {@code null}) and back. Conversions run on the
 * runtime's context; the Java data they make or take may cross threads (it is not shared).
 *
 * <p>Rules (docs/CONVERT.md): a table is an array when its raw border is positive or it
 * carries the array marker, and then holds {@code t[1..]} up to the first nil (other keys are
 * dropped); any other table is a map. A number that is integral and within the 64-bit range
 * becomes a {@link Long} (Lua 5.2 has no integer subtype), others a {@link Double}. Strings
 * must be UTF-8. Cycles and functions, threads and foreign userdata raise.
 */
public final class LuaData {
    /** How deep tables may nest on the way out; past it the value is refused, never a Java stack overflow. */
    public static final int MAX_DEPTH = 512;

    private static final Map<WardRuntime, LuaData> BY_RUNTIME = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Object NULL_PAYLOAD = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Which map keys a format accepts. */
    public enum Keys {
        /** strings only (JSON, TOML, template contexts): upstream's serde rule */
        STRINGS,
        /** any scalar keeps its type (YAML) */
        SCALARS,
        /** strings, numbers written as their string form (INI) */
        STRINGS_OR_NUMBERS
    }

    /** A value that cannot be converted; the message is for Lua ("recursive table detected"). */
    public static final class DataException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DataException(String message) {
            super(message, null, false, false);
        }
    }

    private final LuaUserdata nullValue;
    private final LuaTable arrayMeta;

    private LuaData() {
        LuaTable nullMeta = new LuaTable();
        nullMeta.set("__name", "null");
        nullMeta.set("__tostring", LuaFunctions.named("tostring", a -> LuaValue.valueOf("null")));
        nullMeta.set("__metatable", LuaValue.FALSE); // getmetatable(json.null) is false: nobody edits it
        this.nullValue = new LuaUserdata(NULL_PAYLOAD, nullMeta);
        this.arrayMeta = new LuaTable();
        arrayMeta.set("__name", "array");
    }

    /** The data model of {@code rt}: the same sentinel and marker for every module of that runtime. */
    public static LuaData of(WardRuntime rt) {
        synchronized (BY_RUNTIME) {
            return BY_RUNTIME.computeIfAbsent(rt, r -> new LuaData());
        }
    }

    /** The null sentinel ({@code json.null}): a userdata, truthy, equal only to itself. */
    public LuaValue nullValue() {
        return nullValue;
    }

    public boolean isNull(LuaValue v) {
        return v == nullValue;
    }

    /** A new empty table carrying the array marker (it encodes as {@code []} even when empty). */
    public LuaTable newArray() {
        LuaTable t = new LuaTable();
        t.setmetatable(arrayMeta);
        return t;
    }

    /** Whether {@code t} carries the array marker. */
    public boolean isMarkedArray(LuaValue t) {
        return t.getmetatable() == arrayMeta;
    }

    /**
     * Lua to Java data. NaN and infinities stay {@link Double}s (each writer decides: JSON
     * writes null). Raises {@link DataException} for what has no data form.
     */
    public Object toJava(LuaValue v, Keys keys) {
        return toJava(v, keys, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
    }

    private Object toJava(LuaValue v, Keys keys, Set<LuaValue> path, int depth) {
        switch (v.type()) {
            case LuaValue.TNIL:
                return null;
            case LuaValue.TBOOLEAN:
                return v.toboolean();
            case LuaValue.TNUMBER:
                return number(v.todouble());
            case LuaValue.TSTRING:
                return utf8((LuaString) v.checkstring());
            case LuaValue.TTABLE:
                return table((LuaTable) v, keys, path, depth);
            case LuaValue.TUSERDATA:
            case LuaValue.TLIGHTUSERDATA:
                if (v == nullValue) {
                    return null;
                }
                throw new DataException("unsupported value type: userdata");
            default:
                throw new DataException("unsupported value type: " + v.typename());
        }
    }

    /** An integral double within the 64-bit range as a {@link Long}, else the double itself. */
    public static Object number(double d) {
        if (d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) {
            return (long) d;
        }
        return d;
    }

    private Object table(LuaTable t, Keys keys, Set<LuaValue> path, int depth) {
        if (depth >= MAX_DEPTH) {
            throw new DataException("tables nested deeper than " + MAX_DEPTH + " levels");
        }
        if (!path.add(t)) {
            throw new DataException("recursive table detected");
        }
        try {
            if (t.rawlen() > 0 || isMarkedArray(t)) {
                List<Object> list = new ArrayList<>();
                for (int i = 1; ; i++) {
                    LuaValue e = t.rawget(i);
                    if (e.isnil()) {
                        break;
                    }
                    list.add(toJava(e, keys, path, depth + 1));
                }
                return list;
            }
            Map<Object, Object> map = new LinkedHashMap<>();
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = t.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                map.put(key(k, keys), toJava(n.arg(2), keys, path, depth + 1));
            }
            return map;
        } finally {
            path.remove(t);
        }
    }

    private Object key(LuaValue k, Keys keys) {
        if (k.type() == LuaValue.TSTRING) {
            return utf8((LuaString) k.checkstring());
        }
        if (keys == Keys.SCALARS) {
            if (k.isboolean()) {
                return k.toboolean();
            }
            if (k.type() == LuaValue.TNUMBER) {
                return number(k.todouble());
            }
        } else if (keys == Keys.STRINGS_OR_NUMBERS && k.type() == LuaValue.TNUMBER) {
            return k.tojstring();
        }
        throw new DataException("invalid type: " + describeKey(k) + ", expected a string");
    }

    private static String describeKey(LuaValue k) {
        if (k.type() == LuaValue.TNUMBER) {
            Object n = number(k.todouble());
            return (n instanceof Long ? "integer `" : "floating point `") + k.tojstring() + "`";
        }
        if (k.isboolean()) {
            return "boolean `" + k.toboolean() + "`";
        }
        return k.typename();
    }

    /** The text of a Lua string that must be UTF-8; raises {@link DataException} otherwise. */
    public static String utf8(LuaString s) {
        byte[] b = s.m_bytes;
        int end = s.m_offset + s.m_length;
        int i = s.m_offset;
        while (i < end && b[i] >= 0) {
            i++;
        }
        if (i == end) { // ASCII, most keys and values: no decoder needed
            return new String(b, s.m_offset, s.m_length, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(s.m_bytes, s.m_offset, s.m_length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DataException("invalid UTF-8 in string");
        }
    }

    /**
     * Java data to Lua: null is the sentinel, lists become marked arrays, maps plain tables
     * (keys keep their scalar type), integers that fit a double exactly stay exact.
     */
    public LuaValue toLua(Object o) {
        return toLua(o, 0);
    }

    private LuaValue toLua(Object o, int depth) {
        if (o == null) {
            return nullValue;
        }
        if (o instanceof String) {
            return text((String) o);
        }
        if (o instanceof Boolean) {
            return LuaValue.valueOf((Boolean) o);
        }
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
            long l = ((Number) o).longValue();
            return l == (int) l ? LuaValue.valueOf((int) l) : LuaValue.valueOf((double) l);
        }
        if (o instanceof Number) {
            return LuaValue.valueOf(((Number) o).doubleValue());
        }
        if (o instanceof byte[]) {
            return LuaValue.valueOf((byte[]) o);
        }
        if (depth >= MAX_DEPTH) {
            throw new DataException("data nested deeper than " + MAX_DEPTH + " levels (or recursive)");
        }
        if (o instanceof Map) {
            LuaTable t = new LuaTable();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
                LuaValue k = toLua(e.getKey(), depth + 1);
                if (k.type() == LuaValue.TNUMBER && Double.isNaN(k.todouble())) {
                    throw new DataException("a NaN map key cannot be a table key");
                }
                t.rawset(k, toLua(e.getValue(), depth + 1));
            }
            return t;
        }
        if (o instanceof Collection) {
            LuaTable t = newArray();
            int i = 1;
            for (Object e : (Collection<?>) o) {
                t.rawset(i++, toLua(e, depth + 1));
            }
            return t;
        }
        return LuaValue.valueOf(o.toString());
    }

    /**
     * A Java string as a Lua string of its UTF-8 bytes ({@link LuaValue#valueOf(String)} writes
     * characters past U+FFFF as two replacement characters).
     */
    public static LuaString text(String s) {
        return LuaString.valueUsing(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The Lua error for a failed conversion of argument {@code index} of {@code fname}. */
    public static LuaError badArgument(int index, String fname, DataException e) {
        return Args.badArgument(index, fname, e.getMessage());
    }
}
