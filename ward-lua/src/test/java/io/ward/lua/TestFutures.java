package io.ward.lua;

import io.netty.util.concurrent.Future;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waiting for a runtime's futures in tests: a failure fails the test with its cause. */
public final class TestFutures {
    /** Long enough for a loaded CI machine; a hang still fails the test instead of the build. */
    public static final long WAIT_SECONDS = 60;

    private TestFutures() {
    }

    /** The future's value once it succeeds; fails the test if it fails or does not end in time. */
    public static <T> T result(Future<T> f) throws InterruptedException {
        assertTrue(f.await(WAIT_SECONDS, TimeUnit.SECONDS), "finished");
        if (!f.isSuccess()) {
            throw new AssertionError("failed: " + f.cause().getMessage(), f.cause());
        }
        return f.getNow();
    }
}
