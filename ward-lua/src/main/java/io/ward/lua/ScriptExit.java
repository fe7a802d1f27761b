package io.ward.lua;

import org.luaj.vm2.LuaError;

/**
 * Unwinds the task whose script asked to end the program ({@code process.exit(code)}). An
 * {@link Error}, so {@code pcall} lets it through (like cancellation); the runtime records
 * the status ({@link WardRuntime#exitStatus()}) and the CLI exits with it.
 *
 * <p>Immutable; no stack trace (control flow, not a diagnosis).
 */
public final class ScriptExit extends Error {
    private static final long serialVersionUID = 1L;

    private final int status;

    /** Records nothing by itself: call {@link WardRuntime#requestExit} first. */
    public ScriptExit(int status) {
        super("process.exit(" + status + ")", null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /**
     * How a task that asked to exit ends: a Lua error ({@code process.exit(N)}) for whoever
     * waits on it, which the waiter can catch; the exit itself stays in its cause.
     */
    LuaError asTaskFailure() {
        return new TaskExited(this);
    }

    private static final class TaskExited extends LuaError {
        private static final long serialVersionUID = 1L;

        TaskExited(ScriptExit exit) {
            super(exit.getMessage());
            this.cause = exit;
        }
    }

    /** The {@code ScriptExit} in {@code t}'s cause chain, or {@code null}. */
    public static ScriptExit find(Throwable t) {
        return LuaErrors.findCause(t, ScriptExit.class);
    }
}
