package io.ward.lua.limits;

import io.ward.lua.LuaErrors;

/**
 * Ends Lua code that went over a limit: the instruction limit, a deadline, the memory limit.
 *
 * <p>An {@link Error}, so it unwinds through everything Lua could use to stop it: LuaJ's
 * closures only catch {@code Exception}, Ward's {@code pcall}/{@code xpcall} and coroutine
 * boundaries rethrow it ({@code io.ward.lua.LuaErrors#isUnwinding}), and it ends the task it
 * is raised in. {@link #getMessage()} is the Lua-visible text, for example
 * {@code instruction limit exceeded}; {@link #luaTraceback()} is where Lua code was when it was
 * raised, when the {@link ExecutionHook} knew.
 *
 * <p>Immutable; no Java stack trace is filled in (it would only show the interpreter).
 */
public final class LimitExceededError extends Error {
    private static final long serialVersionUID = 1L;

    /** Which limit was hit. */
    public enum Kind {
        /** {@code --instruction-limit}: {@value ExecutionHook#INSTRUCTION_LIMIT_MESSAGE}. */
        INSTRUCTIONS(ExecutionHook.INSTRUCTION_LIMIT_MESSAGE),
        /** {@code --timeout}: {@value #TIMEOUT_MESSAGE}. */
        TIMEOUT(Kind.TIMEOUT_MESSAGE),
        /** {@code --memory-limit}: {@value MemoryGuard#MESSAGE}. */
        MEMORY(MemoryGuard.MESSAGE);

        /** The text of a timeout. */
        public static final String TIMEOUT_MESSAGE = "evaluation timed out";

        private final String message;

        Kind(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    private final Kind kind;
    private final String luaTraceback;

    public LimitExceededError(Kind kind, String luaTraceback) {
        super(kind.message(), null, false, false);
        this.kind = kind;
        this.luaTraceback = luaTraceback;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code stack traceback:...} where Lua code was when this was raised, or {@code null}. */
    public String luaTraceback() {
        return luaTraceback;
    }

    /** The first {@link LimitExceededError} in {@code t}'s cause chain, or {@code null}. */
    public static LimitExceededError find(Throwable t) {
        return LuaErrors.findCause(t, LimitExceededError.class);
    }
}
