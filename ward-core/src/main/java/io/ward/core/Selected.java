package io.ward.core;

/**
 * The winner of a {@link Scheduler#select}: its 0-based index and its outcome.
 *
 * <p>Immutable.
 */
public final class Selected {
    private final int index;
    private final Outcome<?> outcome;

    Selected(int index, Outcome<?> outcome) {
        this.index = index;
        this.outcome = outcome;
    }

    /** 0-based index of the entry that completed first. */
    public int index() {
        return index;
    }

    public Outcome<?> outcome() {
        return outcome;
    }

    /** The winner's value, or its failure rethrown. */
    public Object get() {
        return outcome.get();
    }
}
