package io.ward.lua.lifecycle;

import java.util.Map;

/**
 * The signals {@code ward.lifecycle} knows, by name and by Linux number on every platform
 * (HUP 1, INT 2, QUIT 3, USR1 10, USR2 12, PIPE 13, TERM 15). Stateless, thread-safe.
 */
final class SignalNames {
    static final int INT = 2;
    static final int TERM = 15;

    private static final Map<String, Integer> NUMBERS = Map.of(
            "HUP", 1, "INT", INT, "QUIT", 3, "USR1", 10, "USR2", 12, "PIPE", 13, "TERM", TERM);

    private SignalNames() {
    }

    /** The number of {@code name} (upper case, no {@code SIG}), or {@code -1}. */
    static int number(String name) {
        return NUMBERS.getOrDefault(name, -1);
    }

    /** The name of {@code number}, or {@code "UNKNOWN"}. */
    static String name(int number) {
        for (Map.Entry<String, Integer> e : NUMBERS.entrySet()) {
            if (e.getValue() == number) {
                return e.getKey();
            }
        }
        return "UNKNOWN";
    }

    /** Whether the signal asks the program to end (shutdown with 128 + n). */
    static boolean ends(int number) {
        return number == INT || number == TERM;
    }
}
