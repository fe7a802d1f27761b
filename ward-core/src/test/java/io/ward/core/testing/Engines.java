package io.ward.core.testing;

import io.ward.core.fiber.Fiber;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.fiber.FiberEngines;
import io.ward.core.fiber.FiberScope;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.params.provider.Arguments;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fiber engines every {@link EngineTest} runs on: {@code thread} always, {@code
 * continuation} when this JVM can run it. When it cannot (JDK 17, or a JVM without {@code
 * --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}), its invocation is still listed and
 * reported as skipped, with the reason, so a run on JDK 17 says what it did not cover.
 *
 * <p>The system property {@code ward.test.engine} ({@code auto} by default, set by the parent
 * pom) narrows the set: {@code thread} or {@code continuation} runs only that engine. CI runs the
 * thread engine on JDK 17 and the continuation engine on the newer JDK (.ci/run). Other modules'
 * tests get this class from ward-core's test jar ({@link #runnable}).
 */
public final class Engines {
    /** Stands for the continuation engine where it is unavailable; such invocations are skipped. */
    public static final FiberEngine UNAVAILABLE = new FiberEngine() {
        @Override
        public String name() {
            return "continuation (unavailable)";
        }

        @Override
        public Fiber newFiber(FiberScope scope, Runnable body) {
            throw new UnsupportedOperationException(name());
        }

        @Override
        public void suspend(FiberScope scope) {
            throw new UnsupportedOperationException(name());
        }

        @Override
        public Fiber current(FiberScope scope) {
            return null;
        }
    };

    private Engines() {
    }

    /**
     * The engines a test of another module runs on, all of them runnable in this JVM: those
     * {@code ward.test.engine} names, and the thread engine when it names the continuation
     * engine and this JVM cannot run it (so the test still runs). The one engine list of every
     * module's tests (ward-lua, ward-http, and ward-cli's child processes, which get the same JVM).
     */
    public static List<FiberEngine> runnable() {
        String wanted = wanted();
        boolean continuation = FiberEngines.continuationAvailable();
        List<FiberEngine> engines = new ArrayList<>();
        if (!wanted.equals("continuation") || !continuation) {
            engines.add(FiberEngines.thread());
        }
        if (continuation && !wanted.equals("thread")) {
            engines.add(FiberEngines.continuation());
        }
        return engines;
    }

    private static String wanted() {
        return System.getProperty("ward.test.engine", "auto");
    }

    /** Arguments for {@code @MethodSource}: one named engine per invocation. */
    public static Stream<Arguments> all() {
        String wanted = wanted();
        List<Arguments> args = new ArrayList<>();
        if (!wanted.equals("continuation")) {
            args.add(Arguments.of(Named.of("thread", FiberEngines.thread())));
        }
        if (!wanted.equals("thread")) {
            if (FiberEngines.continuationAvailable()) {
                args.add(Arguments.of(Named.of("continuation", FiberEngines.continuation())));
            } else {
                args.add(Arguments.of(Named.of("continuation (skipped: "
                        + FiberEngines.continuationUnavailableReason() + ")", UNAVAILABLE)));
            }
        }
        return args.stream();
    }

    public static boolean isContinuation(FiberEngine engine) {
        return engine.name().equals("continuation");
    }

    public static boolean isThread(FiberEngine engine) {
        return engine.name().equals("thread");
    }

    /**
     * At most this many fibers parked at once on the thread engine, whatever the scale: each
     * holds a platform thread, and Linux's default pid_max (32,768) bounds the threads of the
     * whole machine, shared with other builds.
     */
    public static final int THREAD_ENGINE_MAX_PARKED = 15_000;

    /**
     * How many fibers a scale test parks at once: 10,000 on the thread engine (one platform
     * thread each, at most {@link #THREAD_ENGINE_MAX_PARKED}), 100,000 on the continuation
     * engine, times {@code ward.stress.scale}.
     */
    public static int parkedAtOnce(FiberEngine engine) {
        return isContinuation(engine) ? Stress.scaled(100_000) : atMostParked(engine, Stress.scaled(10_000));
    }

    /** {@code n}, or {@link #THREAD_ENGINE_MAX_PARKED} on the thread engine if that is less. */
    public static int atMostParked(FiberEngine engine, int n) {
        return isThread(engine) ? Math.min(n, THREAD_ENGINE_MAX_PARKED) : n;
    }

    /** Skips invocations whose engine is {@link #UNAVAILABLE}, naming the reason. */
    public static final class SkipUnavailable implements InvocationInterceptor {
        @Override
        public void interceptTestTemplateMethod(Invocation<Void> invocation,
                ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext)
                throws Throwable {
            if (invocationContext.getArguments().contains(UNAVAILABLE)) {
                invocation.skip();
                Assumptions.abort("continuation engine unavailable in this JVM: "
                        + FiberEngines.continuationUnavailableReason());
            }
            invocation.proceed();
        }
    }
}
