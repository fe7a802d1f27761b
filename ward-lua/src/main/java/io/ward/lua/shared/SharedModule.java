package io.ward.lua.shared;

import io.ward.core.shared.SharedDictionary;
import io.ward.lua.Args;
import io.ward.lua.DurationArgs;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Builds the {@code ward.shared} table of one runtime: {@code get}, {@code set}, {@code add},
 * {@code incr}, {@code delete}, {@code ttl}, {@code size}, {@code capacity} on the runtime's
 * {@link SharedDictionary} (its group's), and {@code lru(n)} for a cache of this runtime only.
 *
 * <p>Confined to the runtime's context (the dictionary itself is thread-safe).
 */
public final class SharedModule {
    private final SharedDictionary dict;
    private final LuaTable lruMeta;

    private SharedModule(WardRuntime rt) {
        this.dict = rt.sharedDictionary();
        this.lruMeta = LuaLruCache.metatable();
    }

    /** The module table for {@code require("ward.shared")}. */
    public static LuaTable create(WardRuntime rt) {
        return new SharedModule(rt).table();
    }

    private LuaTable table() {
        LuaTable m = new LuaTable();
        m.set("get", LuaFunctions.named("get", args -> toLua(dict.get(Args.checkString(args, 1, "get")))));
        m.set("set", LuaFunctions.named("set", args -> {
            String key = Args.checkString(args, 1, "set");
            Object value = args.arg(2).isnil() ? null : value(args, 2, "set");
            dict.set(key, value, ttl(args, 3, "set"));
            return LuaValue.TRUE;
        }));
        m.set("add", LuaFunctions.named("add", args -> {
            String key = Args.checkString(args, 1, "add");
            Object value = value(args, 2, "add");
            return dict.add(key, value, ttl(args, 3, "add"))
                    ? LuaValue.TRUE : LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("exists"));
        }));
        m.set("incr", LuaFunctions.named("incr", args -> {
            String key = Args.checkString(args, 1, "incr");
            double delta = args.arg(2).isnil() ? 1 : Args.checkNumber(args, 2, "incr");
            Double init = args.arg(3).isnil() ? null : Args.checkNumber(args, 3, "incr");
            long ttl = ttl(args, 4, "incr");
            try {
                return LuaValue.valueOf(dict.incr(key, delta, init, ttl));
            } catch (SharedDictionary.IncrException e) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.getMessage()));
            }
        }));
        m.set("delete", LuaFunctions.named("delete", args ->
                LuaValue.valueOf(dict.delete(Args.checkString(args, 1, "delete")))));
        m.set("ttl", LuaFunctions.named("ttl", args -> {
            long t = dict.ttlNanos(Args.checkString(args, 1, "ttl"));
            if (t == -2) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("not found"));
            }
            return t == -1 ? LuaValue.valueOf(0) : LuaValue.valueOf(t / 1e9);
        }));
        m.set("size", LuaFunctions.named("size", args -> LuaValue.valueOf(dict.size())));
        m.set("capacity", LuaFunctions.named("capacity", args -> LuaValue.valueOf(dict.capacity())));
        m.set("lru", LuaFunctions.named("lru", args -> {
            long n = Args.checkInteger(args, 1, "lru");
            if (n < 1 || n > Integer.MAX_VALUE) {
                throw Args.badArgument(1, "lru", "capacity must be a positive integer");
            }
            return new LuaUserdata(new LuaLruCache((int) n), lruMeta);
        }));
        return m;
    }

    /**
     * A time to live argument: absent or nil is none (0), else a non-negative duration (whole
     * seconds, a string such as {@code "500ms"}, or a Duration), with the timers' messages.
     */
    static long ttl(Varargs args, int index, String fname) {
        LuaValue v = args.arg(index);
        return v.isnil() ? 0 : DurationArgs.checkNonNegative(v);
    }

    private static Object value(Varargs args, int index, String fname) {
        LuaValue v = args.arg(index);
        switch (v.type()) {
            case LuaValue.TSTRING:
                return v.tojstring();
            case LuaValue.TNUMBER:
                return v.todouble();
            case LuaValue.TBOOLEAN:
                return v.toboolean();
            default:
                throw Args.typeError(index, fname, "string, number or boolean",
                        index > args.narg() ? LuaValue.NONE : v);
        }
    }

    private static LuaValue toLua(Object v) {
        if (v == null) {
            return LuaValue.NIL;
        }
        if (v instanceof Double) {
            return LuaValue.valueOf((Double) v);
        }
        if (v instanceof Boolean) {
            return LuaValue.valueOf((Boolean) v);
        }
        return LuaValue.valueOf((String) v);
    }
}
