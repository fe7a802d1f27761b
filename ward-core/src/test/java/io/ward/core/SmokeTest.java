package io.ward.core;

import io.netty.channel.DefaultEventLoop;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.fiber.FiberEngines;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest {
    @Test
    void pingPong() throws Exception {
        List<FiberEngine> engines = new ArrayList<>();
        engines.add(FiberEngines.thread());
        if (FiberEngines.continuationAvailable()) engines.add(FiberEngines.continuation());
        else System.out.println("no continuation: " + FiberEngines.continuationUnavailableReason());
        for (FiberEngine e : engines) {
            DefaultEventLoop loop = new DefaultEventLoop();
            Scheduler s = new Scheduler(loop, e);
            int n = 200_000;
            long t0 = System.nanoTime();
            Task<Long> main = s.spawn(() -> {
                BoundedChannel ping = new BoundedChannel(s, 1), pong = new BoundedChannel(s, 1);
                Task<Long> peer = s.spawn(() -> {
                    long sum = 0;
                    for (int i = 0; i < n; i++) { sum += (Integer) s.await(ping.receiver()); s.await(pong.sender(i)); }
                    return sum;
                });
                for (int i = 0; i < n; i++) { s.await(ping.sender(i)); s.await(pong.receiver()); }
                s.await(Timers.sleep(s, 1_000_000));
                return s.await(peer);
            });
            long sum = main.joinBlocking();
            long dt = System.nanoTime() - t0;
            assertEquals((long) n * (n - 1) / 2, sum);
            System.out.printf("%s: %.0f round trips/s%n", e.name(), n / (dt / 1e9));
            loop.shutdownGracefully();
        }
    }
}
