package io.ward.lua.patch;

import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks at run time that the LuaJ classes Ward patches ({@link LuajPatcher}) are the patched
 * copies that ward-lua's jar carries: a plain luaj-jse earlier on the class path would win
 * and silently bring back LuaJ's number text ({@code 0.33333334}) and numeral parsing.
 * {@code WardRuntime} calls {@link #verify()} once per runtime; the check itself runs once.
 */
public final class LuajPatchCheck {
    /** The static field the patcher adds to every patched class, holding {@link #MARKER_VALUE}. */
    public static final String MARKER_FIELD = "WARD_PATCHED";
    /** Names the patch set: a class patched by another Ward version's patcher does not pass. */
    public static final String MARKER_VALUE = "ward-lua LuaJ patches 1";
    /** Every class the patcher rewrites (binary names). */
    public static final List<String> PATCHED_CLASSES = List.of(
            "org.luaj.vm2.LuaDouble",
            "org.luaj.vm2.LuaTable",
            "org.luaj.vm2.LuaInteger",
            "org.luaj.vm2.LuaString",
            "org.luaj.vm2.compiler.LexState",
            "org.luaj.vm2.compiler.FuncState",
            "org.luaj.vm2.LuaValue",
            "org.luaj.vm2.LuaClosure",
            "org.luaj.vm2.Prototype");

    private static final String PROBLEM = problem(LuajPatchCheck.class.getClassLoader());

    private LuajPatchCheck() {
    }

    /** Throws {@link IllegalStateException} saying what to change when an unpatched LuaJ class is loaded. */
    public static void verify() {
        if (PROBLEM != null) {
            throw new IllegalStateException(PROBLEM);
        }
    }

    /** The failure message for the classes {@code loader} sees, or null when all carry the marker. */
    static String problem(ClassLoader loader) {
        List<String> unpatched = new ArrayList<>();
        String from = null;
        for (String name : PATCHED_CLASSES) {
            Class<?> c;
            try {
                c = Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                unpatched.add(name + " (missing)");
                continue;
            }
            if (!MARKER_VALUE.equals(marker(c))) {
                unpatched.add(name);
                if (from == null) {
                    from = location(c);
                }
            }
        }
        if (unpatched.isEmpty()) {
            return null;
        }
        return "Ward needs its patched LuaJ classes, but " + String.join(", ", unpatched)
                + " came from " + (from == null ? "elsewhere" : from) + " without Ward's patches:"
                + " an unpatched org.luaj:luaj-jse is ahead of io.ward:ward-lua on the class path."
                + " Put ward-lua before luaj-jse (in a Maven pom, declare io.ward:ward-lua before"
                + " org.luaj:luaj-jse, or drop the direct luaj-jse dependency: ward-lua brings it);"
                + " see docs/LUA.md, \"LuaJ patches\".";
    }

    private static Object marker(Class<?> c) {
        try {
            return c.getDeclaredField(MARKER_FIELD).get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static String location(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? null : source.getLocation().toString();
    }
}
