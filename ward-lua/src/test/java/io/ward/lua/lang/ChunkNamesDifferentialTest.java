package io.ward.lua.lang;

import io.ward.core.fiber.FiberEngine;
import io.ward.lua.WardRuntime;
import io.netty.util.concurrent.Future;
import io.ward.core.testing.Engines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Chunk names against the reference {@code lua5.2}: chunks loaded under many names
 * ({@code =x}, {@code @f.lua}, long paths, a 100-character name, a name with a newline, no
 * name at all so that the chunk's text names it, ...) and run; what Lua shows of the name is
 * compared line for line: {@code debug.getinfo(f).source} (the name as given) and
 * {@code short_src}, runtime and syntax error positions, {@code error(msg, 2)}'s position and
 * the first frames of a traceback ({@link ChunkId}). Run on each fiber engine, with the
 * execution hook (tracebacks, {@code error} levels from its call stack) and without it (levels
 * from LuaJ's error hook; tracebacks are not recorded then, so those lines are not compared).
 * Skipped only when {@code lua5.2} is not on the PATH.
 */
@Timeout(300)
class ChunkNamesDifferentialTest {
    private static final String DRIVER = """
            local function unhex(h) return (h:gsub("..", function(x) return string.char(tonumber(x, 16)) end)) end
            local function flat(s) return (tostring(s):gsub("\\n", "\\\\n")) end
            local function lines()
              if CASES then
                local i = 0
                return function() i = i + 1; return CASES[i] end
              end
              return io.lines(arg[1])
            end
            for line in lines() do
              local named, hn, hc = line:match("^(%a):(%x*):(%x*)$")
              local code = unhex(hc)
              local name = named == "N" and unhex(hn) or nil
              local f, e = load(code, name)
              TB = nil
              if not f then
                print("syntax: " .. flat(e)); print("-"); print("-"); print("tb: -")
              else
                local info = debug.getinfo(f, "S")
                print("source: " .. tostring(info.source == (name or code)) .. " " .. flat(info.source))
                print("short_src: " .. flat(info.short_src))
                local ok, m = pcall(f)
                print("result: " .. tostring(ok) .. " " .. flat(m))
                print("tb: " .. (TB and flat(TB:match("^m\\nstack traceback:\\n\\t[^\\n]*\\n\\t[^\\n]*")) or "-"))
              end
            end
            """;

    private static final List<String> NAMES = List.of("=x", "@f.lua", "modname", "", "@", "=", "[string]",
            "=" + "e".repeat(80), "@" + "dir/".repeat(20) + "file.lua", "@" + "p".repeat(59), "@" + "p".repeat(60),
            "=" + "q".repeat(59), "=" + "q".repeat(60), "n".repeat(100), "n".repeat(44), "n".repeat(45),
            "a\nb", "line1\nline2\nline3", "=a\nb", "@dir/a\nb.lua", "a\0b", "=(load)", "@\u00e9t\u00e9.lua");
    private static final List<String> CODES = List.of(
            "local x = ...\nerror('boom')",
            "local t = nil\nreturn t.x",
            "local function inner() error('lvl2', 2) end\ninner()",
            "x = = 1",
            "\n\nx = 'abc",
            "local function f()\n  TB = debug.traceback('m')\nend\nf()",
            "(function() TB = debug.traceback('m') end)()",
            "local function f()\n local a = {} .. 1\nend\nf()",
            "return 1");
    /** Chunks loaded without a name: Lua names them by their text. */
    private static final List<String> UNNAMED = List.of("error('e')", "error('e')\n-- second",
            "x".repeat(50) + " = 1 error('e')", "x".repeat(30) + " = 1 error('e')", "  error('e')",
            "\nerror('e')", "x = = 1", "-- first\nx = = 1", "local t\nreturn t.x", "error('e', 2)",
            "(function() TB = debug.traceback('m') end)()");

    private static final List<String> cases = new ArrayList<>();
    private static List<String> luaOutput;

    @BeforeAll
    static void runReferenceLua() throws Exception {
        assumeTrue(ReferenceLua.available(), "lua5.2 is not on the PATH");
        for (String name : NAMES) {
            for (String code : CODES) {
                cases.add("N:" + hex(name) + ":" + hex(code));
            }
        }
        for (String code : UNNAMED) {
            cases.add("D::" + hex(code));
        }
        luaOutput = ReferenceLua.run(DRIVER, cases);
        assertEquals(cases.size() * 4, luaOutput.size(), "lua5.2 printed four lines per case");
    }

    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void namesPrintAsInLuaWithTheHook(FiberEngine engine) throws Exception {
        compare(engine, true);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void namesPrintAsInLuaWithoutTheHook(FiberEngine engine) throws Exception {
        compare(engine, false);
    }

    @Test
    void theCorpusCoversEveryKindOfName() {
        List<String> shown = new ArrayList<>();
        for (String line : luaOutput) {
            if (line.startsWith("short_src: ")) {
                shown.add(line);
            }
        }
        assertTrue(shown.contains("short_src: x"), "=x");
        assertTrue(shown.contains("short_src: f.lua"), "@f.lua");
        assertTrue(shown.stream().anyMatch(s -> s.startsWith("short_src: ...dir/")), "a long path");
        assertTrue(shown.contains("short_src: [string \"modname\"]"), "a plain name");
        assertTrue(shown.contains("short_src: [string \"a...\"]"), "a name with a newline");
        assertTrue(shown.contains("short_src: [string \"error('e')...\"]"), "a multi-line chunk");
    }

    private static void compare(FiberEngine engine, boolean hook) throws Exception {
        List<String> ward = run(engine, hook);
        List<String> report = new ArrayList<>();
        for (int i = 0; i < luaOutput.size(); i++) {
            String want = luaOutput.get(i);
            String got = i < ward.size() ? ward.get(i) : "<no line>";
            if (!hook && want.startsWith("tb: ")) {
                continue;
            }
            if (!want.equals(got)) {
                String c = cases.get(i / 4);
                report.add(c.charAt(0) + " " + unhex(c.substring(2, c.lastIndexOf(':'))).replace("\n", "\\n") + " | "
                        + unhex(c.substring(c.lastIndexOf(':') + 1)).replace("\n", "\\n")
                        + "\n    lua5.2 [" + want + "]\n    ward   [" + got + "]");
            }
        }
        assertEquals(0, report.size(), report.size() + " of " + luaOutput.size() + " lines differ from lua5.2 on "
                + engine.name() + (hook ? " with" : " without") + " the hook:\n" + String.join("\n", report));
    }

    private static List<String> run(FiberEngine engine, boolean hook) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WardRuntime rt = WardRuntime.builder().engine(engine).executionHook(hook)
                .stdout(new PrintStream(out, true, StandardCharsets.ISO_8859_1)).build()) {
            LuaTable t = new LuaTable();
            for (int i = 0; i < cases.size(); i++) {
                t.set(i + 1, LuaValue.valueOf(cases.get(i)));
            }
            rt.globals().set("CASES", t);
            Future<Varargs> f = rt.eval(DRIVER, "=driver");
            assertTrue(f.await(240, TimeUnit.SECONDS), "the driver finished");
            assertTrue(f.isSuccess(), () -> "the driver failed: " + f.cause());
        }
        String text = out.toString(StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\n", -1);
        return text.isEmpty() ? List.of() : List.of(lines).subList(0, lines.length - 1);
    }

    private static String hex(String s) {
        return LuaReferenceDifferentialTest.hex(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unhex(String h) {
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return new String(b, StandardCharsets.UTF_8);
    }
}
