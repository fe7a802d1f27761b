package io.ward.lua;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The environment a runtime's scripts and children see (thread-safe): the process-wide base
 * environment with this runtime's overlay applied. {@code ward.env}'s {@code set}/{@code unset}
 * change only the overlay; {@code export} changes the base as well, for every runtime of the
 * JVM; {@code ward.process} starts children from {@link #snapshot()}.
 *
 * <p>Why a base map and not {@code System.getenv()}: the JVM cannot change its own
 * environment, so the base is copied from it once and {@code export} writes the copy. Native
 * code and the JVM itself never see exported values.
 *
 * <p>Caveat: on Windows names compare case-insensitively (as the OS does); elsewhere exactly.
 */
public final class ScriptEnvironment {
    private static final boolean IGNORE_CASE = System.getProperty("os.name", "").startsWith("Windows");
    /** The process-wide base: name key to entry. */
    private static final Map<String, Entry> BASE = new ConcurrentHashMap<>();

    static {
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            BASE.put(key(e.getKey()), new Entry(e.getKey(), e.getValue()));
        }
    }

    /** This runtime's overrides; an entry whose value is {@code null} is a tombstone ("unset"). */
    private final Map<String, Entry> overlay = new ConcurrentHashMap<>();

    /** A name (with its original spelling) and a value, or {@code null} for a tombstone. */
    private static final class Entry {
        final String name;
        final String value;

        Entry(String name, String value) {
            this.name = name;
            this.value = value;
        }
    }

    /** A runtime's environment: the base, no overrides yet. */
    public ScriptEnvironment() {
    }

    private static String key(String name) {
        return IGNORE_CASE ? name.toUpperCase(Locale.ROOT) : name;
    }

    /** Whether {@code name} may be a variable name: non-empty, no {@code =}, no NUL. */
    public static boolean validName(String name) {
        return !name.isEmpty() && name.indexOf('=') < 0 && name.indexOf('\0') < 0;
    }

    /** Whether {@code value} may be a variable's value: no NUL. */
    public static boolean validValue(String value) {
        return value.indexOf('\0') < 0;
    }

    /** The effective value of {@code name}, or {@code null} when it is unset (or the name is invalid). */
    public String get(String name) {
        if (name.isEmpty()) {
            return null;
        }
        String k = key(name);
        Entry o = overlay.get(k);
        if (o != null) {
            return o.value;
        }
        Entry b = BASE.get(k);
        return b == null ? null : b.value;
    }

    /** The value of {@code name} in the process-wide base environment (no overlay), or {@code null}. */
    public static String base(String name) {
        Entry b = BASE.get(key(name));
        return b == null ? null : b.value;
    }

    /** Overrides {@code name} for this runtime; {@code false} (and no change) for an invalid name or value. */
    public boolean set(String name, String value) {
        if (!validName(name) || !validValue(value)) {
            return false;
        }
        overlay.put(key(name), new Entry(name, value));
        return true;
    }

    /** Hides {@code name} for this runtime (even if it was never set); {@code false} for an invalid name. */
    public boolean unset(String name) {
        if (!validName(name)) {
            return false;
        }
        overlay.put(key(name), new Entry(name, null));
        return true;
    }

    /** Forgets every override of this runtime: the effective environment is the base again. */
    public void clear() {
        overlay.clear();
    }

    /**
     * Sets ({@code value} non-null) or removes {@code name} in the process-wide base and in this
     * runtime's overlay; {@code false} for an invalid name or value.
     */
    public boolean export(String name, String value) {
        if (!validName(name) || (value != null && !validValue(value))) {
            return false;
        }
        String k = key(name);
        if (value == null) {
            BASE.remove(k);
        } else {
            BASE.put(k, new Entry(name, value));
        }
        overlay.put(k, new Entry(name, value));
        return true;
    }

    /**
     * The effective environment now, name to value: a copy that later changes do not affect
     * (what a child process starts with). Sorted by name.
     */
    public Map<String, String> snapshot() {
        Map<String, Entry> all = new TreeMap<>(BASE);
        for (Map.Entry<String, Entry> e : overlay.entrySet()) {
            if (e.getValue().value == null) {
                all.remove(e.getKey());
            } else {
                all.put(e.getKey(), e.getValue());
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Entry e : all.values()) {
            out.put(e.name, e.value);
        }
        return Collections.unmodifiableMap(out);
    }
}
