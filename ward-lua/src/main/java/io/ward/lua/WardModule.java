package io.ward.lua;

import org.luaj.vm2.LuaValue;

import java.util.Set;

/**
 * A {@code ward.*} Lua module written in Java, found by the {@link ModuleRegistry} (a
 * {@code META-INF/services/io.ward.lua.WardModule} entry naming a public class with a public
 * no-argument constructor). The runtime names no module: it asks the registry which ones
 * exist, enables them by these defaults and the builder's {@code withLibrary} /
 * {@code withoutLibrary}, and opens each the first time a script requires it.
 *
 * <p>Implementations are stateless descriptions, shared by every runtime of the JVM (thread
 * safe); the per-runtime state lives in what {@link #open} returns. Keep the implementing
 * class small: the registry instantiates every module at the first runtime's start, and the
 * classes behind {@code open} should load only when a script requires the module.
 */
public interface WardModule {
    /** What a module needs from the runtime beyond Lua itself. */
    enum Need {
        /**
         * {@link WardRuntime#blockingPool()} for work that blocks (files, processes): the
         * module cannot be enabled on a runtime built with {@code blockingThreads(0)}.
         */
        BLOCKING_POOL,
        /**
         * The host's files, programs or environment: trusted code only, so off by default for
         * embedders ({@link #enabledForEmbedders()}); the {@code ward} command enables it.
         */
        HOST_ACCESS
    }

    /** The name scripts require, {@code "ward.<short name>"} (for example {@code "ward.time"}). */
    String name();

    /**
     * Builds the module's value (usually a table of functions) for one runtime. Called on the
     * runtime's context the first time a script requires the module; the result is cached
     * like any {@code require}d value.
     */
    LuaValue open(WardRuntime runtime);

    /** What the module needs (see {@link Need}); none by default. */
    default Set<Need> needs() {
        return Set.of();
    }

    /** Whether {@code ward} scripts get it without asking; yes by default. */
    default boolean enabledForCli() {
        return true;
    }

    /**
     * Whether {@link WardRuntime#builder()} enables it without {@code withLibrary}: yes unless
     * it needs {@link Need#HOST_ACCESS}.
     */
    default boolean enabledForEmbedders() {
        return !needs().contains(Need.HOST_ACCESS);
    }

    /** The part after {@code ward.}: the field of {@code require("ward")} that holds the module. */
    static String shortName(String name) {
        return name.startsWith("ward.") ? name.substring("ward.".length()) : name;
    }
}
