package io.ward.core;

/**
 * One entry of a {@code select}: completes the shared {@link Parking} with its index, and
 * declines (so the awaitable keeps its value) once another entry has won.
 *
 * <p>Confined to the scheduler's context.
 */
final class SelectWaiter extends Waiter<Object> {
    private final Parking parking;
    private final int index;

    SelectWaiter(Parking parking, int index) {
        this.parking = parking;
        this.index = index;
    }

    @Override
    public boolean isPending() {
        return parking.isPending();
    }

    @Override
    public boolean tryComplete(Outcome<Object> outcome) {
        return parking.complete(index, outcome);
    }
}
