package io.ward.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unusual and hostile input to the real {@code ward} command, beyond what
 * {@link WardCommandIT} covers: unicode arguments through {@code arg} and {@code ...} in every
 * way a script is given, source files with a byte order mark and a shebang together, CRLF line
 * ends, non-UTF-8 bytes, unfinished syntax, and memory bombs. Each case has one expected exit
 * status and output; none may show a Java stack trace.
 */
class WardInputIT {
    private static final long ENDS_WITHIN_SECONDS = 30;
    /** The child decodes its arguments with the locale's charset. */
    private static final Map<String, String> UTF8 = Map.of("LC_ALL", "C.UTF-8");
    /** Astral plane (4 bytes), combining mark, right-to-left, empty, spaces and a newline. */
    private static final String[] ARGS = {"\uD83D\uDE00", "a\u0310", "\u05E9\u05DC\u05D5\u05DD", "", "two words", "line\nbreak"};
    /** Byte lengths in UTF-8: the emoji is 4 bytes (not 6 as two encoded surrogates), each Hebrew letter 2. */
    private static final String EXPECTED_ARGS = "6\n4|\uD83D\uDE00\n3|a\u0310\n8|\u05E9\u05DC\u05D5\u05DD\n0|\n9|two words\n10|line\nbreak\n";

    @TempDir
    Path dir;

    static List<String> engines() {
        return WardProcess.engines();
    }

    private WardProcess ward(String engine) {
        return new WardProcess(engine, dir).limitSeconds(ENDS_WITHIN_SECONDS);
    }

    private void file(String name, byte[] bytes) throws Exception {
        Files.write(dir.resolve(name), bytes);
    }

    private void file(String name, String text) throws Exception {
        file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] with(String first, String... more) {
        String[] all = new String[ARGS.length + 1 + more.length];
        System.arraycopy(more, 0, all, 0, more.length);
        all[more.length] = first;
        System.arraycopy(ARGS, 0, all, more.length + 1, ARGS.length);
        return all;
    }

    /** Prints the argument count, then each argument's byte length and text, from arg and from ... (must agree). */
    private static final String PRINT_ARGS = "local n = select('#', ...)\n"
            + "assert(n == #arg, 'arg and ... agree on the count')\n"
            + "print(n)\n"
            + "for i = 1, n do local v = select(i, ...) assert(v == arg[i], 'arg[' .. i .. '] == ...') print(#v .. '|' .. v) end\n"
            + "assert(select(1, ...) == '\uD83D\uDE00', 'equal to the same text written in the script')\n"
            + "assert(utf8.codepoint((...)) == 0x1F600, 'one code point')\n";

