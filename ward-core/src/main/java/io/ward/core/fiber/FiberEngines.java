package io.ward.core.fiber;

import java.lang.System.Logger.Level;

/**
 * Chooses the fiber engine: {@code continuation} when the JVM offers usable continuations,
 * else {@code thread}; the system property {@value #PROPERTY} ({@code auto},
 * {@code continuation}, {@code thread}) overrides the choice.
 *
 * <p>Thread-safe; the engines are created once, lazily.
 */
public final class FiberEngines {
    /** System property naming the engine. */
    public static final String PROPERTY = "ward.engine";

    private static final System.Logger LOG = System.getLogger(FiberEngines.class.getName());

    private FiberEngines() {
    }

    private static final class Thread {
        static final FiberEngine ENGINE = new ThreadEngine();
    }

    private static final class Continuation {
        static final FiberEngine ENGINE;
        static final String UNAVAILABLE;

        static {
            FiberEngine engine = null;
            String why = null;
            try {
                engine = ContinuationEngine.load();
            } catch (Throwable t) {
                why = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            ENGINE = engine;
            UNAVAILABLE = why;
        }
    }

    private static final class Default {
        static final FiberEngine ENGINE = choose();
    }

    /** The engine named by {@value #PROPERTY}, or the best available one. */
    public static FiberEngine defaultEngine() {
        return Default.ENGINE;
    }

    /** The thread engine, available on every JDK. */
    public static FiberEngine thread() {
        return Thread.ENGINE;
    }

    /** Whether the continuation engine can run in this JVM. */
    public static boolean continuationAvailable() {
        return Continuation.ENGINE != null;
    }

    /** Why the continuation engine cannot run here, or {@code null} when it can. */
    public static String continuationUnavailableReason() {
        return Continuation.UNAVAILABLE;
    }

    /**
     * The continuation engine.
     *
     * @throws IllegalStateException with the reason when it cannot run in this JVM
     */
    public static FiberEngine continuation() {
        if (Continuation.ENGINE == null) {
            throw new IllegalStateException("the continuation engine is unavailable (" + Continuation.UNAVAILABLE
                    + "); it needs JDK 21+ and --add-exports java.base/jdk.internal.vm=ALL-UNNAMED");
        }
        return Continuation.ENGINE;
    }

    /** The engine called {@code name}: {@code continuation}, {@code thread} or {@code auto}. */
    public static FiberEngine named(String name) {
        switch (name) {
            case "continuation":
                return continuation();
            case "thread":
                return thread();
            case "auto":
                return continuationAvailable() ? continuation() : thread();
            default:
                throw new IllegalArgumentException("unknown fiber engine '" + name
                        + "' (expected continuation, thread or auto)");
        }
    }

    private static FiberEngine choose() {
        String wanted = System.getProperty(PROPERTY, "auto");
        if (!"auto".equals(wanted)) {
            FiberEngine engine = named(wanted);
            LOG.log(Level.INFO, "fiber engine: {0} (set by -D{1})", engine.name(), PROPERTY);
            return engine;
        }
        if (continuationAvailable()) {
            LOG.log(Level.INFO, "fiber engine: continuation (jdk.internal.vm.Continuation is accessible)");
            return continuation();
        }
        LOG.log(Level.INFO, "fiber engine: thread (continuations unavailable: {0})", Continuation.UNAVAILABLE);
        return thread();
    }
}
