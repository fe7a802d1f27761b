package io.ward.core.fiber;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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

    private final MethodHandle newContinuation; // (Object scope, Runnable) -> Object
    private final MethodHandle run;             // (Object) -> void
    private final MethodHandle yield;           // (Object scope) -> boolean
    private final MethodHandle newScope;        // (String) -> Object
    private final ConcurrentHashMap<FiberScope, Object> nativeScopes = new ConcurrentHashMap<>();

    private ContinuationEngine(MethodHandle newContinuation, MethodHandle run, MethodHandle yield,
            MethodHandle newScope) {
        this.newContinuation = newContinuation;
        this.run = run;
        this.yield = yield;
        this.newScope = newScope;
    }

    /**
     * Looks the internal API up and proves it works with one round trip.
     *
     * @throws ReflectiveOperationException (or another exception) naming why it is unusable
     */
    static ContinuationEngine load() throws Exception {
        Class<?> contClass = Class.forName("jdk.internal.vm.Continuation");
        Class<?> scopeClass = Class.forName("jdk.internal.vm.ContinuationScope");
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodHandle ctor = lookup.findConstructor(contClass,
                MethodType.methodType(void.class, scopeClass, Runnable.class));
        MethodHandle run = lookup.findVirtual(contClass, "run", MethodType.methodType(void.class));
        MethodHandle yield = lookup.findStatic(contClass, "yield",
                MethodType.methodType(boolean.class, scopeClass));
        MethodHandle scopeCtor = lookup.findConstructor(scopeClass,
                MethodType.methodType(void.class, String.class));
        ContinuationEngine engine = new ContinuationEngine(
                ctor.asType(MethodType.methodType(Object.class, Object.class, Runnable.class)),
                run.asType(MethodType.methodType(void.class, Object.class)),
                yield.asType(MethodType.methodType(boolean.class, Object.class)),
                scopeCtor.asType(MethodType.methodType(Object.class, String.class)));
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
            boolean ignored = (boolean) yield.invokeExact(nativeScope(scope));
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
        return nativeScopes.computeIfAbsent(scope, s -> {
            try {
                return (Object) newScope.invokeExact(s.name());
            } catch (Throwable t) {
                throw new IllegalStateException("cannot create continuation scope", t);
            }
        });
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
                this.continuation = (Object) newContinuation.invokeExact(nativeScope(scope), entry);
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
                run.invokeExact(continuation);
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
