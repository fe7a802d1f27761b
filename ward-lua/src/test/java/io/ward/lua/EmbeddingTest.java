package io.ward.lua;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedding API: calls, host functions and modules, conversions, groups, close. */
@Timeout(120)
class EmbeddingTest {
    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    private static <T> T get(Future<T> f) throws Exception {
        return TestFutures.result(f);
    }

    private static Throwable failure(Future<?> f) throws Exception {
        assertTrue(f.await(60, TimeUnit.SECONDS), "finished");
        assertFalse(f.isSuccess(), "expected a failure");
        return f.cause();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void callByNameAndByFunctionWithConvertedArguments(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).build()) {
            get(rt.eval("function greet(name, opts) return 'hi ' .. name .. opts.mark, #opts.list end", "=setup"));
            Map<String, Object> opts = new LinkedHashMap<>();
            opts.put("mark", "!");
            opts.put("list", List.of(1, 2, 3));
            Varargs r = get(rt.call("greet", "ann", opts));
            assertEquals("hi ann!", r.arg1().tojstring());
            assertEquals(3, r.arg(2).toint());
            LuaValue fn = get(rt.eval("return function(a, b) return a * b end", "=fn")).arg1();
            assertEquals(42, get(rt.call(fn, 6, 7)).arg1().toint());
            Throwable e = failure(rt.call("nope"));
            assertEquals("attempt to call global 'nope' (a nil value)", e.getMessage());
            e = failure(rt.call("error", "bad thing"));
            assertTrue(LuaErrors.value(e).tojstring().contains("bad thing"));
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void hostFunctionsSyncAndAsync(FiberEngine engine) throws Exception {
        DefaultEventLoop other = new DefaultEventLoop();
        try {
            HostModule db = HostModule.named("db")
                    .function("add", args -> ((Long) args[0]) + ((Long) args[1]))
                    .function("pair", args -> new Object[] {"a", 2})
                    .function("later", args -> CompletableFuture.supplyAsync(() -> "stage:" + args[0],
                            CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS)))
                    .function("netty", args -> {
                        Promise<String> p = other.newPromise();
                        other.schedule(() -> p.setSuccess("netty:" + args[0]), 5, TimeUnit.MILLISECONDS);
                        return p;
                    })
                    .function("broken", args -> CompletableFuture.failedFuture(new IllegalStateException("db down")))
                    .function("throws", args -> {
                        throw new IllegalArgumentException("no such user");
                    })
                    .value("version", "1.2");
            try (WardRuntime rt = WardRuntime.builder().engine(engine).module(db)
                    .function("twice", args -> ((Long) args[0]) * 2).build()) {
                Varargs r = get(rt.eval("local db = require('db')\n"
                        + "local async = require('ward.async')\n"
                        + "assert(db.add(2, 3) == 5)\n"
                        + "local a, b = db.pair(); assert(a == 'a' and b == 2)\n"
                        + "assert(twice(21) == 42)\n"
                        + "assert(db.version == '1.2')\n"
                        + "-- async results suspend only the calling task\n"
                        + "local t1 = async.spawn(function() return db.later('x') end)\n"
                        + "local t2 = async.spawn(function() return db.netty('y') end)\n"
                        + "assert(t1:wait() == 'stage:x' and t2:wait() == 'netty:y')\n"
                        + "local ok, e = pcall(db.broken)\n"
                        + "assert(not ok and e:find('db down'), e)\n"
                        + "ok, e = pcall(db.throws)\n"
                        + "assert(not ok and e:find('no such user') and not e:find('Exception'), e)\n"
                        + "return 'done'", "=host"));
                assertEquals("done", r.arg1().tojstring());
            }
        } finally {
            other.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void conversionsAreDeepAndCycleSafe() {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> list = new ArrayList<>();
        list.add(1);
        list.add("two");
        list.add(null);
        root.put("list", list);
        root.put("self", root);
        root.put("bytes", new byte[] {0, (byte) 255});
        root.put("flag", true);
        LuaValue lua = LuaValues.toLua(root);
        assertTrue(lua.istable());
        assertSame(lua, lua.get("self"));
        assertEquals(2, LuaValues.toBytes(lua.get("bytes")).length);
        assertEquals(255, LuaValues.toBytes(lua.get("bytes"))[1] & 0xff);
        Object back = LuaValues.toJava(lua);
        assertInstanceOf(Map.class, back);
        Map<?, ?> m = (Map<?, ?>) back;
        assertSame(m, m.get("self"));
        assertEquals(Boolean.TRUE, m.get("flag"));
        LuaTable t = new LuaTable();
        t.set(1, LuaValue.valueOf(1.5));
        t.set(2, LuaValue.valueOf("x"));
        assertEquals(List.of(1.5, "x"), LuaValues.toJava(t));
        assertEquals(3L, LuaValues.toJava(LuaValue.valueOf(3)));
        assertNull(LuaValues.toJava(LuaValue.NIL));
        assertArrayEquals("é".getBytes(StandardCharsets.UTF_8), LuaValues.toBytes(LuaValue.valueOf("é")));
        assertEquals(Map.of(), LuaValues.toJava(new LuaTable()));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void callTimeoutCancelsTheCall(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).callTimeout(Duration.ofMillis(50)).build()) {
            get(rt.eval("STATE = 'idle'\nfunction slow() STATE = 'started'; require('ward.time').sleep('300ms'):wait(); "
                    + "STATE = 'finished' end", "=setup"));
            Throwable e = failure(rt.call("slow"));
            assertInstanceOf(CallTimeoutException.class, e);
            // the call's task was cancelled: well past its sleep, it has not finished
            assertEquals("started", get(rt.eval("require('ward.time').sleep('600ms'):wait(); return STATE",
                    "=check")).arg1().tojstring());
            assertEquals(1, get(rt.call("tonumber", "1")).arg1().toint()); // the runtime goes on
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void modulePathAndCloseIsIdempotentAndFinal(FiberEngine engine) throws Exception {
        Path dir = Files.createTempDirectory("ward-modules");
        Files.writeString(dir.resolve("greeting.lua"), "return { text = 'from a file module' }\n");
        WardRuntime rt = WardRuntime.builder().engine(engine).modulePath(dir).build();
        assertEquals("from a file module", get(rt.eval("return require('greeting').text", "=m")).arg1().tojstring());
        rt.close();
        rt.close();
        assertEquals("the Ward runtime is closed", failure(rt.eval("return 1", "=late")).getMessage());
        assertEquals("the Ward runtime is closed", failure(rt.call("print")).getMessage());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void librarySetAndClasspathModules(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).withLibrary("os").withoutLibrary("string")
                .classpathModules(getClass().getClassLoader(), "lua").build()) {
            assertEquals("table nil function 42", get(rt.eval(
                    "return type(os) .. ' ' .. type(string) .. ' ' .. type(os.time) .. ' ' .. require('app.config').answer",
                    "=libs")).arg1().tojstring());
            // only the C locale exists for Ward (LuaJ claimed to switch to any locale)
            assertEquals("C C C nil", get(rt.eval("return os.setlocale() .. ' ' .. os.setlocale('C') .. ' '"
                    + " .. os.setlocale('') .. ' ' .. tostring(os.setlocale('pt_BR'))", "=locale")).arg1().tojstring());
        }
        try (WardRuntime rt = WardRuntime.builder().engine(engine).build()) {
            assertEquals("nil nil table", get(rt.eval("return type(os) .. ' ' .. type(io) .. ' ' .. type(string)",
                    "=defaults")).arg1().tojstring());
        }
        assertThrows(IllegalArgumentException.class, () -> WardRuntime.builder().withLibrary("luajava"));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void oneRuntimePerLoopOfAGroup(FiberEngine engine) throws Exception {
        DefaultEventLoopGroup group = new DefaultEventLoopGroup(3);
        try (WardRuntimeGroup runtimes = WardRuntimeGroup.create(group, b -> b.engine(engine))) {
            List<WardRuntime> all = runtimes.runtimes();
            assertEquals(3, all.size());
            for (io.netty.util.concurrent.EventExecutor e : group) {
                WardRuntime rt = runtimes.runtimeFor((EventLoop) e);
                assertSame(e, rt.loop());
                get(rt.eval("COUNT = (COUNT or 0) + 1", "=count"));
            }
            for (WardRuntime rt : all) { // shared-nothing: each has its own globals
                assertEquals(1, get(rt.eval("return COUNT", "=c")).arg1().toint());
            }
            DefaultEventLoop stranger = new DefaultEventLoop();
            assertThrows(IllegalArgumentException.class, () -> runtimes.runtimeFor(stranger));
            stranger.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }
}
