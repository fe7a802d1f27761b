package io.ward.lua.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A compiler bug leaves a function interpreted, which no script sees ({@link Tiering#counts()}
 * counts them): test classes that compile Lua check after their tests that it never happened.
 */
public final class CompilerFailures {
    private CompilerFailures() {
    }

    /** Fails when the Lua compiler failed on any function in this JVM so far. */
    public static void assertNone() {
        assertEquals(0, Tiering.counts()[3],
                "functions the Lua compiler failed on (-Dward.lua.compile.verbose=true names them)");
    }
}
