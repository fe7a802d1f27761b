package io.ward.core.fiber;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fibers as {@code jdk.internal.vm.Continuation}s (JDK 21+), run on the resuming thread
 * itself, so a task resumed by the event loop still sees {@code inEventLoop() == true}.
 *
 * <p>Thread-safe and stateless apart from a cache of native scopes. The internal API is
 * reached with method handles, so this compiles for release 17; {@link #load()} fails with
 * the reason when the JVM lacks it or does not export it (it needs {@code --add-exports
 * java.base/jdk.internal.vm=ALL-UNNAMED}, or the jar manifest's {@code Add-Exports}).
 *
 * <p>Caveat: a yield the JVM refuses (pinned: a monitor held, a native frame) throws
 * {@code IllegalStateException("Pinned: ...")} from the default {@code onPinned}; it is
 * turned into {@link FiberPinnedException} and the fiber keeps running.
 */
final class ContinuationEngine implements FiberEngine {
    private static final ThreadLocal<ContFiber> CURRENT = new ThreadLocal<>();

    private final ConcurrentHashMap<FiberScope, Object> nativeScopes = new ConcurrentHashMap<>();

    private ContinuationEngine() {
    }

    /**
     * The internal API's handles in static finals, so the JIT treats them as constants and
     * inlines {@code run}/{@code yield} (instance fields cost ~11% of a channel ping-pong).
     * Initialising this class fails, with the reason as the cause, where the API is unusable.
     */
    private static final class Handles {
        static final MethodHandle NEW_CONTINUATION; // (Object scope, Runnable) -> Object
        static final MethodHandle RUN;              // (Object) -> void
        static final MethodHandle YIELD;            // (Object scope) -> boolean
        static final MethodHandle NEW_SCOPE;        // (String) -> Object

        static {
            try {
                Class<?> contClass = Class.forName("jdk.internal.vm.Continuation");
                Class<?> scopeClass = Class.forName("jdk.internal.vm.ContinuationScope");
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                NEW_CONTINUATION = lookup.findConstructor(contClass,
                        MethodType.methodType(void.class, scopeClass, Runnable.class))
                        .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
                RUN = lookup.findVirtual(contClass, "run", MethodType.methodType(void.class))
                        .asType(MethodType.methodType(void.class, Object.class));
                YIELD = lookup.findStatic(contClass, "yield", MethodType.methodType(boolean.class, scopeClass))
                        .asType(MethodType.methodType(boolean.class, Object.class));
                NEW_SCOPE = lookup.findConstructor(scopeClass, MethodType.methodType(void.class, String.class))
                        .asType(MethodType.methodType(Object.class, String.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /**
     * Looks the internal API up and proves it works with one round trip.
     *
     * @throws Exception (or an Error) naming why it is unusable
     */
    static ContinuationEngine load() throws Exception {
        try {
            Objects.requireNonNull(Handles.RUN);
        } catch (ExceptionInInitializerError e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause(); // ClassNotFound on JDK 17, IllegalAccess without the export
            }
            throw e;
        }
        ContinuationEngine engine = new ContinuationEngine();
        engine.selfTest();
        return engine;
    }

    private void selfTest() {
        FiberScope probe = new FiberScope("ward-probe");
        int[] steps = {0};
        Fiber f = newFiber(probe, () -> {
            steps[0]++;
            suspend(probe);
            steps[0]++;
        });
        if (f.resume() || steps[0] != 1 || !f.resume() || steps[0] != 2 || f.failure() != null) {
            throw new IllegalStateException("continuation self-test failed");
        }
        nativeScopes.remove(probe);
        probe.nativeScope = null;
    }

    @Override
    public String name() {
        return "continuation";
    }

    @Override
    public Fiber newFiber(FiberScope scope, Runnable body) {
        return new ContFiber(scope, body);
    }

    @Override
    public Fiber current(FiberScope scope) {
        return AbstractFiber.enclosing(CURRENT.get(), scope);
    }

    @Override
    public void suspend(FiberScope scope) {
        ContFiber me = CURRENT.get();
        ContFiber target = AbstractFiber.enclosing(me, scope);
        if (target == null) {
            throw AbstractFiber.notInScope(scope);
        }
        try {
            // invokeExact needs the exact call-site type, boolean result included
            boolean ignored = (boolean) Handles.YIELD.invokeExact(nativeScope(scope));
        } catch (IllegalStateException e) {
            String m = String.valueOf(e.getMessage());
            if (m.startsWith("Pinned")) {
                throw new FiberPinnedException(m.substring(m.indexOf(':') + 1).trim(), e);
            }
            throw e;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        // Resumed, possibly by a different resume() of the outer fiber: we are running again.
        CURRENT.set(me);
        AbstractFiber.checkKilled(target);
    }

    private Object nativeScope(FiberScope scope) {
        Object cached = scope.nativeScope;
        if (cached != null) {
            return cached;
        }
        Object made = nativeScopes.computeIfAbsent(scope, s -> {
            try {
                return (Object) Handles.NEW_SCOPE.invokeExact(s.name());
            } catch (Throwable t) {
                throw new IllegalStateException("cannot create continuation scope", t);
            }
        });
        scope.nativeScope = made; // every thread computes the same object: the map decides
        return made;
    }

    /** One continuation; runs on whichever thread calls {@link #resume()}. */
    private final class ContFiber extends AbstractFiber {
        private final Object continuation;

        ContFiber(FiberScope scope, Runnable body) {
            super(scope, body);
            Runnable entry = () -> {
                CURRENT.set(this);
                runBody();
            };
            try {
                this.continuation = (Object) Handles.NEW_CONTINUATION.invokeExact(nativeScope(scope), entry);
            } catch (Throwable t) {
                throw new IllegalStateException("cannot create continuation", t);
            }
        }

        @Override
        public boolean resume() {
            if (done) {
                throw new IllegalStateException("resume of a finished fiber");
            }
            started = true;
            ContFiber caller = CURRENT.get();
            parent = caller;
            try {
                Handles.RUN.invokeExact(continuation);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            } finally {
                CURRENT.set(caller);
            }
            checkKilled(caller);
            return done;
        }
    }
}
