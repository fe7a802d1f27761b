package io.ward.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code term.progress} through the real {@code ward} command: plain lines when stdout is a
 * file, a bar redrawn in place when it is a terminal (a pseudo-terminal made by util-linux's
 * {@code script}), and {@code term.isatty} telling the two apart.
 */
class WardTermIT {
    private static final String SCRIPT = String.join("\n",
            "local term = require('ward.term')",
            "print(term.isatty())",
            "local p = term.progress({ total = 10, message = 'copy ', width = 10, stream = 'stdout' })",
            "for _ = 1, 10 do p:tick() end",
            "p:finish('done ')",
            "print('end')", "");

    @TempDir
    Path dir;

    @Test
    void progressIsPlainLinesWhenStdoutIsNotATerminal() throws Exception {
        Files.writeString(dir.resolve("progress.lua"), SCRIPT);
        WardProcess.Result r = new WardProcess("thread", dir).run("progress.lua").expectExit(0);
        StringBuilder want = new StringBuilder("false\n");
        for (int i = 1; i <= 10; i++) {
            want.append("copy [").append("#".repeat(i)).append("-".repeat(10 - i)).append("] ")
                    .append(i).append("/10 (").append(i * 10).append("%) Ns\n");
        }
        want.append("done [##########] 10/10 (100%) Ns\nend\n");
        assertEquals(want.toString(), r.stdout.replaceAll("\\d+s\n", "Ns\n"), r.toString());
        assertFalse(r.stdout.contains("\u001b"), "no terminal codes in plain lines");
    }

    @Test
    void progressRedrawsInPlaceOnATerminal() throws Exception {
        Path script = Path.of("/usr/bin/script");
        assumeTrue(Files.isExecutable(script), "util-linux script makes the pseudo-terminal");
        Files.writeString(dir.resolve("progress.lua"), SCRIPT);
        String cmd = WardProcess.JAVA + " -Dward.engine=thread -jar " + WardProcess.JAR + " progress.lua";
        Path out = dir.resolve("typescript");
        WardProcess.Result r = new WardProcess(null, dir)
                .exec(List.of(script.toString(), "-qec", cmd, out.toString()))
                .expectExit(0);
        String tty = new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
        assertTrue(tty.contains("true"), "isatty on a terminal\n" + tty);
        assertTrue(tty.contains("\r\u001b[2Kcopy ["), "redrawn in place\n" + tty);
        assertTrue(tty.contains("\r\u001b[2Kdone [##########] 10/10 (100%)"), "finished bar\n" + tty + r);
        assertTrue(tty.contains("end"), tty);
    }
}
