package io.ward.lua.time;

import io.ward.lua.DurationArgs;

import io.ward.core.time.WardDuration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.ZeroArgFunction;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs the self-checking scripts {@code time_duration.lua} and {@code time_clock.lua} on plain
 * LuaJ with a {@code ward.time} module made of {@link ClockFunctions} only (no timers), plus a
 * few checks of the Java entry points the timer code relies on.
 */
class TimeValuesLuaTest {

    private static Globals globals() {
        LuaTable module = new LuaTable();
        ClockFunctions.install(module);
        return globals(module);
    }

    private static Globals globals(LuaTable module) {
        Globals globals = JsePlatform.standardGlobals();
        globals.get("package").get("preload").set("ward.time", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                return module;
            }
        });
        // the scripts' shared assertions: require("check")
        globals.get("package").set("path", script("lib/check.lua").resolveSibling("?.lua").toString());
        return globals;
    }

    private static Path script(String name) {
        for (String dir : new String[] {"src/test/lua/", "ward-lua/src/test/lua/"}) {
            Path p = Paths.get(dir + name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException(name + " not found from " + Paths.get("").toAbsolutePath());
    }

    /** Runs a script; a Lua error propagates as {@link LuaError} and fails the test. */
    private static int run(String name) throws Exception {
        Globals globals = globals();
        LuaValue chunk;
        try (InputStream in = Files.newInputStream(script(name))) {
            chunk = globals.load(in, "@" + name, "t", globals);
        }
        return chunk.call().toint();
    }

    private static LuaValue eval(String code) {
        return globals().load(code, "=test").call();
    }

    @Test
    void durationScriptPasses() throws Exception {
        int checks = run("time_duration.lua");
        assertTrue(checks > 140, "the script ran only " + checks + " checks");
    }

    @Test
    void clockScriptPasses() throws Exception {
        int checks = run("time_clock.lua");
        assertTrue(checks > 300, "the script ran only " + checks + " checks");
    }

    @Test
    void installPutsEveryClockFunction() {
        LuaTable module = new LuaTable();
        ClockFunctions.install(module);
        for (String f : new String[] {"duration", "now", "now_table", "parse_rfc3339", "parse_rfc2822", "parse",
            "from_timestamp", "utc", "instant_now"}) {
            assertTrue(module.get(f).isfunction(), f);
            assertEquals(f, module.get(f).tojstring(), "tostring of " + f + " shows no Java class");
        }
        assertEquals(9, module.keyCount());
    }

    @Test
    void checkAcceptsEveryDurationForm() {
        assertEquals(2_000_000_000L, DurationArgs.check(LuaValue.valueOf(2)));
        assertEquals(1_500_000L, DurationArgs.check(LuaValue.valueOf("1.5ms")));
        assertEquals(-7L, DurationArgs.check(Durations.wrap(-7)));
        assertEquals(0L, DurationArgs.checkNonNegative(LuaValue.valueOf("0s")));
        assertTrue(Durations.isDuration(Durations.wrap(WardDuration.ofNanos(1))));
    }

    @Test
    void checkRaisesTheSpecMessagesExactly() {
        assertMessage("duration must be finite", () -> DurationArgs.check(LuaValue.valueOf(Double.NaN)));
        assertMessage("duration number must be whole seconds; use a string for sub-second values",
            () -> DurationArgs.check(LuaValue.valueOf(0.5)));
        assertMessage("duration string cannot be empty", () -> DurationArgs.check(LuaValue.valueOf(" ")));
        assertMessage("failed to parse duration string", () -> DurationArgs.check(LuaValue.valueOf("1x")));
        assertMessage("duration overflow", () -> DurationArgs.check(LuaValue.valueOf("9999999999999h")));
        assertMessage("userdata is not a Duration (expected number, string, or Duration)",
            () -> DurationArgs.check(TimePoints.wrap(TimePoint.now())));
        assertMessage("duration must be number, string, or Duration userdata", () -> DurationArgs.check(LuaValue.NIL));
        assertMessage("duration must be number, string, or Duration userdata",
            () -> DurationArgs.check(LuaValue.TRUE));
        assertMessage("duration must be non-negative", () -> DurationArgs.checkNonNegative(LuaValue.valueOf("-1ms")));
        assertMessage("duration must be non-negative", () -> DurationArgs.checkNonNegative(LuaValue.valueOf(-1)));
    }

    @Test
    void errorsRaisedFromLuaCodeCarryThePosition() {
        String m = eval("local time = require('ward.time') "
            + "local ok, err = pcall(function() local d = time.duration(0.5) end) return err").tojstring();
        // LuaJ prefixes the calling chunk's position ("=test:1 ") and keeps the spec's words intact.
        assertTrue(m.endsWith("test:1 duration number must be whole seconds; use a string for sub-second values"), m);
        m = eval("local time = require('ward.time') "
            + "local ok, err = pcall(time.utc, 2024, 13, 1, 0, 0, 0) return err").tojstring();
        assertEquals("bad argument #2 to 'utc' (month out of range)", m);
    }

    @Test
    void stringNumbersAreNotDurationNumbers() {
        // A numeric string is a string: it needs a unit, unlike Lua's usual string-to-number coercion.
        assertMessage("failed to parse duration string", () -> DurationArgs.check(LuaValue.valueOf("5")));
    }

    @Test
    void oneModuleTableServesSeveralGlobals() {
        LuaTable module = new LuaTable();
        ClockFunctions.install(module);
        Globals a = globals(module);
        Globals b = globals(module);
        Varargs ra = a.load("local t = require('ward.time') return tostring(t.duration('1s') + t.duration(2))").invoke();
        Varargs rb = b.load("local t = require('ward.time') return tostring(t.utc(2024, 1, 2, 3, 4, 5))").invoke();
        assertEquals("Duration(3000ms)", ra.arg1().tojstring());
        assertEquals("2024-01-02T03:04:05Z", rb.arg1().tojstring());
    }

    private static void assertMessage(String expected, Runnable r) {
        LuaError e = assertThrows(LuaError.class, r::run);
        assertEquals(expected, e.getMessage());
    }
}
