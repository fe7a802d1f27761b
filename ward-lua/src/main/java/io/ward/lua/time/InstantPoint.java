package io.ward.lua.time;

import io.ward.core.time.WardDuration;
/**
 * A reading of the JVM's monotonic clock ({@link System#nanoTime()}), the payload of a Lua
 * InstantPoint; an immutable value, thread-safe.
 *
 * <p>Only differences between readings mean anything, so they are computed by subtraction,
 * which stays correct even if the raw counter wraps around.
 *
 * <p>Equality is identity on purpose: LuaJ's {@code rawequal} and table keys compare userdata
 * payloads with {@code equals}, and Lua wants two userdata to be distinct objects; scripts
 * compare values with {@code ==}, which goes through {@code __eq}.
 */
public final class InstantPoint {
    private final long nanoTime;

    public InstantPoint(long nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The raw {@link System#nanoTime()} reading. */
    public long nanoTime() {
        return nanoTime;
    }

    public static InstantPoint now() {
        return new InstantPoint(System.nanoTime());
    }

    /** {@code this - earlier}, negative when {@code earlier} is in fact later. */
    public WardDuration since(InstantPoint earlier) {
        return WardDuration.ofNanos(nanoTime - earlier.nanoTime);
    }

    /** Time since this reading. */
    public WardDuration elapsed() {
        return now().since(this);
    }

    /** Orders readings by their difference, which is what stays correct across wrap-around. */
    public int compareTo(InstantPoint other) {
        return Long.signum(nanoTime - other.nanoTime);
    }
}
