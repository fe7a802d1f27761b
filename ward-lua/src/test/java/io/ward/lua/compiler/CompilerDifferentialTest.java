package io.ward.lua.compiler;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.WardRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Varargs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each snippet, grouped by the instructions it exercises, runs in a runtime with the compiler
 * off and in one compiling every function ({@link LuaCompilerMode#ALWAYS}), on each fiber engine,
 * with the execution hook (tracebacks): its results, error messages (positions and variable
 * names) and tracebacks must be the same, and the always runtime must really have compiled.
 */
@Timeout(120)
class CompilerDifferentialTest {
    @AfterAll
    static void theCompilerFailedOnNoFunction() {
        CompilerFailures.assertNone();
    }

    /**
     * Runs the snippet as a function under xpcall with debug.traceback and prints what came out;
     * the snippet's function is also the global {@code CHUNK} ({@code LoopEntryTest}'s use it).
     */
    static final String HARNESS = """
            local f, e = load(SNIPPET, "=snip")
            if not f then return "syntax: " .. e end
            CHUNK = f
            local out = {}
            local r = table.pack(xpcall(f, debug.traceback))
            for i = 1, r.n do out[#out + 1] = tostring(r[i]) end
            local r2 = table.pack(pcall(f))
            for i = 1, r2.n do out[#out + 1] = tostring(r2[i]) end
            return table.concat(out, " | ")
            """;

    static List<String[]> snippets() {
        List<String[]> s = new ArrayList<>();
        add(s, "loads", "local a, b, c = 1, 'x', true; local d; local e, f, g, h = nil; local i = false"
                + " return a, b, c, d, e, h, i, not c, not d, 1 == 1, nil");
        add(s, "loadnil-range", "local a, b, c, d, e, f = 1, 2, 3, 4, 5, 6; a, b, c, d, e, f = nil; return a, f");
        add(s, "upvalues", "local n = 0; local function inc(k) n = n + k; return n end; inc(2); inc(3)"
                + " local fs = {}; for i = 1, 3 do fs[i] = function() return i + n end end"
                + " return n, fs[1](), fs[3]()");
        add(s, "upvalues-goto", "local fs = {}; local i = 1; ::top:: local j = i; fs[i] = function() return j end"
                + " i = i + 1; if i <= 3 then goto top end; return fs[1](), fs[2](), fs[3]()");
        add(s, "upvalues-while", "local fs = {}; local i = 0; while i < 3 do i = i + 1; local x = i * 10;"
                + " fs[i] = function() x = x + 1; return x end end; return fs[1](), fs[1](), fs[2](), fs[3]()");
        add(s, "tables", "local t = {1, 2, 3, x = 'y', [10] = 'z'}; t.a = t.x .. '!'; t[2] = nil;"
                + " local u = setmetatable({}, {__index = t}); return #t, t.a, t[10], u.x, u[1], rawget(u, 'x')");
        add(s, "setlist-large", "local t = {" + "1, ".repeat(120) + "'last'}; return #t, t[50], t[51], t[121]");
        add(s, "setlist-varargs", "local function f(...) return {...}, select('#', ...) end"
                + " local t, n = f(1, nil, 3); local u = {f(4, 5)}; return n, t[1], t[3], #u");
        add(s, "self", "local o = {v = 4}; function o:get(k) return self.v * k end; return o:get(2), ('ab'):rep(3)");
        add(s, "arith-int", "local a, b = 7, 2; return a + b, a - b, a * b, a / b, a % b, a ^ b, -a, a % -b, -a % b,"
                + " 2147483647 + 1, -2147483648 - 1, 0 * -1, 65536 * 65536");
        add(s, "arith-double", "local a, b = 7.5, 0.25; local z = 0; return a + b, a - b, a * b, a / b, a % b, a ^ b,"
                + " -a, 1 / z, -1 / z, tostring(z / z), -z, 1e308 * 10, 2^53 + 1");
        add(s, "arith-strings", "return '10' + 1, ' 0x10 ' * 2, '1e1' - 1, 10 .. '', 1.5 .. 'x', -'2'");
        add(s, "concat", "local a, b, c = 'x', 1, 2.5; return a .. b .. c .. 'end', a .. a, b .. c");
        add(s, "concat-strings", "local a, b, c = ('x'):rep(40), '', 'y\\0z'; local m = setmetatable({}, {__concat ="
                + " function(p, q) return 'mt' end}); return a .. b .. c .. a, #(a .. b .. c), b .. b .. b, c .. 1 .. c,"
                + " a .. m .. c, 1 .. 2 .. 3");
        add(s, "len", "local t = {1, 2, 3}; local s = 'abcd'; local m = setmetatable({}, {__len = function() return 42 end})"
                + " return #t, #s, #m");
        add(s, "compare", "local a, b = 1, 2.5; local s, t = 'a', 'b'; return a < b, a <= b, a > b, a >= b, a == b,"
                + " a ~= b, s < t, s >= t, 1 == 1.0, 'a' == 'a', nil == false, '\\xe1' < 'a'");
        add(s, "compare-nan", "local n = 0/0; return n == n, n ~= n, n < n, n <= n, n > 1, 1 < n");
        add(s, "compare-mt", "local mt = {__lt = function(a, b) return a.v < b.v end, __le = function(a, b) return a.v <= b.v end,"
                + " __eq = function(a, b) return a.v == b.v end}; local x = setmetatable({v = 1}, mt);"
                + " local y = setmetatable({v = 2}, mt); local z = setmetatable({v = 1}, mt);"
                + " return x < y, x <= y, x > y, x == z, x ~= y");
        add(s, "tests", "local a, b = nil, 0; local r = {}; r[1] = a or 'd'; r[2] = b and 'y'; r[3] = a and 1 or 2;"
                + " if not a then r[4] = 'na' end; if b then r[5] = 'b' end; return table.unpack(r, 1, 5)");
        add(s, "calls-fixed", "local function f0() return 1, 2 end; local function f1(a) return a end;"
                + " local function f3(a, b, c) return c, b, a end; f0(); f1(1); f3(1, 2, 3);"
                + " local x = f0(); local y = f1(5); local z = f3(1, 2, 3); local p, q = f0(); return x, y, z, p, q, f3(7, 8, 9)");
        add(s, "calls-multi", "local function f(...) return ... end; local function n(...) return select('#', ...) end;"
                + " return n(f(1, nil, nil)), n(f()), n(f(1), f(2, 3)), (f(4, 5)), f(6, 7)");
        add(s, "calls-many-args", "local function f(a, b, c, d, e, g) return g, e, a end;"
                + " local a, b, c = f(1, 2, 3, 4, 5, 6); return a, b, c, select(5, 'a', 'b', 'c', 'd', 'e', 'f')");
        // compiled callers call compiled callees through their direct entries (call0-call3, invoke):
        // every arity against every parameter count, vararg or not, called more than once
        add(s, "direct-arities", "local function s(...) local t = table.pack(...); for i = 1, t.n do t[i] = tostring(t[i]) end"
                + " return table.concat(t, ',', 1, t.n) end"
                + " local function p0() return 'p0' end; local function p1(a) return a end; local function p2(a, b) return b, a end"
                + " local function p3(a, b, c) return c, b, a end; local function p4(a, b, c, d) return d, c, b, a end"
                + " local function v0(...) return select('#', ...), ... end; local function v2(a, b, ...) return a, b, select('#', ...), ... end"
                + " local out = {}; for round = 1, 3 do"
                + " out[#out + 1] = s(p0(), p0(1), p1(), p1(1), p1(1, 2), p2(1), p2(1, 2, 3), p3(1, 2), p3(1, 2, 3, 4), p4(1, 2, 3), p4(1, 2, 3, 4, 5))"
                + " out[#out + 1] = s(v0()) .. ';' .. s(v0(1)) .. ';' .. s(v0(1, nil)) .. ';' .. s(v0(1, 2, 3)) .. ';' .. s(v0(1, 2, 3, 4, 5))"
                + " out[#out + 1] = s(v2()) .. ';' .. s(v2(1)) .. ';' .. s(v2(1, 2, 3)) .. ';' .. s(v2(1, 2, 3, 4)) .. ';' .. s(v2(p3(1, 2, 3)))"
                + " end; return table.concat(out, ' / ')");
        add(s, "direct-captured-params", "local function mk(a, b) return function(d) a = a + d; return a * b end end"
                + " local function five(a, b, c, d, e) return function() return a + b + c + d + e end end"
                + " local r = 0; for i = 1, 4 do local f = mk(i, 2); r = r + f(1) + f(1) + five(i, 1, 2, 3, 4)() end; return r");
        add(s, "direct-open-results", "local function two(x) return x, x + 1 end; local function n(...) return select('#', ...), ... end"
                + " local r = {}; for i = 1, 3 do r[#r + 1] = table.concat({n(two(i))}, ','); r[#r + 1] = table.concat({n(i, two(i))}, ',')"
                + " r[#r + 1] = #{two(i), two(i)} end; return table.concat(r, ' ')");
        add(s, "varargs", "local function f(a, ...) local x, y = ...; local t = {...}; return a, x, y, #t, select('#', ...) end;"
                + " return f(1), f(1, 2), f(1, 2, 3, 4)");
        add(s, "tailcalls", "local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end;"
                + " local function j(x) return tostring(x) end; local function k(...) return select('#', ...) end"
                + " local function t2(a, b) return k(a, b) end; local function tv(...) return k(...) end"
                + " return loop(200000, 0), j(12), t2(1), tv(1, 2, 3)");
        add(s, "numeric-for", "local s = 0; for i = 1, 10 do s = s + i end; for i = 10, 1, -3 do s = s + i end;"
                + " for i = 0.5, 2, 0.5 do s = s + i end; for i = 1, 0 do s = s + 1000 end; return s");
        add(s, "generic-for", "local t = {10, 20, 30}; local s = 0; for i, v in ipairs(t) do s = s + i * v end;"
                + " local keys = {}; for k in pairs({a = 1, b = 2}) do keys[#keys + 1] = k end; table.sort(keys);"
                + " local function it(st, c) if c < st then return c + 1, c * 2 end end; for a, b in it, 3, 0 do s = s + b end"
                + " return s, table.concat(keys, ',')");
        add(s, "generic-for-traversal", "local t = {}; for i = 1, 40 do t['k' .. i] = i; t[i * 1009] = -i end; for i = 1, 8 do t[i] = i end"
                + " local n, s = 0, 0; for k, v in pairs(t) do n = n + 1; s = s + v; if n % 3 == 0 then t[k] = nil end end"
                + " local m = 0; for k, v in pairs(t) do m = m + 1; t[k] = v * 2 end; local w = setmetatable({a = 1, 2}, {__index = {}})"
                + " for k, v in pairs(w) do m = m + v end; local c = 0; for i, v in ipairs(t) do c = c + v end"
                + " local e = select(2, pcall(function() for k in pairs(t) do t[k] = nil; t[k .. 'new'] = 1 end end))"
                + " return n, s, m, c, e ~= nil");
        add(s, "math-unary", "local sqrt, floor, abs, m = math.sqrt, math.floor, math.abs, math; local r = {}"
                + " for i = 1, 3 do r[#r + 1] = sqrt(i * 2.25); r[#r + 1] = floor(-i / 2); r[#r + 1] = abs(-i * 0.5) end"
                + " local x = 16; local y = sqrt(x) + sqrt('9'); r[#r + 1] = y; r[#r + 1] = tostring(sqrt(-1)); r[#r + 1] = 1 / abs(-0.0)"
                + " r[#r + 1] = m.sin(0.5) + m.cos(0.5) + m.exp(1) + m.log10(1000) + m.ceil(1.2) + m.deg(1) + m.rad(90)"
                + " local old = math.sqrt; math.sqrt = function(v) return 'mine' .. v end; r[#r + 1] = math.sqrt(4); math.sqrt = old"
                + " r[#r + 1] = select(2, pcall(sqrt, 'x')); r[#r + 1] = select(2, pcall(function() return sqrt({}) end))"
                + " return table.concat(r, ' ')");
        add(s, "generic-for-iterators", "local r = {}; for i, v in ipairs({1, 2, nil, 4}) do r[#r + 1] = i .. '=' .. v end;"
                + " local p = setmetatable({}, {__index = function(_, k) return k * 10 end}); for _ in ipairs(p) do r[#r + 1] = 'raw?' end;"
                + " local n = 0; for _, v in pairs({a = 1, b = 2, 3}) do n = n + v end; r[#r + 1] = n;"
                + " local f, st, c = ipairs({5, 6}); for _, v in f, st, c do r[#r + 1] = v end;"
                + " for k, v in next, {7} do r[#r + 1] = k .. ':' .. v end;"
                + " r[#r + 1] = select(2, pcall(function() for _ in next, {}, 'nope' do end end));"
                + " r[#r + 1] = select(2, pcall(function() for _ in f, nil, 0 do end end));"
                + " r[#r + 1] = select(2, pcall(function() for _ in f, {}, 'x' do end end));"
                + " local mp = setmetatable({}, {__pairs = function(t) return function(_, k) if not k then return 1, 'x' end end, t, nil end});"
                + " for k, v in pairs(mp) do r[#r + 1] = k .. v end;"
                + " local u = {1, 2, 3}; for i, v in ipairs(u) do if i == 1 then u[3] = nil end r[#r + 1] = v end;"
                + " local w = {x = 1}; for k in pairs(w) do w[k] = 2 end; r[#r + 1] = w.x;"
                + " return table.concat(r, ' ')");
        add(s, "while-repeat-break", "local i, s = 0, 0; while true do i = i + 1; if i > 5 then break end; s = s + i end;"
                + " repeat i = i - 1; local k = i until k < 2; return i, s");
        add(s, "goto-continue", "local s = 0; for i = 1, 10 do if i % 2 == 0 then goto continue end; s = s + i; ::continue:: end;"
                + " return s");
        add(s, "closures-nested", "local function mk(a) return function(b) return function(c) return a + b + c end end end;"
                + " return mk(1)(2)(3)");
        add(s, "metamethods", "local log = {}; local mt = {__index = function(t, k) return k .. '?' end,"
                + " __newindex = function(t, k, v) rawset(t, k, v * 2) end, __call = function(self, x) return x + 1 end,"
                + " __concat = function(a, b) return 'cc' end, __unm = function() return 'neg' end,"
                + " __add = function(a, b) return 'add' end}; local o = setmetatable({}, mt); o.z = 4;"
                + " return o.q, o.z, o(1), o .. 'x', 'x' .. o, -o, o + 1, 1 + o, '5' + o");
        add(s, "coroutines", "local co = coroutine.wrap(function(a) local s = a; for i = 1, 3 do s = s + coroutine.yield(s) end;"
                + " return 'done' .. s end); return co(1), co(2), co(3), co(4)");
        add(s, "pcall-inside", "local ok, e = pcall(function() local t = nil; return t.x end);"
                + " local ok2, e2 = pcall(error, {code = 1}); return ok, e, ok2, type(e2), select('#', pcall(error))");
        // errors: message, position and name must match
        // registers that may hold unboxed numbers (FunctionCompiler.numeric: quotients, arithmetic
        // with fractions, sums into a local): loop-carried sums, copies, values that stop being
        // numbers, boxing into tables, calls and comparisons
        add(s, "unboxed-loop", "local s, p = 0, 1; for i = 1, 40 do s = s + i / 2; p = p * 1.5 - i end;"
                + " local q = s; q = q - 1; return s, p, q, -s, s == 410, s < p, p <= s");
        add(s, "unboxed-keys", "local t = {}; local x = 1.5 + 1.5; t[x] = 'three'; local y = 2^31 + 0; t[y] = 'big';"
                + " local z = 0.5 * 2; return t[3], t[2147483648], t[z], #{[z] = 1}, rawequal(x, 3), math.type and 1");
        add(s, "unboxed-zero-nan", "local z = 0 * -1.5; local w = -z; local n = z / 0; return z, w, 1 / z, 1 / w,"
                + " tostring(n), n ~= n, -n ~= -n, z == 0, z < w, tostring(0/0 + 1), tostring(-(0/0))");
        add(s, "unboxed-mixed", "local x = 1 + 0.5; x = x .. ''; local y = x + 1; local s = 0; for i = 1, 3 do"
                + " local q = '1' + i; s = s + q end; local m = setmetatable({}, {__add = function(a, b) return 'meta' end,"
                + " __unm = function() return 'neg' end}); local r = 1 / 2; r = m + r; local u = -m;"
                + " return x, y, s, r, u, type(x), type(r)");
        add(s, "unboxed-compare", "local a = 1 + 0.5; local b = 'x'; local c = 2 - 0.5; return a == c, a ~= c,"
                + " a < 2, 2 < a, a <= 1.5, a == b, a ~= nil, a == '1.5', pcall(function() return a < b end)");
        add(s, "unboxed-calls", "local function f(x, y) return x * 0.5, x / y end; local a = 3 / 1; local b, c = f(a + 1, a - 1);"
                + " local t = {a * 2, b + c}; return b, c, t[1], t[2], select('#', f(a, a)), string.format('%.3f', c * 3)");
        // formulas unboxed throughout (operands that are results of arithmetic; numbers read from
        // tables unboxed when stored): fields holding fractions, integers past LuaJ's cache, -0,
        // a string and a table with metamethods in the same registers, values stored back
        add(s, "unboxed-formula", "local b = {x = 1.5, y = -2, m = 3e9, z = 0 * -1.5, s = '4', big = 2^53}"
                + " local mt = {__sub = function(a, c) return 10 end, __mul = function(a, c) return 'mul' end}"
                + " local function step(a, c, dt) local dx, dy = a.x - c.x, a.y - c.y; local d2 = dx * dx + dy * dy"
                + " local mag = dt / (d2 * math.sqrt(d2)); a.x = a.x - dx * mag; c.y = c.y + dy * a.m * mag; return d2 end"
                + " local other = {x = '0.5', y = 7, m = 2}; local r1 = step(b, other, 0.01);"
                + " local w = setmetatable({}, mt); local q = 1 / 4; q = b.z - q; local n = b.big + 1 - 1; local k = b.m * 2;"
                + " local v = b.z * 1 / 1; local u = w - q; local p = (w - 1) * 2; local y = b.s * 0.5; b.y = b.y"
                + " return r1, b.x, other.y, q, n, k, 1 / v, u, p, y, b.y, math.type and 1, string.format('%.17g', b.x)");
        add(s, "err-unboxed-formula", "local a, c = {x = 1}, {}; local dx = a.x - c.x; return dx * dx / 2");
        add(s, "err-unboxed-arith", "local s = 0; for i = 1, 3 do s = s + i / 2 end; local u; return s + u");
        add(s, "err-unboxed-compare", "local s = 1 + 0.5; local t = {}; return s < t");
        add(s, "err-unboxed-field", "local s = 2 * 0.5; return s.x");
        add(s, "err-index-local", "local t = nil; return t.x");
        add(s, "err-index-field", "local t = {}; return t.a.b");
        add(s, "err-index-upvalue", "local u; local function f() return u.x end; return f()");
        add(s, "err-index-global", "return undefined_global.x");
        add(s, "err-newindex", "local t; t.x = 1");
        add(s, "err-call-global", "undefined_fn()");
        add(s, "err-call-tail", "return undefined_fn()");
        add(s, "err-call-method", "local t = {}; t:nomethod()");
        add(s, "err-arith-field", "local c = {}; return c.n + 1");
        add(s, "err-arith-string", "local s = 'abc'; return 1 + s");
        add(s, "err-concat", "local x; return 'a' .. x .. 'b'");
        add(s, "err-compare", "return {} < {}");
        add(s, "err-compare-mixed", "return 1 < 'x'");
        add(s, "err-len", "local b = true; return #b");
        add(s, "err-unm", "local t = {}; return -t");
        add(s, "err-for", "for i = 1, 'x' do end");
        add(s, "err-for-init", "local a; for i = a, 2 do end");
        add(s, "err-error-level", "local function f() error('lvl2', 2) end; local function g()\n f()\n end; g()");
        add(s, "err-error-table", "error(setmetatable({}, {__tostring = function() return 'tbl' end}))");
        add(s, "err-nested", "local function a() local x = nil; return x + 1 end\nlocal function b() return a() + 1 end\n"
                + "local function c() local r = b(); return r end\nreturn c()");
        add(s, "err-in-metamethod", "local o = setmetatable({}, {__index = function(t, k) error('mm ' .. k) end}); return o.q");
        add(s, "err-direct-callee", "local function g(t, k) return t.x + k end; local function h(v) return g(v, 1) end"
                + " local ok = pcall(h, {x = 1}); for i = 1, 2 do h({x = i}) end; return h(nil)");
        add(s, "err-direct-arith", "local function g(a, b) local c = a * 2; return c + b end; local function h(b) return g(1, b) end"
                + " for i = 1, 3 do h(i) end; return h({})");
        add(s, "err-direct-call-arg", "local function g(s, n) return s:rep(n) end; local function h(n) return g('ab', n) end"
                + " for i = 1, 3 do h(i) end; return h({})");
        add(s, "err-xpcall-handler", "return xpcall(function() error('boom') end, function(m) return 'handled: ' .. m end)");
        add(s, "traceback-plain", "local function f() return debug.traceback('tb') end\nlocal function g() local r = f() return r end\n"
                + "return g()");
        add(s, "traceback-tail", "local function f() return debug.traceback('tb') end\nreturn f()");
        add(s, "getinfo", "local function f() local i = debug.getinfo(1, 'Sl'); local j = debug.getinfo(2, 'l');"
                + " return i.currentline, i.short_src, i.linedefined, j.currentline end\nreturn f()");
        add(s, "stack-overflow", "local function f() return 1 + f() end; local ok, e = pcall(f); return ok, e");
        add(s, "c-stack-overflow", "local t = setmetatable({}, {}); getmetatable(t).__index = function(s, k) return t[k] end;"
                + " local ok, e = pcall(function() return t.x end); return ok, e");
        return s;
    }

    private static void add(List<String[]> s, String name, String code) {
        s.add(new String[] {name, code});
    }

    static List<Object[]> cases() {
        List<Object[]> c = new ArrayList<>();
        for (FiberEngine e : Engines.runnable()) {
            for (String[] s : snippets()) {
                c.add(new Object[] {e, s[0], s[1]});
            }
        }
        return c;
    }

    @ParameterizedTest(name = "{1} [{0}]")
    @MethodSource("cases")
    void sameAsInterpreter(FiberEngine engine, String name, String code) throws Exception {
        String interpreted = run(engine, LuaCompilerMode.OFF, code);
        long before = Tiering.counts()[0];
        String compiled = run(engine, LuaCompilerMode.ALWAYS, code);
        assertTrue(Tiering.counts()[0] > before, "nothing was compiled");
        assertEquals(depthNeutral(name, interpreted), depthNeutral(name, compiled), name);
    }

    /**
     * Unbounded recursion ends either at Ward's call-depth limit ({@code snip:1: stack overflow},
     * Lua 5.2's text) or, when the JVM stack fills first, with the JVM's overflow turned into
     * {@code stack overflow} (docs/LUA.md, "Call limits"). Which comes first depends on the size
     * of the JVM frames, which differ between compiled and interpreted code (and between JIT
     * tiers), so for that snippet both texts count as the same.
     */
    private static String depthNeutral(String name, String out) {
        return name.equals("stack-overflow") ? out.replaceAll("snip:\\d+: stack overflow", "stack overflow") : out;
    }

    static String run(FiberEngine engine, LuaCompilerMode mode, String code) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).executionHook(true).luaCompiler(mode).build()) {
            rt.globals().set("SNIPPET", code);
            Future<Varargs> f = rt.eval(HARNESS, "harness");
            assertTrue(f.await(60, TimeUnit.SECONDS), "finished");
            if (!f.isSuccess()) {
                return "harness failed: " + f.cause();
            }
            return f.getNow().arg1().tojstring();
        }
    }
}
