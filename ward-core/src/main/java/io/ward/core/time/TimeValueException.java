package io.ward.core.time;

/**
 * A duration or time value could not be built; immutable and thread-safe like any exception
 * that is never mutated after construction.
 *
 * <p>The message is the exact text Lua scripts see (for example {@code duration overflow}), so
 * the Lua bridges turn it into a {@link org.luaj.vm2.LuaError} unchanged and no Java exception
 * name ever reaches a script.
 */
public final class TimeValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public TimeValueException(String message) {
        super(message);
    }
}
