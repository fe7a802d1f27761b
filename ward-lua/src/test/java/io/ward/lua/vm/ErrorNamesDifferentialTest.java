package io.ward.lua.vm;

import io.ward.core.fiber.FiberEngine;
import io.ward.lua.TestEngines;
import io.ward.lua.WardRuntime;
import io.ward.lua.lang.WardDriver;
import io.ward.lua.lang.ReferenceLua;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Error messages of operations on values of the wrong type, message for message against the
 * reference {@code lua5.2}: every operation (index, assignment, call, arithmetic, unary minus,
 * concatenation, length, comparison) over a value of every type held in a local, a global, a
 * field and an upvalue, plus methods, constants and metatables, each run as
 * {@code select(2, pcall(load(snippet, "=c")))} in a {@link WardRuntime} on each fiber engine
 * and in {@code lua5.2}. Skipped only when {@code lua5.2} is not on the PATH.
 */
@Timeout(300)
class ErrorNamesDifferentialTest {
    private static final String DRIVER = """
            local function unhex(h) return (h:gsub("..", function(x) return string.char(tonumber(x, 16)) end)) end
            local function lines()
              if CASES then
                local i = 0
                return function() i = i + 1; return CASES[i] end
              end
              return io.lines(arg[1])
            end
            for line in lines() do
              local f, e = load(unhex(line), "=c")
              if not f then print("syntax: " .. e) else
                local ok, m = pcall(f)
                print(ok and "no error" or tostring(m))
              end
            end
            """;

    private static final List<String> VALUES = List.of("nil", "true", "{}", "'abc'", "'10'", "1", "function() end");
    /** {@code E} is the operand under test. */
    private static final List<String> OPS = List.of(
            "local r = E.x", "E.x = 1", "local r = E:m()", "local r = E()", "E()", "return E()", "return E:m()", "local r = E + 1",
            "local r = 1 + E", "local r = E * E", "local r = 2 ^ E", "local r = E % 2", "local r = -E",
            "local r = E .. 's'", "local r = 's' .. E", "local r = 'a' .. E .. 'b'", "local r = E .. E",
            "local r = #E", "local r = E < 1", "local r = 1 < E", "local r = E <= E", "local r = E > 's'",
            "local r = E >= 1", "local r = E == 1", "local r = E[E]", "local r = E.x.y");
    private static final List<String> FIXED = List.of(
            "local t = {} t:m()", "local t = {} t.go()", "local r = ('x')()", "local r = (1)()",
            "local t = {} t.a.b = 1", "local t = {} return t.x.y.z", "local t = {a = {}} return t.a.b.c",
            "undefined_fn()", "local r = undefined_v + 1", "x_undef.y = 1",
            "local t = setmetatable({}, {__index = 5}) return t.x",
            "local t = setmetatable({}, {__index = function(t, k) return k.z end}) return t.x",
            "local t = setmetatable({}, {__add = function(a, b) return a.q .. b end}) return t + 1",
            "local function f(a) return a.x end f()", "local function f(...) local a = ... return a + 1 end f()",
            "for i = 1, 2 do local v = i .. nil end", "local a, b = 1; return a + b",
            "local t = {} local r = t[1] .. 'x'", "local t = {} local k = 'key' local r = t[k] + 1",
            "local s = 'x' local r = #s + #t", "local a = {} local b = a.c.d",
            "local r = math.huge.x", "local r = string.nope()", "local r = ('x'):nope()",
            "local t = {} t[nil] = 1", "local r = {} .. {}", "local r = nil .. nil",
            "local x = 1 local y local r = x .. y", "local x local y = 1 local r = x .. y",
            "local function g() local u = nil return function() return u.x end end g()()",
            "local t = {{}} local r = t[1][2][3]", "error_here = nil local r = #error_here");

    private static final List<String> cases = new ArrayList<>();
    private static List<String> luaOutput;

    @BeforeAll
    static void runReferenceLua() throws Exception {
        assumeTrue(ReferenceLua.available(), "lua5.2 is not on the PATH");
        for (String op : OPS) {
            for (String v : VALUES) {
                cases.add("local E = " + v + "; " + op);
                cases.add("G_E = " + v + "; " + op.replace("E", "G_E"));
                cases.add("local t = {f = " + v + "}; " + op.replace("E", "t.f"));
                cases.add("local U = " + v + "; local function g() " + op.replace("E", "U") + " end g()");
            }
        }
        cases.addAll(FIXED);
        List<String> encoded = cases.stream().map(ErrorNamesDifferentialTest::hex).toList();
        cases.clear();
        cases.addAll(encoded);
        luaOutput = ReferenceLua.run(DRIVER, cases);
        assertEquals(cases.size(), luaOutput.size(), "lua5.2 printed one line per case");
    }

    static List<FiberEngine> engines() {
        return TestEngines.available();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void errorsReadAsInLua(FiberEngine engine) throws Exception {
        List<String> ward = runWard(engine);
        List<String> report = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            String got = i < ward.size() ? ward.get(i) : "<no line>";
            if (!luaOutput.get(i).equals(got)) {
                report.add(unhex(cases.get(i)) + "\n    lua5.2 [" + luaOutput.get(i) + "]\n    ward   [" + got + "]");
            }
        }
        assertEquals(0, report.size(), report.size() + " of " + cases.size() + " cases differ from lua5.2 on "
                + engine.name() + ":\n" + String.join("\n", report));
    }

    private static List<String> runWard(FiberEngine engine) throws Exception {
        return WardDriver.run(engine, DRIVER, cases);
    }

    private static String hex(String s) {
        return WardDriver.hex(s);
    }

    private static String unhex(String h) {
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
