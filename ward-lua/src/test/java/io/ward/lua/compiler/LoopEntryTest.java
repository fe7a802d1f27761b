package io.ward.lua.compiler;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.WardRuntime;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compiled code taking over a call the interpreter is running, at a loop instruction
 * ({@link Tiering#loopEntry}). Each snippet calls {@code hot(f)} in the middle of a loop of
 * {@code f}, which compiles {@code f} there and then (in the runtime under test; a no-op in the
 * reference runtime, compiler off), so the loop's next iteration goes on in compiled code: results,
 * error messages, tracebacks and instruction counts must be the interpreter's, with and without
 * the execution hook, on each fiber engine.
 */
@Timeout(120)
class LoopEntryTest {
    static List<String[]> snippets() {
        List<String[]> s = new ArrayList<>();
        add(s, "numeric-for", """
                local function body(n)
                  local s, t = 0, {}
                  for i = 1, n do
                    if i == 3 then hot(body) end
                    s = s + i * 0.5
                    t[#t + 1] = i
                  end
                  return s, #t, t[n]
                end
                return body(10)""");
        add(s, "generic-for", """
                local function body(t)
                  local keys, sum = {}, 0
                  for k, v in pairs(t) do
                    if #keys == 1 then hot(body) end
                    keys[#keys + 1] = k
                    sum = sum + v
                  end
                  table.sort(keys)
                  local n = 0
                  for i, v in ipairs({5, 6, 7, 8}) do
                    if i == 2 then hot(body) end
                    n = n + v * i
                  end
                  return table.concat(keys, ","), sum, n
                end
                return body({a = 1, b = 2, c = 3, d = 4})""");
        add(s, "upvalue-shared", """
                local function body()
                  local x = 1
                  local get = function() return x end
                  local set
                  for i = 1, 5 do
                    if i == 2 then hot(body) end
                    if i == 4 then set = function(v) x = v end end
                    x = x + i
                  end
                  return get, set, x
                end
                local get, set, x = body()
                local before = get()
                set(100)
                return before, get(), x""");
        add(s, "closures-per-iteration", """
                local function body()
                  local fs = {}
                  for i = 1, 6 do
                    if i == 3 then hot(body) end
                    local j = i * 10
                    fs[i] = function() j = j + 1; return i, j end
                  end
                  local out = {}
                  for i = 1, 6 do local a, b = fs[i](); out[#out + 1] = a .. ":" .. b end
                  return table.concat(out, " ")
                end
                return body()""");
        add(s, "operand-error", """
                local function body()
                  local t = {}
                  for i = 1, 5 do
                    if i == 2 then hot(body) end
                    if i == 4 then return t.x.y end
                  end
                end
                return body()""");
        add(s, "error-level-2", """
                local function check(v) if not v then error("bad value", 2) end end
                local function body()
                  for i = 1, 5 do
                    if i == 2 then hot(body) end
                    check(i < 4)
                  end
                end
                return body()""");
        add(s, "error-in-callee", """
                local function deep(n) if n == 0 then local z = nil; return z.field end return deep(n - 1) end
                local function body()
                  local r = 0
                  for i = 1, 5 do
                    if i == 2 then hot(body) end
                    if i == 3 then r = r + deep(2) end
                  end
                  return r
                end
                return body()""");
        add(s, "pcall-in-loop", """
                local function body()
                  local caught = {}
                  for i = 1, 6 do
                    if i == 2 then hot(body) end
                    local ok, e = pcall(function() if i % 2 == 0 then error("e" .. i) end return i end)
                    caught[#caught + 1] = tostring(ok) .. "/" .. tostring(e)
                  end
                  return table.concat(caught, " ")
                end
                return body()""");
        add(s, "varargs-after-loop", """
                local function body(...)
                  local n = 0
                  for i = 1, select("#", ...) do
                    if i == 2 then hot(body) end
                    n = n + (select(i, ...) or 0)
                  end
                  return n, ...
                end
                return body(1, 2, nil, 4)""");
        add(s, "tail-calls-after-loop", """
                local function other(x) return "other " .. x end
                local function body(k)
                  local s = 0
                  for i = 1, 4 do
                    if i == 2 then hot(body) end
                    s = s + i
                  end
                  if k == 1 then return other(s) end
                  return tostring(s)
                end
                return body(1), body(2)""");
        add(s, "nested-loops", """
                local function body()
                  local out = {}
                  for i = 1, 3 do
                    for j = 1, 4 do
                      if i == 2 and j == 2 then hot(body) end
                      local w = 0
                      while w < j do w = w + 1 end
                      if j == 3 then goto continue end
                      out[#out + 1] = i * w
                      ::continue::
                    end
                  end
                  return table.concat(out, ",")
                end
                return body()""");
        add(s, "while-repeat-goto", """
                local function body()
                  local i, out = 0, {}
                  while i < 6 do
                    i = i + 1
                    if i == 2 then hot(body) end
                    out[#out + 1] = i
                  end
                  repeat
                    i = i - 1
                    if i == 4 then hot(body) end
                  until i <= 1
                  local k = 0
                  ::again::
                  k = k + 1
                  if k == 3 then hot(body) end
                  local captured = k
                  out[#out + 1] = function() return captured end
                  if k < 5 then goto again end
                  local last = {}
                  for j = 7, #out do last[#last + 1] = out[j]() end
                  return table.concat(out, ",", 1, 6), i, k, table.concat(last, ",")
                end
                return body()""");
        add(s, "error-in-metamethod", """
                local mt = {__index = function(t, k) error("no field " .. k) end}
                local function body()
                  local t = setmetatable({}, mt)
                  local n = 0
                  for i = 1, 5 do
                    if i == 2 then hot(body) end
                    n = n + 1
                    if i == 4 then local a = n + 1; local b = a + 1; return t.x + b end
                  end
                end
                return body()""");
        add(s, "java-null-result", """
                local count = 0
                local function body()
                  for i = 1, 3 do
                    if i == 2 then hot(body) end
                    count = count + 10
                  end
                  count = count + 1
                  return (nullf(1))
                end
                pcall(body)
                return count""");
        add(s, "coroutine", """
                local function gen(n)
                  for i = 1, n do
                    if i == 2 then hot(gen) end
                    coroutine.yield(i * i)
                  end
                  return "done"
                end
                local co = coroutine.wrap(gen)
                local out = {co(5)}
                for _ = 1, 5 do out[#out + 1] = co() end
                return table.concat(out, ",")""");
        add(s, "main-chunk", """
                local s = 0
                for i = 1, 10 do
                  if i == 4 then hot(CHUNK) end
                  s = s + i
                end
                local t = {}
                for k, v in ipairs({"a", "b", "c"}) do t[#t + 1] = v .. k end
                return s, table.concat(t)""");
        return s;
    }

    private static void add(List<String[]> s, String name, String code) {
        s.add(new String[] {name, code});
    }

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (FiberEngine engine : Engines.runnable()) {
            for (boolean hook : new boolean[] {true, false}) {
                for (String[] s : snippets()) {
                    cases.add(Arguments.of(engine, hook, s[0], s[1]));
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{2} [{0}, hook {1}]")
    @MethodSource("cases")
    void sameAsInterpreter(FiberEngine engine, boolean hook, String name, String code) throws Exception {
        Outcome interpreted = run(engine, hook, false, code);
        long before = Tiering.counts()[2];
        Outcome entered = run(engine, hook, true, code);
        assertTrue(Tiering.counts()[2] > before, "no call was taken over at a loop");
        assertEquals(interpreted.text, entered.text, name);
        if (hook) {
            assertEquals(interpreted.instructions, entered.instructions, "instructions counted");
        }
    }

    private record Outcome(String text, long instructions) {
    }

    /** {@code compile}: a tiered runtime whose {@code hot(f)} compiles {@code f} at once; else off, {@code hot} a no-op. */
    private static Outcome run(FiberEngine engine, boolean hook, boolean compile, String code) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).executionHook(hook)
                .luaCompiler(compile ? LuaCompilerMode.TIERED : LuaCompilerMode.OFF).build()) {
            rt.globals().set("SNIPPET", code);
            rt.globals().set("nullf", new OneArgFunction() {
                @Override
                public LuaValue call(LuaValue x) {
                    return null; // a Java function may give Lua a Java null: the interpreter passes it on
                }
            });
            rt.globals().set("hot", new OneArgFunction() {
                @Override
                public LuaValue call(LuaValue f) {
                    if (compile) {
                        assertTrue(Tiering.compileNow(((LuaClosure) f.checkfunction()).p), "compiled");
                    }
                    return NONE;
                }
            });
            Future<Varargs> f = rt.eval(CompilerDifferentialTest.HARNESS, "harness");
            assertTrue(f.await(60, TimeUnit.SECONDS), "finished");
            String text = f.isSuccess() ? f.getNow().arg1().tojstring() : "harness failed: " + f.cause();
            return new Outcome(text, hook ? rt.executionHook().instructionCount() : 0);
        }
    }
}
