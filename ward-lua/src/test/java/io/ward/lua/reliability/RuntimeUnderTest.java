package io.ward.lua.reliability;

import io.ward.core.fiber.FiberEngine;
import io.ward.lua.TestFutures;
import io.ward.lua.WardRuntime;
import io.ward.lua.WardRuntimeBuilder;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link WardRuntime} built for a reliability test: its stderr captured (unobserved-failure
 * reports are counted there), helpers to run Lua and Java code on its loop, and a close that
 * waits until the loop has really stopped.
 *
 * <p>Thread-safe where the runtime is: every helper hops onto the loop.
 */
final class RuntimeUnderTest implements AutoCloseable {
    /** The start of every unobserved-failure report ({@code WardRuntime#reportUnobserved}). */
    static final String REPORT = "ward: error in a task that nobody waited for: ";

    final WardRuntime rt;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    RuntimeUnderTest(FiberEngine engine) {
        this(WardRuntime.builder().engine(engine));
    }

    RuntimeUnderTest(WardRuntimeBuilder builder) {
        this.rt = builder.stderr(new PrintStream(err, true, StandardCharsets.UTF_8)).build();
    }

    /** {@code ward.stress.scale} times {@code n}, at least 1 (as ward-core's {@code Stress.scaled}). */
    static int scaled(int n) {
        double scale;
        try {
            scale = Double.parseDouble(System.getProperty("ward.stress.scale", "1").trim());
        } catch (NumberFormatException e) {
            scale = 1;
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(n * (scale > 0 ? scale : 1))));
    }

    /** Runs a chunk as the main task and returns its results; a Lua failure fails the test. */
    Varargs eval(String code) throws Exception {
        return eval(code, "=test");
    }

    /** {@link #eval(String)} with a chunk name ({@code "=name"} gives error positions {@code name:line:}). */
    Varargs eval(String code, String chunkName) throws Exception {
        return TestFutures.result(rt.eval(code, chunkName));
    }

    /** Runs {@code work} on the loop (outside any task) and returns its result. */
    <T> T onLoop(Callable<T> work) throws Exception {
        return rt.loop().submit(work).get(TestFutures.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Sets a Lua global, on the loop (globals are loop-confined). */
    void setGlobal(String name, LuaValue value) throws Exception {
        onLoop(() -> {
            rt.globals().set(name, value);
            return null;
        });
    }

    /** Tasks queued, running or suspended on the runtime's scheduler. */
    int liveTasks() throws Exception {
        return onLoop(() -> rt.scheduler().liveTaskCount());
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** How many unobserved-failure reports stderr holds. */
    int reports() {
        String s = stderr();
        int n = 0;
        for (int i = s.indexOf(REPORT); i >= 0; i = s.indexOf(REPORT, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * Closes the runtime, shuts its loop down (also a loop given to the builder) and waits until
     * the loop has terminated: close's reports are written by then.
     */
    @Override
    public void close() throws InterruptedException {
        rt.close();
        rt.loop().shutdownGracefully(0, 0, TimeUnit.SECONDS);
        assertTrue(rt.loop().terminationFuture().await(TestFutures.WAIT_SECONDS, TimeUnit.SECONDS), "loop terminated");
    }
}
