package io.ward.lua.reliability;

import io.netty.channel.DefaultEventLoop;

/**
 * A {@link DefaultEventLoop} that tells whether it still holds scheduled tasks (Ward's timers
 * are Netty scheduled tasks, and a cancelled one leaves the queue), so a test can check
 * that abandoned sleeps and timeouts leave nothing behind.
 *
 * <p>{@link #hasTimers()} is loop-confined, as Netty's scheduled-task queue is.
 */
final class TimerCountingLoop extends DefaultEventLoop {
    /** Loop only: whether any scheduled task is pending. */
    boolean hasTimers() {
        return nextScheduledTaskNano() != -1;
    }
}
