package io.ward.core.testing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Asserts the order in which things happen, kotlinx {@code expect(n)}/{@code finish(n)}
 * style: each step names its number; the first step out of order is remembered (an
 * assertion thrown inside a task would only fail that task) and reported by {@link #finish}.
 *
 * <p>Thread-safe, for code that runs one piece at a time (tasks handed between threads).
 */
public final class Expect {
    private final AtomicInteger step = new AtomicInteger();
    private final AtomicReference<AssertionError> firstError = new AtomicReference<>();

    public void expect(int n) {
        int actual = step.incrementAndGet();
        if (actual != n) {
            firstError.compareAndSet(null, new AssertionError("expected step " + n + " but was at step " + actual));
        }
    }

    /** A step that must never be reached. */
    public void unreached(String what) {
        firstError.compareAndSet(null, new AssertionError("unreached: " + what));
    }

    /** The last step: fails the test if any step came out of order or too few came. */
    public void finish(int n) {
        expect(n);
        AssertionError e = firstError.get();
        if (e != null) {
            throw e;
        }
    }

    /** Fails if a step came out of order so far (for checks in the middle of a test). */
    public void check(int doneSoFar) {
        AssertionError e = firstError.get();
        if (e != null) {
            throw e;
        }
        if (step.get() != doneSoFar) {
            fail("expected " + doneSoFar + " steps so far, got " + step.get());
        }
    }
}
