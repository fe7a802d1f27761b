package io.ward.core.testing;

import io.ward.core.BoundedChannel;
import io.ward.core.Scheduler;
import io.ward.core.fiber.FiberEngines;
import org.awaitility.core.ConditionTimeoutException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * "Nothing left behind" after a scenario: no live task, no pending timer, no parked channel
 * waiter, no fiber thread still held, and no more JVM threads than before it started.
 *
 * <p>What the thread baseline means: the thread engine pools its fiber threads and keeps idle
 * ones for {@code ward.fiber.idleSeconds}, so fiber threads ({@code ward-fiber-*}) may stay
 * after a scenario, but none may still be in use ({@code FiberEngine.threadsInUse() == 0}).
 * Every other thread (event loops, producers, JUnit's timeout threads) must be gone again:
 * their count returns to what it was at {@link #capture()}, taken after a warm-up that starts
 * the JVM-wide threads a first task creates once (Task's cleaner).
 */
public final class Baseline {
    private static final String FIBER_THREAD = "ward-fiber-";

    private final int otherThreads;

    private Baseline(int otherThreads) {
        this.otherThreads = otherThreads;
    }

    private static boolean warmedUp;

    /** Warms up once per JVM, then records the number of non-fiber threads. */
    public static Baseline capture() {
        warmUp();
        return new Baseline(otherThreads().size());
    }

    // Not a static initialiser: the warm-up task's body would wait for the class's initialisation on its fiber thread.
    private static synchronized void warmUp() {
        if (!warmedUp) {
            warmedUp = true;
            try (ManualLoop m = new ManualLoop(FiberEngines.thread())) {
                m.runAndGet(m.scheduler.spawn(() -> "warm"));
            }
        }
    }

    private static List<String> otherThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !t.getName().startsWith(FIBER_THREAD)) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /**
     * Context only (the loop thread): what the scheduler still holds, or "" when nothing. Take
     * it before closing the scheduler, since closing cancels whatever was left.
     */
    public static String leftovers(Scheduler s, BoundedChannel... channels) {
        StringBuilder b = new StringBuilder();
        if (s.liveTaskCount() != 0) {
            b.append(" live tasks=").append(s.liveTaskCount());
        }
        if (s.pendingTimerCount() != 0) {
            b.append(" pending timers=").append(s.pendingTimerCount());
        }
        for (int i = 0; i < channels.length; i++) {
            BoundedChannel ch = channels[i];
            if (ch.blockedSenders() != 0 || ch.blockedReceivers() != 0) {
                b.append(" channel ").append(i).append(": blocked senders=").append(ch.blockedSenders())
                        .append(" receivers=").append(ch.blockedReceivers());
            }
        }
        if (s.engine().threadsInUse() != 0) {
            b.append(" fiber threads in use=").append(s.engine().threadsInUse());
        }
        return b.toString().trim();
    }

    /** On a manual loop (the test thread is its loop): runs it idle, then nothing may be left. */
    public static void assertQuiet(ManualLoop m, BoundedChannel... channels) {
        m.runUntilIdle();
        assertEquals("", leftovers(m.scheduler, channels), "left behind");
    }

    /** On a real loop: nothing may be left, checked on the loop thread. */
    public static void assertQuiet(RealLoop r, BoundedChannel... channels) throws Exception {
        assertEquals("", r.onLoop(() -> leftovers(r.scheduler, channels)), "left behind");
    }

    /** After the fixture is closed: waits until the non-fiber threads are back to the baseline. */
    public void assertThreadsRestored() {
        try {
            await().pollInSameThread().atMost(30, TimeUnit.SECONDS).until(() -> otherThreads().size() <= otherThreads);
        } catch (ConditionTimeoutException e) {
            fail("threads not back to the baseline of " + otherThreads + ": " + otherThreads());
        }
    }
}
