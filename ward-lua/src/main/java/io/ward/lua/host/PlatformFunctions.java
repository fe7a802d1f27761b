package io.ward.lua.host;

import io.ward.lua.HostName;
import io.ward.lua.LuaErrors;
import io.ward.lua.LuaFunctions;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.util.function.Supplier;

/**
 * The 18 functions of {@code ward.host.platform}: synchronous, no arguments (extra ones are
 * ignored), never raising; tables are new on every call. Confined to the runtime's context.
 */
final class PlatformFunctions {
    private PlatformFunctions() {
    }

    static LuaTable table() {
        Platform.version(); // on macOS: starts sw_vers now, off the loop, so later calls have it
        LuaTable m = new LuaTable();
        LuaTable own = new LuaTable(); // info() calls these, whatever a script puts in m
        flag(m, "is_windows", Platform.WINDOWS);
        flag(m, "is_macos", Platform.OS.equals("macos"));
        flag(m, "is_linux", Platform.OS.equals("linux"));
        flag(m, "is_bsd", Platform.isBsd());
        flag(m, "is_unix", !Platform.WINDOWS);
        text(m, "os", () -> Platform.OS);
        text(m, "arch", () -> Platform.ARCH);
        text(m, "platform", () -> Platform.OS + "-" + Platform.ARCH);
        text(m, "version", Platform::version);
        text(m, "release", Platform::release);
        text(m, "hostname", HostName::get);
        text(m, "exe_suffix", () -> Platform.WINDOWS ? ".exe" : "");
        text(m, "path_sep", () -> Platform.WINDOWS ? "\\" : "/");
        text(m, "env_sep", () -> Platform.WINDOWS ? ";" : ":");
        text(m, "newline", () -> Platform.WINDOWS ? "\r\n" : "\n");
        text(m, "endianness", () -> Platform.ENDIANNESS);
        m.set("shell", LuaFunctions.named("shell", a -> shell()));
        for (LuaValue k = m.next(LuaValue.NIL).arg1(); !k.isnil(); k = m.next(k).arg1()) {
            own.set(k, m.get(k));
        }
        m.set("info", LuaFunctions.named("info", a -> {
            LuaTable t = new LuaTable();
            for (String key : new String[] {"os", "arch", "platform", "is_windows", "is_unix", "is_bsd", "version",
                    "release", "hostname", "endianness", "exe_suffix", "path_sep", "env_sep", "shell"}) {
                t.set(key, own.get(key).call());
            }
            return t;
        }));
        return m;
    }

    private static LuaTable shell() {
        return Platform.WINDOWS ? LuaValue.listOf(new LuaValue[] {LuaValue.valueOf("cmd"), LuaValue.valueOf("/C")})
                : LuaValue.listOf(new LuaValue[] {LuaValue.valueOf("sh"), LuaValue.valueOf("-lc")});
    }

    private static void flag(LuaTable m, String name, boolean value) {
        m.set(name, LuaFunctions.named(name, a -> LuaValue.valueOf(value)));
    }

    private static void text(LuaTable m, String name, Supplier<String> value) {
        m.set(name, LuaFunctions.named(name, a -> LuaErrors.luaString(value.get())));
    }
}
