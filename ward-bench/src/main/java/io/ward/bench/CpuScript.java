package io.ward.bench;

import org.luaj.vm2.LuaValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One of the CPU benchmark scripts of {@code ward-bench/scripts/cpu/}, read from the jar
 * ({@code io/ward/bench/cpu/NAME.lua}), and the size to call its {@code bench_main} with.
 *
 * <p>Immutable; thread-safe.
 */
record CpuScript(String name, String source) {
    private static final String DIR = "/io/ward/bench/cpu/";

    static CpuScript load(String name) {
        try (InputStream in = CpuScript.class.getResourceAsStream(DIR + name + ".lua")) {
            if (in == null) {
                throw new IllegalArgumentException("no CPU benchmark script " + name + ".lua in the jar (" + DIR + ")");
            }
            return new CpuScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chunk name errors and tracebacks show: the file's name, as when run from its directory. */
    String chunkName() {
        return name + ".lua";
    }

    /**
     * {@code size} as a number: a number as given, or a named size from the loaded module's
     * {@code sizes} table ({@code warm}, {@code tiny}, {@code default}).
     *
     * @throws IllegalArgumentException when {@code module} is not the script's module table or
     *     the name is unknown
     */
    long size(LuaValue module, String size) {
        if (!module.istable() || !module.get("bench_main").isfunction()) {
            throw new IllegalArgumentException(chunkName() + " did not return its module table (with bench_main)"
                    + " when loaded without a global arg; got " + module.typename());
        }
        if (size.matches("[0-9]+")) {
            return Long.parseLong(size);
        }
        LuaValue n = module.get("sizes").get(size);
        if (!n.isnumber()) {
            throw new IllegalArgumentException(chunkName() + " has no size named '" + size + "' (sizes."
                    + size + "); use warm, tiny, default or a number");
        }
        return n.tolong();
    }
}
