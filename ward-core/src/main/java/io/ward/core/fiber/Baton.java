package io.ward.core.fiber;

import java.util.concurrent.locks.LockSupport;

/**
 * A one-owner wake-up flag: another thread {@link #signal() signals}, the owner
 * {@link #await() awaits}. The thread engine passes control between the loop thread and
 * fiber threads with one baton per thread.
 *
 * <p>Thread-safe for one awaiting owner and any signalling thread. A signal that arrives
 * before the await is not lost. The await spins briefly before parking: on two cores plain
 * park/unpark hand-offs are bimodal (~20k or ~200k per second), a short spin gives millions.
 * A resumer waits for a fiber that usually hands back within microseconds, so it spins
 * longer ({@code ward.fiber.resumerSpins}) than a parked fiber, which may wait for long
 * ({@code ward.fiber.spins}); measured here: about +40% yields per second with 2-100 tasks.
 */
final class Baton {
    private static final int SPINS = Integer.getInteger("ward.fiber.spins", 200);
    private static final int RESUMER_SPINS = Integer.getInteger("ward.fiber.resumerSpins", 2000);
    private static final ThreadLocal<Baton> OF_THREAD = ThreadLocal.withInitial(Baton::new);

    private final Thread owner = Thread.currentThread();
    private volatile boolean signaled;

    /** The calling thread's baton. */
    static Baton ofCurrentThread() {
        return OF_THREAD.get();
    }

    void signal() {
        signaled = true;
        LockSupport.unpark(owner);
    }

    /** Waits for a signal and consumes it. Called by the owner only. */
    void await() {
        await(SPINS);
    }

    /** Waits for the fiber it resumed to hand control back (usually soon: spin longer). */
    void awaitResumed() {
        await(RESUMER_SPINS);
    }

    private void await(int spins) {
        for (int i = 0; i < spins; i++) {
            if (signaled) {
                signaled = false;
                return;
            }
            Thread.onSpinWait();
        }
        while (!signaled) {
            LockSupport.park(this);
        }
        signaled = false;
    }

    /**
     * Like {@link #await()} but gives up after {@code nanos}.
     *
     * @return whether a signal was consumed
     */
    boolean await(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (!signaled) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(this, left);
        }
        signaled = false;
        return true;
    }
}
