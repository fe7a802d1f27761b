package io.ward.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link WardCommand#fastPath}: the command lines it takes are read exactly as picocli reads
 * them (same CODE, same positional arguments, no subcommand, no option set), and the others
 * are left to picocli.
 */
class WardCommandFastPathTest {
    static final List<String[]> FAST = List.of(
            a("script.lua"), a("script.lua", "a b", "", "--timeout"), a("script.lua", "--", "x"),
            a("script.lua", "run"), a("script.lua", "-e", "x"), a("script.lua", "--help"),
            a("dir/s.lua", "repl", "-"), a("-e", "print(1)"), a("-e", "print(...)", "x", "-y"),
            a("-e", ""), a("-e", "print(1)", "x", "run"), a("-e", "e", "="));

    static final List<String[]> PICOCLI = List.of(
            a(), a("-"), a("--timeout", "1", "s.lua"), a("run", "s.lua"), a("repl"), a("--help"),
            a("-V"), a("-e"), a("-e", "--timeout"), a("-e", "x", "--timeout", "1"), a("-e", "x", "run", "s.lua"),
            a("-e", "x", "repl"), a("-e", "x", "-"), a("-e", "x", ""), a("-e", "x", "--", "y"), a("-ex"),
            a("-e=x"), a(""), a("s.lua", "@args.txt"), a("@args.txt"), a("-e", "@x"), a("--", "s.lua"));

    @Test
    void fastFormsReadAsPicocliReadsThem() {
        for (String[] args : FAST) {
            Options fast = WardCommand.fastPath(args);
            assertNotNull(fast, Arrays.toString(args));
            CommandLine cl = WardCommand.commandLine();
            CommandLine.ParseResult parsed = cl.parseArgs(args);
            WardCommand picocli = cl.getCommand();
            String what = Arrays.toString(args);
            assertNull(parsed.subcommand(), what);
            assertEquals(picocli.options.code, fast.code, what);
            assertEquals(new ArrayList<>(picocli.positional), WardCommand.fastPositional(fast, args), what);
            assertNull(picocli.options.timeoutNanos, what);
            assertNull(picocli.options.instructionLimit, what);
            assertNull(picocli.options.memoryLimit, what);
            assertNull(picocli.options.threads, what);
            assertNull(picocli.options.noTraceback, what);
            assertEquals(false, parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested(), what);
        }
    }

    @Test
    void everythingElseGoesToPicocli() {
        for (String[] args : PICOCLI) {
            assertNull(WardCommand.fastPath(args), Arrays.toString(args));
        }
    }

    private static String[] a(String... args) {
        return args;
    }
}
