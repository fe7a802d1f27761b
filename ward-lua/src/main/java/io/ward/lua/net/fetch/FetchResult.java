package io.ward.lua.net.fetch;

import io.ward.lua.Args;
import io.ward.lua.LuaFunctions;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A {@code FetchResponse}: {@code ok}, {@code status}, {@code path} (or nil) and
 * {@code size}, as read-only fields and as {@code is_ok}/{@code get_*} methods.
 *
 * <p>Immutable; the metatable is confined to the runtime's context.
 */
final class FetchResult {
    final boolean ok;
    final int status;
    final String path;
    final long size;

    FetchResult(boolean ok, int status, String path, long size) {
        this.ok = ok;
        this.status = status;
        this.path = path;
        this.size = size;
    }

    LuaValue toLua(LuaTable meta) {
        return new LuaUserdata(this, meta);
    }

    private LuaValue field(String name) {
        switch (name) {
            case "ok":
                return LuaValue.valueOf(ok);
            case "status":
                return LuaValue.valueOf(status);
            case "path":
                return path == null ? LuaValue.NIL : LuaValue.valueOf(path);
            case "size":
                return LuaValue.valueOf((double) size);
            default:
                return null;
        }
    }

    static LuaTable metatable() {
        LuaTable methods = new LuaTable();
        methods.set("is_ok", LuaFunctions.named("is_ok", a -> LuaValue.valueOf(self(a, "is_ok").ok)));
        methods.set("get_status", LuaFunctions.named("get_status", a -> self(a, "get_status").field("status")));
        methods.set("get_path", LuaFunctions.named("get_path", a -> self(a, "get_path").field("path")));
        methods.set("get_size", LuaFunctions.named("get_size", a -> self(a, "get_size").field("size")));
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, LuaFunctions.named("__index", a -> {
            FetchResult r = (FetchResult) a.arg1().touserdata();
            LuaValue k = a.arg(2);
            LuaValue v = k.isstring() ? r.field(k.tojstring()) : null;
            return v != null ? v : methods.get(k);
        }));
        meta.set(LuaValue.NEWINDEX, LuaFunctions.named("__newindex",
                a -> { throw new LuaError("FetchResponse fields are read-only"); }));
        meta.set("__name", "FetchResponse");
        return meta;
    }

    private static FetchResult self(Varargs a, String fname) {
        return Args.checkUserdata(a, 1, fname, FetchResult.class, "FetchResponse");
    }
}
