package io.ward.lua.limits;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.WardRuntime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile scripts against an embedded runtime (no CLI): endless loops in every place Lua code
 * can run, under the instruction limit; deep recursion in the main chunk and in tasks; and
 * what one runtime can change that another in the same JVM would see (string metatable,
 * module tables, userdata metatables). Each runs on every fiber engine.
 */
class SandboxTest {
    private static final long LIMIT = 200_000;

    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    private static Future<Varargs> done(Future<Varargs> f) throws InterruptedException {
        assertTrue(f.await(60, TimeUnit.SECONDS), "the script ended");
        return f;
    }

    private static Varargs get(Future<Varargs> f) throws InterruptedException {
        done(f);
        if (!f.isSuccess()) {
            throw new AssertionError("failed: " + f.cause().getMessage(), f.cause());
        }
        return f.getNow();
    }

    /** Where the endless loop is: each must be stopped, and no pcall may go on after it. */
    static final Map<String, String> LOOPS = Map.of(
            "bare", "while true do end",
            "pcall", "pcall(function() while true do end end) reached()",
            "xpcall with a handler", "xpcall(function() while true do end end, function(e) reached() return e end) reached()",
            "nested coroutines", "local co = coroutine.wrap(function()\n"
                    + "  local inner = coroutine.create(function() local n = 0 while true do n = n + 1 end end)\n"
                    + "  pcall(coroutine.resume, inner) reached()\n"
                    + "end)\npcall(co) reached()",
            "__index metamethod", "local t = setmetatable({}, {__index = function() while true do end end})\n"
                    + "pcall(function() return t.x end) reached()",
            "table.sort comparator", "local t = {} for i = 1, 100 do t[i] = i end\n"
                    + "pcall(table.sort, t, function(a, b) while true do end end) reached()",
            "string.gsub callback", "pcall(string.gsub, 'abc', '%w', function() while true do end end) reached()",
            "task", "local t = require('ward.async').spawn(function() while true do end end)\n"
                    + "pcall(t.wait, t) reached()",
            "recursion caught by pcall, then a loop", "local function f() return 1 + f() end\n"
                    + "pcall(f) while true do end",
            "chunk loaded with an environment", "pcall(load('while true do end', '=x', 't', {})) reached()");

    @ParameterizedTest
    @MethodSource("engines")
    void instructionLimitStopsEveryEndlessLoop(FiberEngine engine) throws Exception {
        for (boolean frames : new boolean[] {false, true}) { // a hook that only counts, and one with call stacks
            for (Map.Entry<String, String> loop : LOOPS.entrySet()) {
                stopsEndlessLoop(engine, frames, loop);
            }
        }
    }

