package io.ward.lua;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Every {@link WardModule} on the class path, found once through {@link ServiceLoader}
 * ({@code META-INF/services/io.ward.lua.WardModule}; the shaded {@code ward.jar} merges those
 * files of every jar it holds). Immutable after construction: thread-safe.
 */
public final class ModuleRegistry {
    private static volatile ModuleRegistry standard;

    private final Map<String, WardModule> byName;

    private ModuleRegistry(Iterable<WardModule> modules) {
        Map<String, WardModule> m = new TreeMap<>();
        for (WardModule module : modules) {
            String name = module.name();
            if (!name.startsWith("ward.") || name.length() == "ward.".length()) {
                throw new IllegalStateException("module name must start with 'ward.': " + name
                        + " (" + module.getClass().getName() + ")");
            }
            WardModule before = m.putIfAbsent(name, module);
            if (before != null) {
                throw new IllegalStateException("two modules named " + name + ": "
                        + before.getClass().getName() + " and " + module.getClass().getName());
            }
        }
        this.byName = Collections.unmodifiableMap(m);
    }

    /** The modules found by the class loader that loaded Ward (cached after the first call). */
    public static ModuleRegistry standard() {
        ModuleRegistry r = standard;
        if (r == null) {
            synchronized (ModuleRegistry.class) {
                r = standard;
                if (r == null) {
                    r = new ModuleRegistry(ServiceLoader.load(WardModule.class, WardModule.class.getClassLoader()));
                    standard = r;
                }
            }
        }
        return r;
    }

    /** A registry of exactly {@code modules} (tests, or hosts that pick their own set). */
    public static ModuleRegistry of(WardModule... modules) {
        return new ModuleRegistry(List.of(modules));
    }

    /** The module called {@code name} ({@code "ward.time"}), or {@code null}. */
    public WardModule find(String name) {
        return byName.get(name);
    }

    /** Every module, sorted by name. */
    public List<WardModule> all() {
        return new ArrayList<>(byName.values());
    }

    /** The names, sorted, for messages. */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }
}
