package io.ward.lua.lifecycle;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/**
 * The process's signal handlers, shared by every runtime of the JVM that may take signals
 * ({@code WardRuntimeBuilder.osSignals}). Thread-safe: {@link #listen} and the returned
 * {@link Runnable} (stop listening) may come from any thread; a signal reaches its listeners
 * on the JVM's signal-dispatch thread, so listeners only hop onto their loop.
 *
 * <p>Through {@code sun.misc.Signal} (module {@code jdk.unsupported}, readable from the class
 * path on JDK 17 and 25 without flags), reached by reflection so the build has no
 * internal-API warning. A signal the JVM keeps for itself (SIGQUIT: thread dumps) or that the
 * platform lacks is skipped silently, as upstream Ward skips a signal it cannot listen to.
 * When the last listener of a signal leaves, the JVM's previous handler is put back.
 */
final class OsSignals {
    private static final Map<Integer, Installed> INSTALLED = new HashMap<>(); // guarded by the class

    /** One signal taken from the JVM: its previous handler and the runtimes listening. */
    private static final class Installed {
        final Object signal;
        /** The JVM's handler before ours; set under the class lock right after installing. */
        Object previous;
        final List<IntConsumer> listeners = new CopyOnWriteArrayList<>();

        Installed(Object signal) {
            this.signal = signal;
        }
    }

    private OsSignals() {
    }

    /**
     * Sends signal {@code number} (named {@code name}) to {@code listener} from now on.
     * Returns how to stop, or {@code null} when the signal cannot be handled here.
     */
    static synchronized Runnable listen(String name, int number, IntConsumer listener) {
        Installed in = INSTALLED.get(number);
        if (in == null) {
            in = install(name, number);
            if (in == null) {
                return null;
            }
            INSTALLED.put(number, in);
        }
        in.listeners.add(listener);
        Installed mine = in;
        return () -> stop(number, mine, listener);
    }

    private static synchronized void stop(int number, Installed in, IntConsumer listener) {
        in.listeners.remove(listener);
        if (in.listeners.isEmpty() && INSTALLED.get(number) == in) {
            INSTALLED.remove(number);
            try {
                Reflection.handle.invoke(null, in.signal, in.previous);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // the JVM refuses its own handler back: ours stays, with nobody listening
            }
        }
    }

    private static Installed install(String name, int number) {
        if (!Reflection.available) {
            return null;
        }
        try {
            Object signal = Reflection.newSignal.newInstance(name);
            Installed in = new Installed(signal);
            Object handler = Proxy.newProxyInstance(OsSignals.class.getClassLoader(),
                    new Class<?>[] {Reflection.handlerType}, (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            for (IntConsumer l : in.listeners) {
                                l.accept(number);
                            }
                            return null;
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "ward signal handler (SIG" + name + ")";
                        };
                    });
            in.previous = Reflection.handle.invoke(null, signal, handler);
            return in;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // kept by the JVM (SIGQUIT) or unknown on this platform
        }
    }

    /** {@code sun.misc.Signal}, looked up once. */
    private static final class Reflection {
        static final boolean available;
        static final Class<?> handlerType;
        static final Constructor<?> newSignal;
        static final Method handle;

        static {
            Class<?> h = null;
            Constructor<?> c = null;
            Method m = null;
            try {
                Class<?> signal = Class.forName("sun.misc.Signal");
                h = Class.forName("sun.misc.SignalHandler");
                c = signal.getConstructor(String.class);
                m = signal.getMethod("handle", signal, h);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                h = null;
            }
            available = h != null;
            handlerType = h;
            newSignal = c;
            handle = m;
        }
    }
}
