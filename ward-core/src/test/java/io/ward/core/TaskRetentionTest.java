package io.ward.core;

import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.EngineTest;
import io.ward.core.testing.ManualLoop;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A finished task whose handle was dropped must not stay reachable from the scheduler,
 * however it ended: checked through a weak reference to its body, with the real GC.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskRetentionTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    /** Spawns a task in one of several ways, drops the handle, and returns a weak reference to its body. */
    private static WeakReference<Object> spawnAndDrop(ManualLoop m, String how) {
        Scheduler s = m.scheduler;
        Object[] unique = {how}; // captured, so each body is its own object (a non-capturing lambda is a singleton)
        Callable<Object> body;
        switch (how) {
            case "succeeded":
                body = () -> unique[0];
                break;
            case "failed":
                body = () -> {
                    throw new IllegalStateException("failed on purpose: " + unique[0]);
                };
                break;
            default:
                body = () -> s.await(Timers.sleep(s, HOUR)) + unique[0].toString();
                break;
        }
        Task<Object> t = s.spawn(body);
        switch (how) {
            case "cancelled before start":
                t.cancel();
                break;
            case "cancelled while suspended":
                m.runUntilIdle();
                t.cancel();
                break;
            default:
                break; // "aborted on drop" and the others: nothing more
        }
        m.runUntilIdle();
        return new WeakReference<>(body);
    }

    /**
     * Under load the Cleaner's single thread lags behind GC, and whatever its pending actions
     * hold stays alive (a soak test saw 32,000 finished tasks held that way). So once dropping
     * the handle can change nothing, the task releases its drop registration itself.
     */
    @EngineTest
    void aSettledTaskReleasesItsDropRegistrationWithoutWaitingForTheCleaner(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Task<String> joined = s.spawn(() -> {
                throw new IllegalStateException("failed, then joined");
            });
            Task<String> succeeded = s.spawn(() -> "ok");
            Task<Boolean> cancelled = s.spawn(() -> s.await(Timers.sleep(s, HOUR)));
            Task<String> failed = s.spawn(() -> {
                throw new IllegalStateException("failed, nobody joined");
            });
            Task<Object> waiter = s.spawn(() -> {
                try {
                    return s.await(joined);
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
            });
            m.runUntilIdle();
            cancelled.cancel();
            m.runUntilIdle();
            assertEquals("failed, then joined", m.runAndGet(waiter));
            assertTrue(stateOf(joined).dropReleased, "joined");
            assertTrue(stateOf(succeeded).dropReleased, "succeeded");
            assertTrue(stateOf(cancelled).dropReleased, "cancelled");
            assertFalse(stateOf(failed).dropReleased, "a failure nobody saw is still reported when its handle goes");
        }
    }

    private static TaskState<?> stateOf(Task<?> t) {
        try {
            java.lang.reflect.Field f = Task.class.getDeclaredField("state");
            f.setAccessible(true);
            return (TaskState<?>) f.get(t);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @EngineTest
    void finishedTasksWithDroppedHandlesAreNotRetained(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Map<String, WeakReference<Object>> bodies = new LinkedHashMap<>();
            for (String how : List.of("succeeded", "failed", "cancelled before start", "cancelled while suspended",
                    "aborted on drop")) {
                bodies.put(how, spawnAndDrop(m, how));
            }
            List<String> retained = new ArrayList<>();
            try {
                await().pollInSameThread().atMost(5, TimeUnit.SECONDS).until(() -> {
                    System.gc();
                    m.runUntilIdle(); // lets the handles' drop actions hop onto the loop
                    retained.clear();
                    bodies.forEach((how, ref) -> {
                        if (ref.get() != null) {
                            retained.add(how);
                        }
                    });
                    return retained.isEmpty();
                });
            } catch (ConditionTimeoutException e) {
                // reported below, by name
            }
            assertEquals(List.of(), retained, "tasks still reachable after their handles were collected");
            assertEquals(0, m.scheduler.liveTaskCount());
            assertEquals(1, m.unobserved.size(), "only the failure is reported: " + m.unobserved);
        }
    }
}
