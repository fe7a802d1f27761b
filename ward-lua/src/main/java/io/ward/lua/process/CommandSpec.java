package io.ward.lua.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@code Cmd} will run: program and arguments, working directory, environment
 * changes, timeout, stdin and stderr settings. Mutable, as the Lua builder is fluent.
 *
 * <p>Confined to the runtime's context.
 */
final class CommandSpec {
    enum Stdin { INHERIT, BYTES, FILE, NULL }

    final List<String> argv;
    String cwd;
    /** Variables to set; a {@code null} value removes the variable. */
    final Map<String, String> env = new LinkedHashMap<>();
    /** Zero: no timeout. */
    long timeoutNanos;
    Stdin stdin = Stdin.INHERIT;
    byte[] stdinBytes;
    String stdinFile;
    boolean mergeStderr;
    /** A task cancelled while it waits on the process kills it ({@code kill_on_cancel}). */
    boolean killOnCancel;

    CommandSpec(List<String> argv, long timeoutNanos) {
        this.argv = new ArrayList<>(argv);
        this.timeoutNanos = timeoutNanos;
    }

    CommandSpec copy() {
        CommandSpec c = new CommandSpec(argv, timeoutNanos);
        c.cwd = cwd;
        c.env.putAll(env);
        c.stdin = stdin;
        c.stdinBytes = stdinBytes;
        c.stdinFile = stdinFile;
        c.mergeStderr = mergeStderr;
        c.killOnCancel = killOnCancel;
        return c;
    }

    /** The program and arguments as a shell-like line, for {@code tostring} and messages. */
    static String describe(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            boolean plain = !a.isEmpty() && a.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || "-_./=:,+@%".indexOf(ch) >= 0);
            sb.append(plain ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }
}
