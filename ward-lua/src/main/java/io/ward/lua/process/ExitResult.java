package io.ward.lua.process;

/**
 * How a command or pipeline ended: each stage's exit code, the captured output, and whether
 * a timeout killed it.
 *
 * <p>Immutable. Exit codes are the JDK's: a process ended by signal N reports 128 + N, so a
 * code in 129..192 is read as that signal (a program that itself exits with such a code is
 * reported the same way, as shells do).
 */
final class ExitResult {
    final int[] codes;
    final byte[] stdout;
    final byte[] stderr;
    final boolean timedOut;
    final boolean pipefail;

    ExitResult(int[] codes, byte[] stdout, byte[] stderr, boolean timedOut, boolean pipefail) {
        this.codes = codes;
        this.stdout = stdout;
        this.stderr = stderr;
        this.timedOut = timedOut;
        this.pipefail = pipefail;
    }

    /** The stage whose status is the result's: the last, or with pipefail the last that failed. */
    private int deciding() {
        if (pipefail) {
            for (int i = codes.length - 1; i >= 0; i--) {
                if (codes[i] != 0) {
                    return i;
                }
            }
        }
        return codes.length - 1;
    }

    int code() {
        return codes[deciding()];
    }

    /** The signal that ended the deciding stage, or 0. */
    int signal() {
        int c = code();
        return c > 128 && c <= 128 + 64 ? c - 128 : 0;
    }

    boolean ok() {
        return !timedOut && code() == 0;
    }
}
