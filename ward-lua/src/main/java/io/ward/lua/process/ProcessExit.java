package io.ward.lua.process;

import io.ward.lua.LuaErrors;
import org.luaj.vm2.LuaError;

/**
 * Unwinds the task that called {@code process.exit(code)}. An {@link Error}, so {@code pcall}
 * lets it through (like cancellation); the runtime records the status
 * ({@link io.ward.lua.WardRuntime#exitStatus()}) and the CLI exits with it.
 *
 * <p>Immutable; no stack trace (control flow, not a diagnosis).
 */
public final class ProcessExit extends Error {
    private static final long serialVersionUID = 1L;

    private final int status;

    ProcessExit(int status) {
        super("process.exit(" + status + ")", null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /**
     * How a task that called {@code process.exit} ends: a Lua error ({@code process.exit(N)})
     * for whoever waits on it, which the waiter can catch; the exit itself stays in its cause.
     */
    public LuaError asTaskFailure() {
        return new TaskExited(this);
    }

    private static final class TaskExited extends LuaError {
        private static final long serialVersionUID = 1L;

        TaskExited(ProcessExit exit) {
            super(exit.getMessage());
            this.cause = exit;
        }
    }

    /** The {@code ProcessExit} in {@code t}'s cause chain, or {@code null}. */
    public static ProcessExit find(Throwable t) {
        return LuaErrors.findCause(t, ProcessExit.class);
    }

    /**
     * The status for {@code process.exit(code)}: negative gives 1, past a 32-bit int is
     * clamped, a fraction is truncated, NaN gives 1.
     */
    static int status(double code) {
        if (Double.isNaN(code) || code < 0) {
            return 1;
        }
        return code >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) code;
    }
}
