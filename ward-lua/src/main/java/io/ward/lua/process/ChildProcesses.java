package io.ward.lua.process;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The child processes a runtime started and that still run: closing the runtime kills them
 * (with their descendants, so a {@code sh -c} wrapper does not leave its command behind).
 *
 * <p>Thread-safe: processes are added from the blocking pool, removed by the JDK's exit
 * callbacks, killed from whichever thread closes the runtime.
 */
final class ChildProcesses {
    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    void add(Process p) {
        live.add(p);
        p.onExit().thenRun(() -> live.remove(p));
        if (closed) { // started while the runtime was closing
            killTree(p);
        }
    }

    void killAll() {
        closed = true;
        for (Process p : live) {
            killTree(p);
        }
    }

    int liveCount() {
        return live.size();
    }

    /** Kills {@code p} and its descendants (SIGKILL); whether {@code p} was still running. */
    static boolean killTree(Process p) {
        boolean alive = p.isAlive();
        try {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
        } catch (RuntimeException e) {
            // descendants may be unreadable (permissions, platform): the process itself still dies
        }
        p.destroyForcibly();
        return alive;
    }
}
