package io.ward.core;

/**
 * Unwinds a cancelled task from its suspension point. An {@link Error}, so ordinary
 * {@code catch (Exception)} and LuaJ's {@code pcall} (which catches {@code LuaError} and
 * {@code Exception}) let it pass, while Java {@code finally} blocks still run.
 *
 * <p>Immutable; no stack trace is filled in (it is control flow, not a diagnosis).
 */
public final class CancelSignal extends Error {
    private static final long serialVersionUID = 1L;

    public CancelSignal() {
        super("cancelled", null, false, false);
    }
}
