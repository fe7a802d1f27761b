package io.ward.lua.env;

import io.ward.lua.HostName;
import io.ward.lua.LogLines;
import io.ward.lua.LuaErrors;
import io.ward.lua.LuaFunctions;
import io.ward.lua.ProgramSearch;
import io.ward.lua.ScriptEnvironment;
import io.ward.lua.TextArgs;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds the {@code ward.env} module of one runtime: reads and changes of the runtime's
 * {@link ScriptEnvironment} (the process-wide base with this runtime's overlay), and a
 * {@code which}-style program search along the effective {@code PATH}.
 *
 * <p>Confined to the runtime's context; nothing suspends. {@code which} makes a few
 * {@code stat} calls on the loop, as the original does: they are short.
 */
public final class EnvModule {
    /** The export warning is written once per JVM, not once per runtime. */
    private static final AtomicBoolean EXPORT_WARNED = new AtomicBoolean();
    static final String EXPORT_WARNING =
            "ward.env.export mutates the process environment; prefer ward.env.set for isolated changes";

    private EnvModule() {
    }

    /** The module table for {@code require("ward.env")}. */
    public static LuaTable create(WardRuntime rt) {
        ScriptEnvironment env = rt.environment();
        LuaTable m = new LuaTable();
        m.set("get", LuaFunctions.named("get", a -> {
            String key = TextArgs.checkText(a, 1, "get");
            String fallback = TextArgs.optText(a, 2, "get");
            String v = env.get(key);
            return v != null ? text(v) : fallback == null ? LuaValue.NIL : text(fallback);
        }));
        m.set("set", LuaFunctions.named("set", a -> {
            String key = TextArgs.checkText(a, 1, "set");
            return LuaValue.valueOf(env.set(key, TextArgs.checkText(a, 2, "set")));
        }));
        m.set("unset", LuaFunctions.named("unset", a -> LuaValue.valueOf(env.unset(TextArgs.checkText(a, 1, "unset")))));
        m.set("clear", LuaFunctions.named("clear", a -> {
            env.clear();
            return LuaValue.NONE;
        }));
        m.set("export", LuaFunctions.named("export", a -> {
            String key = TextArgs.checkText(a, 1, "export");
            String value = TextArgs.optText(a, 2, "export");
            boolean done = env.export(key, value);
            if (done) {
                LogLines.warnOnce(EXPORT_WARNED, rt, "ward.env", EXPORT_WARNING);
            }
            return LuaValue.valueOf(done);
        }));
        m.set("list", LuaFunctions.named("list", a -> {
            LuaTable t = new LuaTable();
            for (Map.Entry<String, String> e : env.snapshot().entrySet()) {
                t.set(text(e.getKey()), text(e.getValue()));
            }
            return t;
        }));
        m.set("is_exists", LuaFunctions.named("is_exists",
                a -> LuaValue.valueOf(env.get(TextArgs.checkText(a, 1, "is_exists")) != null)));
        m.set("hostname", LuaFunctions.named("hostname", a -> text(HostName.get())));
        m.set("which", LuaFunctions.named("which", a -> {
            String found = which(env, TextArgs.checkText(a, 1, "which"));
            return found == null ? LuaValue.NIL : text(found);
        }));
        m.set("is_in_path", LuaFunctions.named("is_in_path",
                a -> LuaValue.valueOf(which(env, TextArgs.checkText(a, 1, "is_in_path")) != null)));
        return m;
    }

    private static String which(ScriptEnvironment env, String name) {
        return ProgramSearch.which(name, env.get("PATH"), env.get("PATHEXT"));
    }

    private static LuaValue text(String s) {
        return LuaErrors.luaString(s);
    }
}
