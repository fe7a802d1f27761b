package io.ward.lua.log;

import io.netty.util.concurrent.Future;
import io.ward.lua.WardRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ward.log}'s lines as written to an embedder's stderr: the layout, levels and
 * {@code set_level}, labels, the rendering of every kind of value, {@code time}'s line and the
 * duration texts; no colour when embedded.
 */
@Timeout(60)
class LogModuleTest {
    private static final String STAMP = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ";

    private static String[] run(String code) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (WardRuntime rt = WardRuntime.builder().stderr(new PrintStream(err, true, StandardCharsets.UTF_8)).build()) {
            Future<Varargs> f = rt.eval("local log = require('ward.log')\n" + code, "test");
            assertTrue(f.await(30, TimeUnit.SECONDS));
            if (!f.isSuccess()) {
                throw new AssertionError(f.cause().getMessage(), f.cause());
            }
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\u001b"), "no colour codes when embedded");
        assertTrue(text.isEmpty() || text.endsWith("\n"), "whole lines");
        return text.isEmpty() ? new String[0] : text.split("\n", -1);
    }

    private static void assertLine(String line, String levelToken, String message) {
        assertTrue(line.matches(STAMP + ".*"), "timestamp: " + line);
        assertEquals(levelToken + " " + message, line.substring(25), line);
    }

    @Test
    void layoutAndLevels() throws Exception {
        String[] l = run("log.trace('t') log.debug('d') log.info('hi') log.warn('w') log.error('e') log.fatal('f')\n"
                + "log.set_level('debug') log.trace('t2') log.debug('d2')\n"
                + "log.set_level('ERROR') log.warn('hidden') log.error('shown')\n"
                + "log.set_level('trace') log.trace('t3')");
        assertLine(l[0], "INFO ", "hi");
        assertLine(l[1], "WARN ", "w");
        assertLine(l[2], "ERROR", "e");
        assertLine(l[3], "FATAL", "f");
        assertLine(l[4], "DEBUG", "d2");
        assertLine(l[5], "ERROR", "shown");
        assertLine(l[6], "TRACE", "t3");
        assertEquals(8, l.length, "7 lines and the end");
    }

    @Test
    void argumentsAndLabels() throws Exception {
        String[] l = run("log.info('a', '', 'b') log.info() log.info(nil, true, false, 42, -7, 2.5, 0.1, 1e16, 1e21, 1.5e-7, 0.00001, 0/0, 1/0)\n"
                + "log.linfo(' net ', 'retry', 3) log.lwarn('x') log.info('\\255ok')\n"
                + "log.info(print, setmetatable({}, {__tostring = function() error('never') end}))");
        assertLine(l[0], "INFO ", "a  b");
        assertLine(l[1], "INFO ", "");
        assertLine(l[2], "INFO ", "null true false 42 -7 2.5 0.1 1e16 1e21 1.5e-7 0.00001 null null");
        assertLine(l[3], "INFO ", "[net] retry 3");
        assertLine(l[4], "WARN ", "[x] ");
        assertLine(l[5], "INFO ", "\ufffdok");
        assertLine(l[6], "INFO ", "<function None> {}");
    }

    @Test
    void tablesArePrettyJson() throws Exception {
        String[] l = run("log.info('cfg', {a = 1}) log.info({1, 'two', {x = true}, {}}) log.info({1, 2, extra = 3})\n"
                + "local t = {} t.self = t log.info(t, {f = print}, {'q\"\\n'})");
        assertLine(l[0], "INFO ", "cfg {");
        assertEquals("  \"a\": 1", l[1]);
        assertEquals("}", l[2]);
        assertLine(l[3], "INFO ", "[");
        assertEquals("  1,", l[4]);
        assertEquals("  \"two\",", l[5]);
        assertEquals("  {", l[6]);
        assertEquals("    \"x\": true", l[7]);
        assertEquals("  },", l[8]);
        assertEquals("  {}", l[9]);
        assertEquals("]", l[10]);
        assertLine(l[11], "INFO ", "[");
        assertEquals("  1,", l[12]);
        assertEquals("  2", l[13]);
        assertEquals("]", l[14], "a sequence's other keys are dropped");
        assertLine(l[15], "INFO ", "<unknown> <unknown> [");
        assertEquals("  \"q\\\"\\n\"", l[16]);
        assertEquals("]", l[17]);
    }

    @Test
    void timeLogsTheElapsedTimeAtInfo() throws Exception {
        String[] l = run("log.time(' lbl ', function() end) log.set_level('warn') log.time('quiet', function() end)");
        assertTrue(l[0].substring(25).matches("INFO  \\[ lbl ] took \\d+ (ns|us)|INFO  \\[ lbl ] took \\d+\\.\\d{3} ms"), l[0]);
        assertEquals(2, l.length, "filtered at warn");
    }

    @Test
    void durationTexts() {
        assertEquals("850 ns", Elapsed.format(850));
        assertEquals("412 us", Elapsed.format(412_999));
        assertEquals("12.034 ms", Elapsed.format(12_034_999));
        assertEquals("1.234 s", Elapsed.format(1_234_999_999L));
        assertEquals("2m03.456s", Elapsed.format(123_456_000_000L));
        assertEquals("1h02m03.456s", Elapsed.format(3_723_456_000_000L));
        assertEquals("2d 01h02m03.456s", Elapsed.format(176_523_456_000_000L));
    }

    @Test
    void numbersInTheShortestForm() {
        assertEquals("0.1", LogRendering.number(0.1));
        assertEquals("0.30000000000000004", LogRendering.number(0.1 + 0.2));
        assertEquals("1e16", LogRendering.number(1e16));
        assertEquals("1.2345e20", LogRendering.number(1.2345e20));
        assertEquals("1e-7", LogRendering.number(1e-7));
        assertEquals("-2.5e-6", LogRendering.number(-2.5e-6));
        assertEquals("0.00001", LogRendering.number(1e-5));
        assertEquals("9007199254740992", LogRendering.number(9007199254740992.0), "integral below 1e16: an integer");
        assertEquals("0", LogRendering.number(-0.0), "negative zero is integral");
    }
}
