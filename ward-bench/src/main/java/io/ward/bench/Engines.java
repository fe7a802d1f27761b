package io.ward.bench;

import io.ward.core.fiber.FiberEngines;

/**
 * Prints the fiber engines this JVM can run, comma-separated ({@code continuation,thread} or
 * {@code thread}), for scripts that pass them to JMH as {@code -p engine=...}; with
 * {@code -v}, also why the continuation engine is unavailable.
 *
 * <p>Run: {@code java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp
 * ward-bench/target/benchmarks.jar io.ward.bench.Engines}
 */
public final class Engines {
    private Engines() {
    }

    public static void main(String[] args) {
        boolean verbose = args.length > 0 && "-v".equals(args[0]);
        if (FiberEngines.continuationAvailable()) {
            System.out.println("continuation,thread");
        } else {
            System.out.println("thread");
            if (verbose) {
                System.err.println("continuation engine unavailable: " + FiberEngines.continuationUnavailableReason());
            }
        }
    }
}
