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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@code ward} command's standard streams: {@code ward.io} reads the process's stdin
 * (lines, then the rest), {@code print}, {@code ward.io} and {@code ward.log} keep call order on
 * stdout and stderr, log lines carry no colour when stderr is a file, and {@code ward.env}'s
 * one-time export warning obeys {@code WARD_LOG}.
 */
class WardStdioIT {
    @TempDir
    Path dir;

    static List<String> engines() {
        return WardProcess.engines();
    }

    private WardProcess ward(String engine) {
        return new WardProcess(engine, dir).limitSeconds(30);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void readsStdinAndKeepsOutputInCallOrder(String engine) throws Exception {
        Files.writeString(dir.resolve("echo.lua"), "local io, log = require('ward.io'), require('ward.log')\n"
                + "print('first:', io.read_line())\n"
                + "io.write_stdout('second: ' .. io.read_line() .. '\\n')\n"
                + "print('rest:', io.read_all())\n"
                + "io.write_stderr('e1\\n') log.info('logged') io.write_stderr('e2\\n')\n"
                + "print('end:', io.read_line())\n", StandardCharsets.UTF_8);
        WardProcess.Result r = ward(engine).stdin("one\r\ntwo\nthree\nfour").run("echo.lua").expectExit(0);
        assertEquals("first:\tone\nsecond: two\nrest:\tthree\nfour\nend:\tnil\n", r.stdout);
        String[] err = r.stderr.split("\n");
        assertEquals("e1", err[0]);
        assertTrue(err[1].matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  logged"), err[1]);
        assertEquals("e2", err[2]);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void exportWarnsOnceUnlessWardLogSaysOtherwise(String engine) throws Exception {
        String code = "local env = require('ward.env')\n"
                + "env.export('WARD_IT_A', '1') env.export('WARD_IT_B', '2')\n"
                + "print(require('ward.process').sh('echo $WARD_IT_A$WARD_IT_B'):output().stdout)";
        WardProcess.Result r = ward(engine).run("-e", code).expectExit(0);
        assertEquals("12\n\n", r.stdout, "children see exported values");
        assertEquals(1, r.stderr.split("ward.env.export mutates the process environment", -1).length - 1, r.stderr);
        assertTrue(r.stderr.contains(" WARN  <ward.env> ward.env.export"), r.stderr);
        WardProcess.Result quiet = ward(engine).env(Map.of("WARD_LOG", "error")).run("-e", code).expectExit(0);
        assertFalse(quiet.stderr.contains("ward.env.export"), quiet.stderr);
    }
}
