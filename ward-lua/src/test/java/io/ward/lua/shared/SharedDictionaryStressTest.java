package io.ward.lua.shared;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.WardRuntime;
import io.ward.lua.WardRuntimeGroup;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Varargs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every runtime of a group increments the same {@code ward.shared} counters at once, each from
 * its own event loop thread: no increment may be lost, and {@code add} must let exactly one
 * runtime win per key. Sizes scale with {@code ward.stress.scale}.
 */
@Timeout(300)
class SharedDictionaryStressTest {
    static final int LOOPS = 4;
    static final int INCRS = (int) (1_000_000 * Double.parseDouble(System.getProperty("ward.stress.scale", "1")));

    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void noIncrementIsLostAcrossLoops(FiberEngine engine) throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(LOOPS, NioIoHandler.newFactory());
        try (WardRuntimeGroup group = WardRuntimeGroup.create(loops, b -> b.engine(engine))) {
            String script = "local shared = require('ward.shared')\n"
                    + "local won = 0\n"
                    + "for i = 1, " + INCRS + " do\n"
                    + "  shared.incr('hits', 1, 0)\n"
                    + "  if i % 1000 == 0 and shared.add('first-' .. i, true) then won = won + 1 end\n"
                    + "end\n"
                    + "return won\n";
            long t0 = System.nanoTime();
            List<Future<Varargs>> runs = new ArrayList<>();
            for (WardRuntime rt : group.runtimes()) {
                runs.add(rt.eval(script, "=stress"));
            }
            int won = 0;
            for (Future<Varargs> f : runs) {
                assertTrue(f.await(240, TimeUnit.SECONDS), "finished");
                assertTrue(f.isSuccess(), () -> String.valueOf(f.cause()));
                won += f.getNow().arg1().toint();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals((double) LOOPS * INCRS, group.shared().get("hits"));
            assertEquals(INCRS / 1000, won, "each add won by exactly one runtime");
            System.out.printf("ward.shared [%s]: %d incr from %d loops in %.2f s (%.1fM/s)%n", engine.name(),
                    (long) LOOPS * INCRS, LOOPS, seconds, LOOPS * INCRS / seconds / 1e6);
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
