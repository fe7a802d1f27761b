package io.ward.lua.lib;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.WardRuntime;
import io.ward.lua.limits.ExecutionHook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Varargs;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code debug} library beyond what {@code debug_readonly.lua} checks: the full library
 * with {@code withLibrary("debug")}, {@code sethook} under the instruction limit, and the
 * read-only subset without an execution hook.
 */
class DebugLibTest {
    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    private static Future<Varargs> run(WardRuntime rt, String code) throws InterruptedException {
        Future<Varargs> f = rt.eval(code, "=test");
        assertTrue(f.await(60, TimeUnit.SECONDS), "the script ended");
        return f;
    }

    private static String ok(WardRuntime rt, String code) throws InterruptedException {
        Future<Varargs> f = run(rt, code);
        if (!f.isSuccess()) {
            throw new AssertionError("failed: " + f.cause().getMessage(), f.cause());
        }
        return f.getNow().arg1().tojstring();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void withLibraryDebugGivesTheFullLibrary(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).withLibrary("debug").build()) {
            assertNotNull(rt.executionHook(), "the full library installs the execution hook");
            assertEquals("ok", ok(rt, "for _, n in ipairs({'traceback', 'getinfo', 'sethook', 'gethook', 'getupvalue',"
                    + " 'setupvalue', 'upvalueid', 'upvaluejoin', 'getlocal', 'setlocal', 'getregistry', 'getmetatable', 'setmetatable',"
                    + " 'getuservalue', 'setuservalue'}) do\n"
                    + "  assert(type(debug[n]) == 'function', n)\n"
                    + "end\n"
                    + "local up = 10\n"
                    + "local function f() return up end\n"
                    + "assert(debug.getupvalue(f, 1) == 'up')\n"
                    + "debug.setupvalue(f, 1, 20)\n"
                    + "assert(f() == 20)\n"
                    + "local mt = {}\n"
                    + "debug.setmetatable(10, mt)\n"
                    + "assert(debug.getmetatable(1) == mt)\n"
                    + "debug.setmetatable(10, nil)\n"
                    + "local lines = {}\n"
                    + "debug.sethook(function(ev, line) lines[#lines + 1] = line end, 'l')\n"
                    + "local x = 1\n"
                    + "x = x + 1\n"
                    + "debug.sethook()\n"
                    + "assert(#lines >= 2, #lines)\n"
                    + "assert(debug.gethook() == nil)\n"
                    + "local calls = 0\n"
                    + "debug.sethook(function(ev) calls = calls + 1 end, '', 100)\n"
                    + "for i = 1, 10000 do end\n"
                    + "debug.sethook()\n"
                    + "assert(calls >= 50, calls)\n"
                    + "local function locals(a, b)\n"
                    + "  local c = a + b\n"
                    + "  local n1, v1 = debug.getlocal(1, 3)\n"
                    + "  assert(n1 == 'c' and v1 == 3, tostring(n1) .. ' ' .. tostring(v1))\n"
                    + "  assert(debug.setlocal(1, 3, 10) == 'c')\n"
                    + "  assert(debug.getlocal(2, 1) ~= nil)\n"
                    + "  assert(debug.getlocal(1, 40) == nil)\n"
                    + "  return c\n"
                    + "end\n"
                    + "assert(locals(1, 2) == 10)\n"
                    + "assert(debug.getlocal(locals, 2) == 'b')\n"
                    + "assert(not pcall(debug.getlocal, 50, 1))\n"
                    + "return 'ok'"));
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void upvalueidIsALightUserdataNamingTheSharedVariable(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).withLibrary("debug").build()) {
            assertEquals("ok", ok(rt, "local a, b = 1, 2\n"
                    + "local function f() return a, b end\n"
                    + "local function g() return b end\n"
                    + "local id = debug.upvalueid(f, 1)\n"
                    + "assert(type(id) == 'userdata' and tostring(id):find('^userdata: '))\n"
                    + "assert(id == debug.upvalueid(f, 1) and id ~= debug.upvalueid(f, 2))\n"
                    + "assert(debug.upvalueid(f, 2) == debug.upvalueid(g, 1))\n"
                    + "local seen = {[id] = true}\n"
                    + "assert(seen[debug.upvalueid(f, 1)] and not seen[debug.upvalueid(g, 1)])\n"
                    + "debug.upvaluejoin(g, 1, f, 1)\n"
                    + "assert(debug.upvalueid(g, 1) == id and g() == 1)\n"
                    + "-- called by pcall, the functions are named where _G holds them, as in Lua\n"
                    + "local ok, m = pcall(debug.setuservalue, id, {})\n"
                    + "assert(not ok and m == \"bad argument #1 to 'debug.setuservalue' (full userdata expected, got light userdata)\", m)\n"
                    + "assert(debug.getuservalue(id) == nil)\n"
                    + "ok, m = pcall(debug.upvalueid, f, 3)\n"
                    + "assert(not ok and m == \"bad argument #2 to 'debug.upvalueid' (invalid upvalue index)\", m)\n"
                    + "ok, m = pcall(debug.upvalueid, print, 1)\n"
                    + "assert(not ok and m:find('invalid upvalue index', 1, true), m)\n"
                    + "ok, m = pcall(debug.upvalueid, 1, 1)\n"
                    + "assert(not ok and m:find('function expected, got number', 1, true), m)\n"
                    + "return 'ok'"));
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void sethookCannotDefeatTheInstructionLimit(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).withLibrary("debug").instructionLimit(100_000)
                .build()) {
            Future<Varargs> f = run(rt, "debug.sethook()\n"
                    + "debug.sethook(function() end, 'crl', 1)\n"
                    + "debug.sethook()\n"
                    + "while true do end");
            assertFalse(f.isSuccess());
            assertTrue(f.cause().getMessage().contains(ExecutionHook.INSTRUCTION_LIMIT_MESSAGE), f.cause().getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aHookThatLoopsStillHitsTheLimit(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).withLibrary("debug").instructionLimit(100_000)
                .build()) {
            Future<Varargs> f = run(rt, "debug.sethook(function() while true do end end, 'l')\nlocal x = 1");
            assertFalse(f.isSuccess());
            assertTrue(f.cause().getMessage().contains(ExecutionHook.INSTRUCTION_LIMIT_MESSAGE), f.cause().getMessage());
        }
    }

