package io.ward.core;

/**
 * How an awaited operation ended: a value or a failure. The failure is kept as the very
 * Throwable raised (identity matters: a Lua error value travels inside it).
 *
 * <p>Immutable and thread-safe.
 */
public final class Outcome<T> {
    private static final Outcome<Boolean> TRUE = new Outcome<>(Boolean.TRUE, null);

    private final T value;
    private final Throwable failure;

    private Outcome(T value, Throwable failure) {
        this.value = value;
        this.failure = failure;
    }

    public static <T> Outcome<T> success(T value) {
        return new Outcome<>(value, null);
    }

    public static Outcome<Boolean> ofTrue() {
        return TRUE;
    }

    public static <T> Outcome<T> failure(Throwable failure) {
        if (failure == null) {
            throw new NullPointerException("failure");
        }
        return new Outcome<>(null, failure);
    }

    public boolean isSuccess() {
        return failure == null;
    }

    /** The value, or {@code null} for a failure. */
    public T value() {
        return value;
    }

    /** The failure, or {@code null} for a success. */
    public Throwable failure() {
        return failure;
    }

    /** The value, or the failure rethrown as it is (checked or not). */
    public T get() {
        if (failure != null) {
            throw Outcome.<RuntimeException>sneaky(failure);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    @Override
    public String toString() {
        return failure == null ? "Outcome(" + value + ")" : "Outcome(failed: " + failure + ")";
    }
}
