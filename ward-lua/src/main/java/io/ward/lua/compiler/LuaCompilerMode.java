package io.ward.lua.compiler;

import java.util.Locale;

/** When Lua functions are compiled to JVM bytecode (docs/COMPILER.md). */
public enum LuaCompilerMode {
    /** Never: every function runs in LuaJ's interpreter. */
    OFF,
    /**
     * Functions called often or looping long, compiled by a background thread and used from their
     * next call (and by running calls from their next loop iteration).
     */
    TIERED,
    /** Every function at its first call, before it runs (for tests: the whole suite through compiled code). */
    ALWAYS;

    /** The system property that sets the default mode: {@code off}, {@code tiered} or {@code always}. */
    public static final String PROPERTY = "ward.lua.compile";

    /** The mode named {@code name} (any case). */
    public static LuaCompilerMode parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown Lua compiler mode '" + name + "' (off, tiered or always)", e);
        }
    }

    /** The mode of {@value #PROPERTY}, or {@link #TIERED} when it is not set. */
    public static LuaCompilerMode fromSystemProperty() {
        String v = System.getProperty(PROPERTY);
        return v == null || v.isBlank() ? TIERED : parse(v);
    }
}
