package io.ward.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ward.term}'s prompts through the real {@code ward} command: with stdin a file they
 * read its lines in turn with {@code ward.io} (prompt texts on stdout), and on a terminal (a
 * pseudo-terminal made by util-linux's {@code script}) {@code term.password} turns echo off
 * while the line is typed and back on after it; the REPL reads the same stdin as its chunks.
 */
class WardPromptsIT {
    @TempDir
    Path dir;

    static List<String> engines() {
        return WardProcess.engines();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void promptsAndWardIoShareThePipedStdin(String engine) throws Exception {
        Files.writeString(dir.resolve("ask.lua"), String.join("\n",
                "local term, io = require('ward.term'), require('ward.io')",
                "local header = io.read_line()",
                "local name = term.prompt('Name?'):wait()",
                "local ok = term.confirm('Sure?', { default = true }):wait()",
                "local pick = term.choose({ question = 'Pick', choices = { 'a', 'b' } }):wait()",
                "local secret = term.password('Secret:'):wait()",
                "print('|' .. header .. '|' .. name .. '|' .. tostring(ok) .. '|' .. pick .. '|' .. secret .. '|' .. io.read_all())",
                ""), StandardCharsets.UTF_8);
        WardProcess.Result r = new WardProcess(engine, dir).limitSeconds(30)
                .stdin("header\nAda\n\n7\n2\nhunter2\nrest\n").run("ask.lua").expectExit(0);
        assertEquals("Name? Sure? [Y/n] Pick\n  1) a\n  2) b\nSelect 1-2: Select 1-2: Secret: "
                + "|header|Ada|true|b|hunter2|rest\n\n", r.stdout, r.toString());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void theReplAndItsChunksReadOneStdin(String engine) throws Exception {
        String session = String.join("\n",
                "x = require('ward.io').read_line()",
                "line for the chunk",
                "=x",
                "name = require('ward.term').prompt('Q?'):wait()",
                "Ada",
                "=name .. '!'",
                "");
        WardProcess.Result r = new WardProcess(engine, dir).limitSeconds(30).stdin(session).run("repl").expectExit(0);
        assertEquals("line for the chunk\nQ? Ada!\n", r.stdout, r.toString());
    }

    @Test
    void passwordIsNotEchoedOnATerminal() throws Exception {
        Path script = Path.of("/usr/bin/script");
        assumeTrue(Files.isExecutable(script), "util-linux script makes the pseudo-terminal");
        Files.writeString(dir.resolve("pw.lua"), String.join("\n",
                "local term = require('ward.term')",
                "local pw = term.password('Password:'):wait()",
                "local name = term.prompt('Name?'):wait()",
                "print('len=' .. #pw .. ' name=' .. name)", ""));
        String cmd = WardProcess.JAVA + " -Dward.engine=thread -jar " + WardProcess.JAR + " pw.lua";
        Path typescript = dir.resolve("typescript");
        Process p = new ProcessBuilder(script.toString(), "-qefc", cmd, typescript.toString()).directory(dir.toFile())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            // echo is off before the question is written, so typing after it is never echoed
            await().atMost(Duration.ofSeconds(60)).until(() -> read(typescript).contains("Password:"));
            in.write("hunter2\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> read(typescript).contains("Name?"));
            in.write("visible\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ward ended");
        } finally {
            p.destroyForcibly();
        }
        String tty = read(typescript);
        assertTrue(tty.contains("len=7 name=visible"), tty);
        assertFalse(tty.contains("hunter2"), "the password was not echoed\n" + tty);
        assertTrue(tty.contains("Name? visible"), "echo is on again for the next prompt\n" + tty);
    }

    private static String read(Path p) throws java.io.IOException {
        return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
    }
}