    private static void stopsEndlessLoop(FiberEngine engine, boolean frames, Map.Entry<String, String> loop)
            throws Exception {
        AtomicInteger reached = new AtomicInteger();
        try (WardRuntime rt = WardRuntime.builder().engine(engine).instructionLimit(LIMIT).executionHook(frames)
                .function("reached", args -> reached.incrementAndGet()).build()) {
            assertEquals(frames, rt.executionHook().keepsFrames());
            Future<Varargs> f = done(rt.eval(loop.getValue(), "=" + loop.getKey()));
            assertFalse(f.isSuccess(), loop.getKey() + ": must not end normally");
            assertTrue(f.cause().getMessage().contains(ExecutionHook.INSTRUCTION_LIMIT_MESSAGE),
                    loop.getKey() + ": " + f.cause());
            assertEquals(0, reached.get(), loop.getKey() + ": code after the loop ran (the limit was caught)");
            // the limit is for good: the next chunk fails at its first instruction
            Future<Varargs> next = done(rt.eval("reached()", "=next"));
            assertFalse(next.isSuccess(), loop.getKey());
            assertEquals(0, reached.get(), loop.getKey());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void deepRecursionIsALuaErrorAndTheRuntimeGoesOn(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).build()) {
            String deep = "local function f(n) return 1 + f(n + 1) end\n";
            assertEquals("false\tstack overflow", get(rt.eval(deep
                    + "local ok, e = pcall(f, 1) return tostring(ok) .. '\\t' .. e", "=main")).arg1().tojstring());
            Future<Varargs> uncaught = done(rt.eval(deep + "f(1)", "=uncaught"));
            assertFalse(uncaught.isSuccess());
            assertTrue(uncaught.cause().getMessage().contains("stack overflow"), uncaught.cause().toString());
            // in tasks, in coroutines inside tasks, and through __index
            assertEquals("stack overflow|stack overflow|stack overflow", get(rt.eval(deep
                    + "local async = require('ward.async')\n"
                    + "local t1 = async.spawn(f, 1)\n"
                    + "local a = select(2, pcall(t1.wait, t1))\n"
                    + "local b = select(2, async.spawn(function() return pcall(coroutine.wrap(f), 1) end):wait())\n"
                    + "local t = setmetatable({}, {}) getmetatable(t).__index = function(s, k) return s[k] end\n"
                    + "local c = select(2, pcall(function() return t.x end))\n"
                    + "return a .. '|' .. b .. '|' .. c", "=tasks")).arg1().tojstring().replaceAll("[^|]*(stack overflow)", "$1"));
            // still usable: new tasks, timers, channels
            assertEquals(55, get(rt.eval("local async = require('ward.async')\n"
                    + "local ch = async.channel(1)\n"
                    + "local t = async.spawn(function() local s = 0 for i = 1, 10 do s = s + ch:wait() end return s end)\n"
                    + "for i = 1, 10 do ch:send(i) require('ward.time').sleep(0):wait() end\n"
                    + "return t:wait()", "=after")).arg1().toint());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void oneRuntimeCannotChangeWhatAnotherSees(FiberEngine engine) throws Exception {
        try (WardRuntime a = WardRuntime.builder().engine(engine).build();
             WardRuntime b = WardRuntime.builder().engine(engine).build()) {
            get(a.eval("local mt = getmetatable('')\n"
                    + "assert(type(mt) == 'table' and mt.__index == string, 'the string metatable as in Lua 5.2')\n"
                    + "mt.__index = function() return function() return 'tampered' end end\n"
                    + "mt.__add = function() return 'tampered' end\n"
                    + "mt.__call = function() return 'tampered' end\n"
                    + "string.upper = function() return 'tampered' end\n"
                    + "rawset(require('ward.async'), 'spawn', function() return 'tampered' end)\n"
                    + "rawset(require('ward.time'), 'sleep', nil)\n"
                    + "local ch = require('ward.async').channel(1)\n"
                    + "getmetatable(ch).__index.try_send = function() return 'tampered' end\n"
                    + "coroutine.wrap = nil", "=attacker"));
            Varargs r = get(b.eval("local async, time = require('ward.async'), require('ward.time')\n"
                    + "local ch = async.channel(1)\n"
                    + "return ('x'):upper(), ('abc'):sub(2), tostring(ch:try_send(1)), type(time.sleep),\n"
                    + "  tostring(async.spawn(function() end)), type(coroutine.wrap), getmetatable('').__index == string,\n"
                    + "  pcall(function() return ('x')() end), (pcall(function() return 'a' + 1 end))", "=victim"));
            assertEquals("X", r.arg(1).tojstring());
            assertEquals("bc", r.arg(2).tojstring());
            assertEquals("true", r.arg(3).tojstring());
            assertEquals("function", r.arg(4).tojstring());
            assertEquals("Task()", r.arg(5).tojstring());
            assertEquals("function", r.arg(6).tojstring());
            assertTrue(r.arg(7).toboolean(), "the victim's string metatable still indexes its own string table");
            assertFalse(r.arg(8).toboolean(), "calling a string is still an error");
            assertFalse(r.arg(10).toboolean(), "'a' + 1 is still an error");
            // the attacker's own changes stay in the attacker's runtime (string.upper is its own)
            assertEquals("tampered", get(a.eval("return string.upper('x')", "=own")).arg1().tojstring());
            // and a fresh runtime made afterwards starts clean too
            try (WardRuntime c = WardRuntime.builder().engine(engine).build()) {
                assertEquals("X", get(c.eval("return ('x'):upper()", "=fresh")).arg1().tojstring());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void escapeAttemptsFail(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).build()) {
            Varargs r = get(rt.eval(
                    "local results = {}\n"
                    + "local function try(name, f, ...) local ok, v = pcall(f, ...) results[#results + 1] = name .. '=' .. tostring(ok and v ~= nil) end\n"
                    + "try('luajava', function() return luajava.bindClass('java.lang.System') end)\n"
                    + "try('require java class', require, 'java.lang.Runtime')\n"
                    + "try('require luajava lib', require, 'org.luaj.vm2.lib.jse.LuajavaLib')\n"
                    + "try('load bytecode', function() return load('\\27Lua\\82\\0\\1\\4\\8\\4\\8\\0')() end)\n"
                    + "try('string.dump', function() return string.dump(print) end)\n"
                    + "try('io', function() return io.open('/etc/passwd') end)\n"
                    + "try('os', function() return os.execute('true') end)\n"
                    + "try('debug', function() return debug.getregistry() end)\n" // only traceback and getinfo
                    + "try('package.loadlib', function() return package.loadlib('libc.so.6', 'system') end)\n"
                    + "try('Duration metatable', function() return type(getmetatable(require('ward.time').duration(1))) == 'table' or nil end)\n"
                    + "return table.concat(results, ' ')", "=escape"));
            assertEquals("luajava=false require java class=false require luajava lib=false load bytecode=false "
                    + "string.dump=false io=false os=false debug=false package.loadlib=false Duration metatable=false",
                    r.arg1().tojstring());
        }
    }

    /** A real binary chunk (made by a runtime with the opt-in "binary" library) is refused by a default one. */
    @ParameterizedTest
    @MethodSource("engines")
    void binaryChunksStayRefusedByDefault(FiberEngine engine) throws Exception {
        LuaValue chunk;
        try (WardRuntime trusted = WardRuntime.builder().engine(engine).withLibrary("binary").build()) {
            chunk = get(trusted.eval("local c = string.dump(function(x) return x * 2 end)\n"
                    + "assert(load(c)(21) == 42)\nreturn c", "=dump")).arg1();
        }
        assertEquals("\u001bLua", chunk.tojstring().substring(0, 4));
        try (WardRuntime rt = WardRuntime.builder().engine(engine).build()) {
            rt.globals().set("CHUNK", chunk);
            Varargs r = get(rt.eval(
                    "local out = {tostring(string.dump)}\n"
                    + "for _, mode in ipairs({'b', 'bt'}) do out[#out + 1] = select(2, load(CHUNK, 'c', mode)) end\n"
                    + "out[#out + 1] = select(2, load(CHUNK))\n"
                    + "local i = 0\n"
                    + "out[#out + 1] = select(2, load(function() i = i + 1 return CHUNK:sub(i, i) end))\n"
                    + "return table.concat(out, '|')", "=refuse"));
            String refused = "attempt to load a binary chunk (mode is 't')";
            assertEquals(String.join("|", "nil", refused, refused, refused, refused), r.arg1().tojstring());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void instructionLimitCountsEveryTaskTogether(FiberEngine engine) throws Exception {
        // 10 tasks each running 30,000 instructions: together over the limit, so the run fails
        try (WardRuntime rt = WardRuntime.builder().engine(engine).instructionLimit(LIMIT).build()) {
            Future<Varargs> f = done(rt.eval("local async = require('ward.async')\n"
                    + "local ts = {}\n"
                    + "for i = 1, 10 do ts[i] = async.spawn(function() local n = 0 for j = 1, 10000 do n = n + 1 end return n end) end\n"
                    + "local s = 0 for i = 1, 10 do s = s + ts[i]:wait() end return s", "=shared"));
            assertFalse(f.isSuccess(), "10 x 30,000 instructions exceed a shared limit of " + LIMIT);
            assertNotNull(f.cause());
            assertTrue(f.cause().getMessage().contains(ExecutionHook.INSTRUCTION_LIMIT_MESSAGE), f.cause().toString());
        }
    }
}
