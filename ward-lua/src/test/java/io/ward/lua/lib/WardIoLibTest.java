package io.ward.lua.lib;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.WardRuntime;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code io} with {@code withLibrary("io")}: files share Lua 5.2's {@code FILE*} metatable
 * ({@link WardIoLib}), whose methods still do LuaJ's I/O and whose {@code __gc} closes a file.
 */
class WardIoLibTest {
    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    private static String ok(WardRuntime rt, String code) throws InterruptedException {
        Future<Varargs> f = rt.eval(code, "=test");
        assertTrue(f.await(60, TimeUnit.SECONDS), "the script ended");
        if (!f.isSuccess()) {
            throw new AssertionError("failed: " + f.cause().getMessage(), f.cause());
        }
        return f.getNow().arg1().tojstring();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void filesShareOneMetatableThatDoesTheirIo(FiberEngine engine, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.txt");
        try (WardRuntime rt = WardRuntime.builder().engine(engine).withLibrary("io").build()) {
            rt.globals().set("PATH", LuaValue.valueOf(file.toString()));
            String result = ok(rt, """
                    local f = assert(io.open(PATH, 'w'))
                    local mt = getmetatable(f)
                    assert(mt == getmetatable(io.stdout) and mt == getmetatable(io.stdin) and mt.__index == mt)
                    for _, m in ipairs({'close', 'flush', 'lines', 'read', 'seek', 'setvbuf', 'write'}) do
                      assert(type(mt[m]) == 'function', m)
                    end
                    assert(io.type(f) == 'file' and tostring(f):match('^file %(%x+%)$'), tostring(f))
                    f:write('one\\ntwo\\n')
                    mt.__gc(f) -- closes it, as the collector would
                    assert(io.type(f) == 'closed file' and tostring(f) == 'file (closed)', tostring(f))
                    mt.__gc(io.stdout) -- a standard stream stays open
                    assert(io.type(io.stdout) == 'file')
                    local lines = {}
                    for l in io.lines(PATH) do lines[#lines + 1] = l end
                    local ok, e = pcall(mt.__gc)
                    return table.concat(lines, ',') .. ' ' .. e
                    """);
            assertEquals("one,two bad argument #1 to '__gc' (FILE* expected, got no value)", result);
            assertEquals("one\ntwo\n", Files.readString(file));
        }
    }
}