    @Test
    void readOnlySubsetByDefaultEvenWithoutHook() throws Exception {
        try (WardRuntime rt = WardRuntime.builder().build()) {
            assertEquals(null, rt.executionHook());
            assertEquals("stack traceback:" + WardDebugLib.NO_FRAMES, ok(rt, "return debug.traceback()"));
            assertEquals("m\nstack traceback:" + WardDebugLib.NO_FRAMES,
                    ok(rt, "return select(2, xpcall(function() error('m', 0) end, debug.traceback))"));
            assertEquals("nil", ok(rt, "return debug.getinfo(1)"));
            assertEquals("Lua 2", ok(rt, "local i = debug.getinfo(function()\nend)\nreturn i.what .. ' ' .. i.lastlinedefined"));
            assertEquals("nil nil", ok(rt, "return tostring(debug.sethook) .. ' ' .. tostring(debug.getregistry)"));
        }
    }

    @Test
    void withoutLibraryDebugRemovesEvenTheSubset() throws Exception {
        try (WardRuntime rt = WardRuntime.builder().withoutLibrary("debug").build()) {
            assertEquals("nil", ok(rt, "return tostring(debug)"));
        }
    }

    /** Lua 5.2's gmatch iterator is a C closure with three upvalues: subject, pattern, position. */
    @ParameterizedTest
    @MethodSource("engines")
    void theGmatchIteratorHasLuasThreeUpvalues(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).withLibrary("debug").build()) {
            assertEquals("ok", ok(rt, "local it = string.gmatch('a1b22', '%d+')\n"
                    + "assert(debug.getinfo(it, 'u').nups == 3)\n"
                    + "local n, s = debug.getupvalue(it, 1)\n"
                    + "assert(n == '' and s == 'a1b22', tostring(n) .. tostring(s))\n"
                    + "assert(select(2, debug.getupvalue(it, 2)) == '%d+')\n"
                    + "assert(select(2, debug.getupvalue(it, 3)) == 0)\n"
                    + "assert(debug.getupvalue(it, 4) == nil and debug.getupvalue(it, 0) == nil)\n"
                    + "assert(it() == '1' and select(2, debug.getupvalue(it, 3)) == 2)\n"
                    + "assert(debug.upvalueid(it, 1) == debug.upvalueid(it, 1))\n"
                    + "assert(debug.upvalueid(it, 1) ~= debug.upvalueid(it, 2))\n"
                    + "assert(type(debug.upvalueid(it, 3)) == 'userdata')\n"
                    + "assert(not pcall(debug.upvalueid, it, 4))\n"
                    + "assert(debug.setupvalue(it, 1, 'x9y8') == '')\n"
                    + "assert(it() == '8', 'the new subject from the old position')\n"
                    + "assert(debug.setupvalue(it, 3, 0) == '' and it() == '9')\n"
                    + "assert(debug.setupvalue(it, 2, '%a') == '' and it() == 'y')\n"
                    + "assert(debug.setupvalue(it, 4, 1) == nil)\n"
                    + "local ok, e = pcall(debug.setupvalue, it, 1, {})\n"
                    + "assert(not ok and e == \"bad argument #3 to 'debug.setupvalue' (string expected, got table)\", e)\n"
                    + "return 'ok'"));
        }
    }
}
