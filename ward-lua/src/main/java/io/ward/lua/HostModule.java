package io.ward.lua;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Lua module written in Java: named functions (and constant values) that Lua code loads
 * with {@code require(name)}. Register it with {@link WardRuntimeBuilder#module}.
 *
 * <pre>{@code
 * HostModule users = HostModule.named("app.users")
 *     .function("find", args -> userRepository.findAsync((String) args[0]))  // a CompletionStage: awaited
 *     .value("version", "1.2");
 * }</pre>
 *
 * <p>Not thread-safe while being built; immutable once given to a builder.
 */
public final class HostModule {
    private final String name;
    final Map<String, Object> members = new LinkedHashMap<>();

    private HostModule(String name) {
        this.name = name;
    }

    public static HostModule named(String name) {
        return new HostModule(name);
    }

    public String name() {
        return name;
    }

    /** Adds a function (see {@link HostFunction} for conversions and async results). */
    public HostModule function(String fname, HostFunction fn) {
        members.put(fname, fn);
        return this;
    }

    /** Adds a constant, converted with {@link LuaValues#toLua(Object)} when the module loads. */
    public HostModule value(String key, Object value) {
        members.put(key, value);
        return this;
    }
}
