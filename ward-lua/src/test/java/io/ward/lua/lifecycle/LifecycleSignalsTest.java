package io.ward.lua.lifecycle;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.WardRuntime;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.Varargs;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real SIGUSR2 sent to this JVM ({@code kill -USR2 <pid>}) reaches the handler of a runtime
 * built with {@code osSignals(true)} while its main chunk awaits, on the runtime's loop; a
 * runtime without it (the embedders' default) registers its handler but never hears the signal.
 * Both runtimes are closed before the test ends, which gives the JVM its own handler back.
 */
class LifecycleSignalsTest {
    private static final String SCRIPT = String.join("\n",
            "local lifecycle = require('ward.lifecycle')",
            "local async = require('ward.async')",
            "local ch = async.channel(1)",
            "lifecycle.on('USR2', function(ev) ch:send(ev.name .. ' ' .. ev.number) end)",
            "READY()",
            "return ch:wait()");

    @TestFactory
    Stream<DynamicTest> usr2ReachesOnlyTheRuntimeThatTakesSignals() {
        Assumptions.assumeTrue(Files.isExecutable(Paths.get("/bin/kill")) || Files.isExecutable(Paths.get("/usr/bin/kill")),
                "kill(1) is available");
        return Engines.runnable().stream().map(engine -> DynamicTest.dynamicTest(engine.name(), () -> run(engine)));
    }

    private static void run(FiberEngine engine) throws Exception {
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(2);
        try (WardRuntime taker = WardRuntime.builder().engine(engine).osSignals(true)
                .function("READY", a -> { ready.countDown(); return null; }).build();
             WardRuntime embedded = WardRuntime.builder().engine(engine)
                .function("READY", a -> { ready.countDown(); return null; }).build()) {
            Future<Varargs> takes = taker.eval(SCRIPT, "taker");
            Future<Varargs> keeps = embedded.eval(SCRIPT, "embedded");
            assertTrue(ready.await(60, TimeUnit.SECONDS), "both scripts registered their handlers");
            Process kill = new ProcessBuilder("kill", "-USR2", Long.toString(ProcessHandle.current().pid())).start();
            assertEquals(0, kill.waitFor());
            assertTrue(takes.await(60, TimeUnit.SECONDS), "the handler ran while the main chunk awaited");
            assertTrue(takes.isSuccess(), String.valueOf(takes.cause()));
            assertEquals("USR2 12", takes.getNow().arg1().tojstring());
            // the embedded runtime never heard it: its main chunk still waits
            assertTrue(!keeps.isDone(), "a runtime without osSignals got the signal");
        }
    }
}
