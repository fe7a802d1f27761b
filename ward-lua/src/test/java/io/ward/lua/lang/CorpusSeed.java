package io.ward.lua.lang;

/**
 * The seed of the differential and random corpora. Fixed by default, so every build (CI
 * included) checks the same cases and a failure is a change in Ward, not the luck of the
 * draw; {@code -Dward.lua.randomSeed=true} (on in {@code -Pstress}) draws a new one to explore,
 * and {@code -Dward.lua.seed=N} replays a printed one. Stateless.
 */
public final class CorpusSeed {
    static final long DEFAULT = 20261206L;

    private CorpusSeed() {
    }

    public static long get() {
        Long given = Long.getLong("ward.lua.seed");
        if (given != null) {
            return given;
        }
        return Boolean.getBoolean("ward.lua.randomSeed") ? System.nanoTime() : DEFAULT;
    }
}
