package io.ward.lua.process;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

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
        // The parent dies first, so that it ends by this signal rather than on its own when a
        // child it waits for dies (a shell would then exit 0). Its descendants are listed before:
        // once it is gone they are re-parented and no longer found.
        List<ProcessHandle> descendants;
        try {
            descendants = p.descendants().collect(Collectors.toList());
        } catch (RuntimeException e) {
            descendants = List.of(); // unreadable (permissions, platform): the process itself still dies
        }
        p.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        return alive;
    }
}
