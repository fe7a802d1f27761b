package io.ward.lua.shared;

import io.ward.lua.Args;
import io.ward.lua.LuaFunctions;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * A least-recently-used cache of any Lua values (tables, functions...) for one runtime: what
 * cannot cross loops stays here, unlike {@code ward.shared}'s dictionary. Entries may carry a
 * time to live. Confined to the runtime's context.
 */
final class LuaLruCache {
    private final int capacity;
    private final LinkedHashMap<LuaValue, Entry> map;
    private long evictions;

    private static final class Entry {
        final LuaValue value;
        /** {@link System#nanoTime()} scale; 0: never. */
        final long expiresAt;

        Entry(LuaValue value, long expiresAt) {
            this.value = value;
            this.expiresAt = expiresAt;
        }

        boolean expired(long now) {
            return expiresAt != 0 && now - expiresAt >= 0;
        }
    }

    LuaLruCache(int capacity) {
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true);
    }

    /** The shared metatable of cache userdata: {@code get}, {@code set}, {@code delete}, {@code size}, {@code capacity}. */
    static LuaTable metatable() {
        LuaTable methods = new LuaTable();
        methods.set("get", LuaFunctions.named("get", args -> {
            LuaLruCache c = self(args, "get");
            LuaValue key = key(args, "get");
            Entry e = c.map.get(key);
            if (e == null) {
                return LuaValue.NIL;
            }
            if (e.expired(System.nanoTime())) {
                c.map.remove(key);
                return LuaValue.NIL;
            }
            return e.value;
        }));
        methods.set("set", LuaFunctions.named("set", args -> {
            LuaLruCache c = self(args, "set");
            LuaValue key = key(args, "set");
            LuaValue value = args.arg(3);
            long ttl = SharedModule.ttl(args, 4, "set");
            if (value.isnil()) {
                c.map.remove(key);
                return LuaValue.NONE;
            }
            c.put(key, new Entry(value, ttl == 0 ? 0 : Math.max(1, System.nanoTime() + ttl)));
            return LuaValue.NONE;
        }));
        methods.set("delete", LuaFunctions.named("delete", args -> {
            LuaLruCache c = self(args, "delete");
            return LuaValue.valueOf(c.map.remove(key(args, "delete")) != null);
        }));
        methods.set("size", LuaFunctions.named("size", args -> LuaValue.valueOf(self(args, "size").map.size())));
        methods.set("capacity", LuaFunctions.named("capacity",
                args -> LuaValue.valueOf(self(args, "capacity").capacity)));
        methods.set("evictions", LuaFunctions.named("evictions",
                args -> LuaValue.valueOf(self(args, "evictions").evictions)));
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, methods);
        meta.set(LuaValue.METATABLE, LuaValue.FALSE);
        meta.set(LuaValue.TOSTRING, LuaFunctions.named("__tostring", args -> {
            LuaLruCache c = self(args, "__tostring");
            return LuaValue.valueOf("LruCache(" + c.map.size() + "/" + c.capacity + ")");
        }));
        return meta;
    }

    private void put(LuaValue key, Entry e) {
        if (map.remove(key) == null && map.size() >= capacity) {
            Iterator<Entry> eldest = map.values().iterator();
            if (!eldest.next().expired(System.nanoTime())) {
                evictions++;
            }
            eldest.remove();
        }
        map.put(key, e);
    }

    private static LuaLruCache self(Varargs args, String fname) {
        return Args.checkUserdata(args, 1, fname, LuaLruCache.class, "LruCache");
    }

    private static LuaValue key(Varargs args, String fname) {
        LuaValue k = args.arg(2);
        if (k.isnil()) {
            throw Args.typeError(2, fname, "non-nil key", args.narg() < 2 ? LuaValue.NONE : k);
        }
        if (k.isnumber() && Double.isNaN(k.todouble())) {
            throw Args.badArgument(2, fname, "key is NaN");
        }
        return k;
    }
}
