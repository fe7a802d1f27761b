package io.ward.lua.vm;

import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
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
 * field and an upvalue, plus methods, constants and metatables; and bad arguments to library
 * functions called through locals, globals, fields, methods (a bad {@code self}), upvalues,
 * {@code pcall}, metamethods, iterators and tail calls, each run as
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
                -- a function called from C is named where _G holds it: 5.2 takes '_G.name' or 'name',
                -- whichever its hash traversal meets first; Ward takes the direct key
                print(ok and "no error" or (tostring(m):gsub("'_G%.", "'")))
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

    /**
     * Library functions with arguments they refuse ({@code @F}, {@code @A}), called through
     * {@link #CALL_PATHS}: the bad-argument message names the function as it was called. None
     * that {@code _G} holds twice ({@code unpack} is {@code table.unpack}): called from C, 5.2
     * names it by whichever its hash traversal meets first.
     */
    private static final List<String[]> BAD_CALLS = List.of(
            new String[] {"string.rep", ""}, new String[] {"string.rep", "{}"}, new String[] {"string.rep", "'x', {}"},
            new String[] {"string.sub", "'a', {}"}, new String[] {"string.format", "'%d', 'x'"},
            new String[] {"string.char", "-1"}, new String[] {"string.byte", "{}"}, new String[] {"string.find", "'a', {}"},
            new String[] {"string.gsub", "'a', 'a', true"}, new String[] {"math.sin", ""},
            new String[] {"math.floor", "'x'"}, new String[] {"math.max", ""}, new String[] {"table.insert", "1"},
            new String[] {"table.concat", "{}, {}"}, new String[] {"table.remove", "1"},
            new String[] {"table.sort", "{1, 2}, 3"}, new String[] {"setmetatable", "1"},
            new String[] {"rawlen", ""}, new String[] {"rawget", "1"}, new String[] {"rawequal", ""},
            new String[] {"ipairs", ""}, new String[] {"select", "'x'"}, new String[] {"collectgarbage", "'nope'"},
            new String[] {"bit32.band", "{}"}, new String[] {"coroutine.create", "1"}, new String[] {"pcall", ""});
    /** How {@code @F} is called with the arguments {@code @A} ({@code @,A}: after a comma, if any). */
    private static final List<String> CALL_PATHS = List.of(
            "@F(@A)", "return @F(@A)", "local f = @F; f(@A)", "local t = {g = @F}; t.g(@A)",
            "G_F = @F; local ok, m = pcall(function() G_F(@A) end) G_F = nil error(m, 0)",
            "local t = {g = @F}; t:g(@A)", "local t = {g = @F}; return t:g(@A)", "local t = {@F}; t[1](@A)",
            "local f = @F; local function h() f(@A) end h()", "local ok, m = pcall(@F@,A) error(m, 0)",
            "local t = setmetatable({}, {__index = @F}) return t.x",
            "local t = setmetatable({}, {__add = @F}) return t + 1", "local t = setmetatable({}, {__call = @F}) t(@A)",
            "local n = 0 for k in @F@,A do n = n + 1 if n > 2 then break end end",
            "local co = coroutine.create(@F) local ok, m = coroutine.resume(co@,A) error(m, 0)",
            "local ok, m = xpcall(@F, function(e) return e end@,A) error(m, 0)");
    /** Method calls on strings and more: Lua does not count {@code self}. */
    private static final List<String> CALL_FIXED = List.of(
            "('x'):rep({})", "('x'):rep()", "('a'):sub{}", "('%d'):format('x')", "local s = 'x' s:rep({})",
            "local a = setmetatable({}, {__index = string}) a:sub()", "local a = setmetatable({}, {__index = string}) a:rep(2)",
            "table.sort({1, 2, 3}, table.sort)", "string.gsub('s', 's', setmetatable)",
            "table.sort({3, 1, 2}, function(a, b) return string.rep() end)",
            "local m = math; local r = m.sin()", "local t = {} t.x = string.rep; t.x()",
            "local function f() return string.rep() end f()", "return (string.rep)()",
            "local s = string; s.rep()", "string.rep(1, 2, 3, {})", "getmetatable('').__index.rep()");

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
        for (String[] call : BAD_CALLS) {
            for (String path : CALL_PATHS) {
                if (path.startsWith("local n = 0 for") && call[1].split(",").length > 2) {
                    continue; // LuaJ's compiler fails on four expressions after 'in' (compiler assert failed)
                }
                String args = call[1];
                cases.add(path.replace("@,A", args.isEmpty() ? "" : ", " + args).replace("@A", args)
                        .replace("@F", call[0]));
            }
        }
        cases.addAll(CALL_FIXED);
        List<String> encoded = cases.stream().map(ErrorNamesDifferentialTest::hex).toList();
        cases.clear();
        cases.addAll(encoded);
        luaOutput = ReferenceLua.run(DRIVER, cases);
        assertEquals(cases.size(), luaOutput.size(), "lua5.2 printed one line per case");
    }

    static List<FiberEngine> engines() {
        return Engines.runnable();
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
