package io.ward.core.testing;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a check on random cases, each generated from its own seed, and on the first failing
 * case shrinks it greedily and fails with the smallest failing case and how to replay it.
 *
 * <p>Case {@code i} of a run is generated from the {@code i}-th {@code nextLong()} of a
 * {@link Random} seeded with the run's base seed (fresh each run unless
 * {@code -Dward.model.baseSeed} is given); {@code -Dward.model.seed=<seed>} checks only the
 * case of that seed. {@link Random} is used because its algorithm is specified, so a seed
 * gives the same case on every JDK. The number of cases comes from
 * {@code ward.test.modelSequences} (the root pom sets it: 300, 3,000 with {@code -Pstress}).
 *
 * <p>Shrinking: the {@code simpler} function lists the cases one change away from a case
 * (each strictly smaller, so shrinking ends); the first one that still fails with the same
 * kind of error replaces the case, until none does.
 */
public final class RandomCheck {
    public static final String SEQUENCES_PROPERTY = "ward.test.modelSequences";
    public static final String SEED_PROPERTY = "ward.model.seed";
    public static final String BASE_SEED_PROPERTY = "ward.model.baseSeed";
    public static final int DEFAULT_SEQUENCES = 300;

    private final int cases;
    private final long baseSeed;
    private final Long onlySeed;

    private RandomCheck(int cases, long baseSeed, Long onlySeed) {
        this.cases = cases;
        this.baseSeed = baseSeed;
        this.onlySeed = onlySeed;
    }

    /** As the build configures it: the system properties above. */
    public static RandomCheck fromSystemProperties() {
        String only = System.getProperty(SEED_PROPERTY, "").trim();
        String base = System.getProperty(BASE_SEED_PROPERTY, "").trim();
        return new RandomCheck(
                Integer.getInteger(SEQUENCES_PROPERTY, DEFAULT_SEQUENCES),
                base.isEmpty() ? new Random().nextLong() : Long.parseLong(base),
                only.isEmpty() ? null : Long.parseLong(only));
    }

    /** {@code cases} cases from {@code baseSeed}. */
    public static RandomCheck of(int cases, long baseSeed) {
        return new RandomCheck(cases, baseSeed, null);
    }

    /** Only the case of {@code seed}. */
    public static RandomCheck replaying(long seed) {
        return new RandomCheck(1, 0, seed);
    }

    /**
     * Checks the cases; returns how many were checked. {@code check} fails a case by throwing;
     * the AssertionError then names the seed, the shrunk case, its failure and the original
     * one (also its cause).
     */
    public <C> int run(String what, Function<Random, C> generate, Function<C, List<C>> simpler,
            Consumer<C> check) {
        Random seeds = new Random(baseSeed);
        for (int i = 0; i < cases; i++) {
            long seed = onlySeed != null ? onlySeed : seeds.nextLong();
            C c = generate.apply(new Random(seed));
            Throwable failure = failureOf(check, c);
            if (failure != null) {
                String which = onlySeed != null ? "replayed seed " + seed
                        : "case " + (i + 1) + " of " + cases + ", seed " + seed + " (base seed " + baseSeed + ")";
                throw shrunk(what, which, seed, c, failure, simpler, check);
            }
        }
        return cases;
    }

    private static <C> AssertionError shrunk(String what, String which, long seed, C original,
            Throwable originalFailure, Function<C, List<C>> simpler, Consumer<C> check) {
        C smallest = original;
        Throwable failure = originalFailure;
        int runs = 0;
        int steps = 0;
        boolean smaller = true;
        while (smaller) {
            smaller = false;
            for (C candidate : simpler.apply(smallest)) {
                runs++;
                Throwable t = failureOf(check, candidate);
                // the same kind of error, so shrinking does not wander off to another bug
                if (t != null && t.getClass() == originalFailure.getClass()) {
                    smallest = candidate;
                    failure = t;
                    steps++;
                    smaller = true;
                    break;
                }
            }
        }
        AssertionError e = new AssertionError(what + " failed: " + which
                + "; replay with -D" + SEED_PROPERTY + "=" + seed
                + "\n  shrunk (" + steps + " changes, " + runs + " runs) to: " + smallest
                + "\n  which fails with: " + failure
                + "\n  original case: " + original
                + "\n  original failure: " + originalFailure, originalFailure);
        if (failure != originalFailure) {
            e.addSuppressed(failure);
        }
        return e;
    }

    private static <C> Throwable failureOf(Consumer<C> check, C c) {
        try {
            check.accept(c);
            return null;
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable t) {
            return t;
        }
    }
}
