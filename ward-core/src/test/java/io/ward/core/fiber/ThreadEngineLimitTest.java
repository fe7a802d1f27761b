package io.ward.core.fiber;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The thread engine with no thread to give: the fiber fails to start and stays unstarted; the others go on. */
class ThreadEngineLimitTest {
    @Test
    @Timeout(30)
    void aFiberThatGetsNoThreadFailsToStartAndCanStartLater() {
        ThreadEngine engine = new ThreadEngine(2);
        FiberScope scope = new FiberScope("limit-test");
        Fiber a = engine.newFiber(scope, () -> engine.suspend(scope));
        Fiber b = engine.newFiber(scope, () -> engine.suspend(scope));
        assertFalse(a.resume());
        assertFalse(b.resume());
        boolean[] ran = {false};
        Fiber c = engine.newFiber(scope, () -> ran[0] = true);

        FiberStartException e = assertThrows(FiberStartException.class, c::resume);
        assertTrue(e.getMessage().startsWith("cannot start a task or coroutine: all 2 fiber threads are in use"),
                e.getMessage());
        assertTrue(e.getMessage().contains("JDK 21+"), e.getMessage());
        assertFalse(c.isDone());
        assertFalse(ran[0]);
        assertEquals(2, engine.threadsInUse());

        assertTrue(a.resume(), "the fibers that have threads go on");
        assertTrue(c.resume(), "a thread freed by a finished fiber starts the refused one");
        assertTrue(ran[0]);
        b.kill();
        assertTrue(b.isDone());
        assertEquals(0, engine.threadsInUse());
    }
}