    @ParameterizedTest
    @MethodSource("engines")
    void unicodeArgumentsArriveIntactInArgAndVarargs(String engine) throws Exception {
        file("args.lua", PRINT_ARGS);
        assertEquals(EXPECTED_ARGS, ward(engine).env(UTF8).run(with("args.lua")).expectExit(0).stdout);
        assertEquals(EXPECTED_ARGS, ward(engine).env(UTF8).run(with(PRINT_ARGS, "-e")).expectExit(0).stdout);
        assertEquals(EXPECTED_ARGS, ward(engine).env(UTF8).stdin(PRINT_ARGS).run(with("-")).expectExit(0).stdout);
        // a unicode script name, and unicode in the script's own text and errors
        file("\u00FCber.lua", "print(arg[0], '\u2713 \uD83D\uDE00') error('\u00E9chec \u2713')");
        WardProcess.Result r = ward(engine).env(UTF8).run("\u00FCber.lua").expectExit(1);
        assertEquals("\u00FCber.lua\t\u2713 \uD83D\uDE00\n", r.stdout);
        r.expectStderrContains("ward: \u00FCber.lua:1: \u00E9chec \u2713").expectNoJavaLeak();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void byteOrderMarkShebangAndLineEnds(String engine) throws Exception {
        // a BOM then a shebang: both dropped, line numbers kept
        file("both.lua", "\uFEFF#!/usr/bin/env ward\nprint('both')\nerror('on 3')\n");
        ward(engine).run("both.lua").expectExit(1).expectStdoutContains("both\n")
                .expectStderrContains("ward: both.lua:3: on 3").expectNoJavaLeak();
        // only a BOM: an empty script
        file("bom.lua", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        WardProcess.Result bom = ward(engine).run("bom.lua").expectExit(0);
        assertEquals("", bom.stdout);
        assertEquals("", bom.errors());
        // CRLF line ends count once per line
        file("crlf.lua", "print('crlf')\r\nlocal x = 1\r\nerror('on 3')\r\n");
        ward(engine).run("crlf.lua").expectExit(1).expectStderrContains("ward: crlf.lua:3: on 3");
        // bytes that are not UTF-8 reach Lua strings unchanged, as in Lua
        file("latin1.lua", new byte[] {'p', 'r', 'i', 'n', 't', '(', '#', '"', (byte) 0xE9, '"', ',', ' ',
            '(', '"', (byte) 0xE9, '"', ')', ':', 'b', 'y', 't', 'e', '(', ')', ')', '\n'});
        assertEquals("1\t233\n", ward(engine).run("latin1.lua").expectExit(0).stdout);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void syntaxErrorsNameTheChunkAndLine(String engine) throws Exception {
        String[][] cases = {
            {"unfinished.lua", "print('x')\nlocal s = \"open\n", "ward: unfinished.lua:2: unfinished string"},
            {"eof.lua", "print('x')\nif true then\n", "ward: eof.lua:3:"},
            {"bad_token.lua", "\n\nlocal x = @\n", "ward: bad_token.lua:3:"},
            {"goto.lua", "goto nowhere\n", "ward: goto.lua:2: no visible label 'nowhere' for <goto> at line 1"},
        };
        for (String[] c : cases) {
            file(c[0], c[1]);
            WardProcess.Result r = ward(engine).run(c[0]).expectExit(1);
            assertEquals("", r.stdout, c[0] + ": nothing runs\n" + r);
            assertTrue(r.errors().startsWith(c[2]), c[0] + "\n" + r);
            r.expectNoJavaLeak();
        }
        // the same from -e and stdin, with their own chunk names
        ward(engine).run("-e", "x = = 1").expectExit(1).expectStderrContains("ward: (command line):1:").expectNoJavaLeak();
        ward(engine).stdin("\nx = = 1").run("-").expectExit(1).expectStderrContains("ward: stdin:2:").expectNoJavaLeak();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void runtimeErrorsWithOddValues(String engine) throws Exception {
        String[][] cases = {
            {"nil.lua", "error(nil)", "ward: (error object is a nil value)\n"},
            {"number.lua", "error(42)", "ward: number.lua:1: 42\n"}, // a number gets a position, as in Lua 5.2
            {"level0.lua", "error('bare', 0)", "ward: bare\n"},
            {"huge.lua", "error(string.rep('x', 100000))", "ward: huge.lua:1: xxxxxxxx"},
            {"userdata.lua", "error(require('ward.time').duration(1))", "ward: "},
        };
        for (String[] c : cases) {
            file(c[0], c[1]);
            WardProcess.Result r = ward(engine).run(c[0]).expectExit(1);
            assertTrue(r.errors().startsWith(c[2]), c[0] + "\n" + r);
            r.expectNoJavaLeak();
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void memoryBombsEndCleanly(String engine) throws Exception {
        // too large for any string: a Lua error that pcall can catch
        file("rep31.lua", "print(pcall(string.rep, 'x', 2^31))\nlocal s = string.rep('x', 2^31)");
        WardProcess.Result r = ward(engine).run("rep31.lua").expectExit(1);
        assertEquals("false\tresulting string too large\n", r.stdout);
        r.expectStderrContains("ward: rep31.lua:2: resulting string too large").expectNoJavaLeak();
        // 1 GiB in one allocation, beyond a small heap: the run ends with the JVM's verdict
        file("rep30.lua", "print('start')\nlocal s = string.rep('x', 2^30)\nprint('never', #s)");
        WardProcess.Result full = ward(engine).jvmArg("-Xmx128m").run("rep30.lua").expectExit(1);
        assertEquals("start\n", full.stdout);
        full.expectStderrContains("ward: not enough memory").expectNoJavaLeak();
        // under --memory-limit, a big string that fits the heap is stopped by the limit
        file("hold.lua", "local s = string.rep('x', 2^27)\nlocal t = {s .. 'a', s .. 'b'}\n"
                + "require('ward.time').sleep(60):wait()\nprint('never', #t)");
        WardProcess.Result limited = ward(engine).jvmArg("-Xmx768m").run("--memory-limit", "64m", "hold.lua")
                .expectExit(1);
        assertEquals("", limited.stdout);
        limited.expectStderrContains("ward: memory limit exceeded").expectNoJavaLeak();
        // endless table growth inside pcall: not caught, the run ends
        file("grow.lua", "print(pcall(function() local t = {} local i = 0 while true do i = i + 1 t[i] = {i} end end))\n"
                + "print('never')");
        WardProcess.Result grow = ward(engine).jvmArg("-Xmx128m").run("grow.lua").expectExit(1);
        assertEquals("", grow.stdout);
        grow.expectStderrContains("ward: not enough memory").expectNoJavaLeak();
    }
}
