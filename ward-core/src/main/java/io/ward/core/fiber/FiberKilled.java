package io.ward.core.fiber;

/**
 * Thrown from a suspension point of a fiber being {@link Fiber#kill() killed}. An
 * {@link Error} so that ordinary {@code catch (Exception)} (and LuaJ's {@code pcall}) lets
 * it pass; nobody should catch it but the fiber's own entry frame.
 */
public final class FiberKilled extends Error {
    private static final long serialVersionUID = 1L;

    public FiberKilled() {
        super("fiber killed", null, false, false);
    }
}
