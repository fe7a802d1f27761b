package io.ward.lua.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ward.core.CancelSignal;
import io.ward.core.fiber.FiberKilled;
import io.ward.lua.LuaErrors;
import io.ward.lua.limits.ExecutionHook;
import java.io.ByteArrayInputStream;
import java.io.FileReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The base environment as Ward builds it (standard libraries, {@link ProtectedCallLib},
 * {@link Sandbox}): runs {@code base_errors.lua} and {@code base_sandbox.lua} and checks what
 * the scripts cannot see from Lua (Java exceptions, unwinding errors, files, the debug library).
 */
class BaseEnvironmentTest {

    static Globals globals() {
        Globals g = new Globals();
        g.load(new JseBaseLib());
        g.load(new PackageLib());
        g.load(new TableLib());
        g.load(new StringLib());
        g.load(new JseMathLib());
        g.load(new ProtectedCallLib());
        LoadState.install(g);
        LuaC.install(g);
        Sandbox.restrict(g);
        return g;
    }

    static Path script(String name) {
        for (String dir : new String[] {"src/test/lua/", "ward-lua/src/test/lua/"}) {
            Path p = Paths.get(dir + name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException(name + " not found from " + Paths.get("").toAbsolutePath());
    }

    /** Runs a script with the given chunk name; a Lua error fails the test with its Lua text. */
    private static int run(Globals g, String name, String chunkName) throws Exception {
        LuaValue chunk;
        try (Reader in = new FileReader(script(name).toFile(), StandardCharsets.UTF_8)) {
            chunk = g.load(in, chunkName);
        }
        try {
            return chunk.call().toint();
        } catch (LuaError e) {
            throw new AssertionError(name + ": " + LuaErrors.value(e).tojstring(), e);
        }
    }

    private static LuaValue eval(Globals g, String code) {
        return g.load(code, "@test.lua").call();
    }

    private static Varargs evalAll(Globals g, String code) {
        return g.load(code, "@test.lua").invoke();
    }

    private static LuaValue thrower(String name, RuntimeException e) {
        return thrower(name, () -> e);
    }

    private static LuaValue thrower(String name, java.util.function.Supplier<Throwable> t) {
        return new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                Throwable x = t.get();
                if (x instanceof RuntimeException) {
                    throw (RuntimeException) x;
                }
                throw (Error) x;
            }
        };
    }

    // ---------------------------------------------------------------------------- scripts

    @Test
    void baseErrorsScriptPasses() throws Exception {
        int checks = run(globals(), "base_errors.lua", "=base_errors.lua");
        assertTrue(checks >= 55, "the script ran only " + checks + " checks");
    }

    @Test
    void baseErrorsScriptPassesWithAtChunkName() throws Exception {
        int checks = run(globals(), "base_errors.lua", "@base_errors.lua");
        assertTrue(checks >= 55, "the script ran only " + checks + " checks");
    }

    @Test
    void baseSandboxScriptPasses() throws Exception {
        Globals g = globals();
        // LuaJ keeps the string metatable in a JVM-wide static that the first StringLib ever
        // loaded in this JVM sets (Ward replaces it with per-runtime dispatch): point it at this
        // environment while the script runs, so ("x").dump sees the sandboxed string table.
        LuaValue saved = LuaString.s_metatable;
        LuaString.s_metatable = LuaValue.tableOf(new LuaValue[] {LuaValue.INDEX, g.get("string")});
        try {
            int checks = run(g, "base_sandbox.lua", "base_sandbox.lua");
            assertTrue(checks >= 55, "the script ran only " + checks + " checks");
        } finally {
            LuaString.s_metatable = saved;
        }
    }

    // ---------------------------------------------------------------------------- pcall

    @Test
    void pcallReportsJavaExceptionsByTheirMessage() {
        Globals g = globals();
        g.set("joined", thrower("joined", new IllegalStateException("task already joined")));
        Varargs direct = evalAll(g, "return pcall(joined)");
        assertEquals(LuaValue.FALSE, direct.arg1());
        assertEquals("task already joined", direct.arg(2).tojstring());

        Varargs nested = evalAll(g, "return pcall(function() joined() end)");
        assertEquals("test.lua:1: task already joined", nested.arg(2).tojstring());

        g.set("npe", thrower("npe", new NullPointerException()));
        Varargs npe = evalAll(g, "return pcall(npe)");
        assertEquals("internal error", npe.arg(2).tojstring());
    }

    @Test
    void pcallLetsUnwindingErrorsPass() {
        Globals g = globals();
        g.set("cancel", thrower("cancel", CancelSignal::new));
        g.set("kill", thrower("kill", FiberKilled::new));
        g.set("oom", thrower("oom", () -> new OutOfMemoryError("Java heap space")));
        g.set("bug", thrower("bug", () -> new AssertionError("bug")));
        assertThrows(CancelSignal.class, () -> eval(g, "pcall(cancel)"));
        assertThrows(CancelSignal.class, () -> eval(g, "pcall(function() pcall(cancel) end)"));
        assertThrows(CancelSignal.class, () -> eval(g, "xpcall(cancel, function(m) return m end)"));
        assertThrows(FiberKilled.class, () -> eval(g, "pcall(function() local x = 1 + 1; kill() end)"));
        assertThrows(OutOfMemoryError.class, () -> eval(g, "pcall(oom)"));
        assertThrows(AssertionError.class, () -> eval(g, "pcall(bug)"));
        // An unwinding error raised inside an xpcall handler passes too.
        assertThrows(CancelSignal.class, () -> eval(g, "xpcall(error, function() cancel() end, 'x')"));
        // The environment is still usable afterwards.
        assertEquals(3, eval(g, "return select(2, pcall(function() return 3 end))").toint());
    }

    @Test
    void stackOverflowWithoutPcallIsReportedAsStackOverflow() {
        Globals g = globals();
        StackOverflowError e = assertThrows(StackOverflowError.class,
                () -> eval(g, "local function f() return 1 + f() end return f()"));
        assertEquals("stack overflow", LuaErrors.value(e).tojstring());
        assertFalse(LuaErrors.isUnwinding(e));
    }

    @Test
    void uncaughtErrorValues() {
        Globals g = globals();
        LuaError top = assertThrows(LuaError.class, () -> eval(g, "local x = 1\nerror('top')"));
        assertEquals("test.lua:2: top", LuaErrors.value(top).tojstring());

        LuaError table = assertThrows(LuaError.class, () -> eval(g, "T = {}; error(T)"));
        assertSame(g.get("T"), LuaErrors.value(table));

        // Level 2 names the Java caller of the chunk: no position, as in Lua.
        LuaError level2 = assertThrows(LuaError.class, () -> eval(g, "error('up', 2)"));
        assertEquals("up", LuaErrors.value(level2).tojstring());

        LuaError level0 = assertThrows(LuaError.class, () -> eval(g, "error('zero', 0)"));
        assertEquals("zero", LuaErrors.value(level0).tojstring());
    }

    @Test
    void errorValueSurvivesRethrowThroughJavaAndOtherChunks() {
        Globals g = globals();
        LuaError first = assertThrows(LuaError.class,
                () -> g.load("local function f() error('boom') end\nf()", "@task.lua").call());
        LuaError carried = LuaErrors.toLuaError(first);
        g.set("rethrow", thrower("rethrow", carried));
        Varargs r = g.load("return pcall(function() rethrow() end)", "@waiter.lua").invoke();
        assertEquals("task.lua:1: boom", r.arg(2).tojstring());

        LuaTable t = new LuaTable();
        LuaError tableError = new LuaError(t);
        assertSame(tableError, LuaErrors.toLuaError(tableError));
        g.set("rethrowTable", thrower("rethrowTable", LuaErrors.toLuaError(tableError)));
        assertSame(t, g.load("return select(2, pcall(function() rethrowTable() end))", "@w.lua").call());
    }

    // ---------------------------------------------------------------------------- debug library

    @Test
    void debugLibraryStaysBalancedAndTracebacksAreFound() {
        // Ward's own hook, as runtimes install it: LuaJ's stock DebugLib can lose a few returns
        // to a stack overflow inside pcall (ExecutionHook's class comment), which this checks
        // the hook's pcall wrapper puts right. depth() counts the hook's traceback lines.
        Globals d = JsePlatform.standardGlobals();
        d.load(new ProtectedCallLib());
        ExecutionHook hook = ExecutionHook.install(d, 0);
        d.set("depth", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                return LuaValue.valueOf(hook.traceback(1).split("\n").length);
            }
        });
        String code = String.join("\n",
                "local before = depth()",
                "for i = 1, 50 do",
                "  pcall(error, 'x')",
                "  pcall(function() error({}) end)",
                "  xpcall(error, function(m) return m end, 'y')",
                "  pcall(function() local function f() return 1 + f() end return f() end)",
                "end",
                "local ok, e = pcall(function() error('boom') end)",
                "assert(string.find(e, '^dbg.lua:8: boom$'), e)",
                "return before, depth()");
        Varargs r = d.load(code, "@dbg.lua").invoke();
        assertEquals(r.arg(1).toint(), r.arg(2).toint(), "call stack depth before/after pcalls");

        LuaError e = assertThrows(LuaError.class,
                () -> d.load("local function f() error('deep') end\nf()", "@tb.lua").call());
        assertEquals("tb.lua:1: deep", LuaErrors.value(e).tojstring());
        String tb = LuaErrors.traceback(e);
        assertTrue(tb != null && tb.startsWith("stack traceback:"), String.valueOf(tb));
        assertTrue(LuaErrors.traceback(LuaErrors.toLuaError(e)) != null, "traceback kept through toLuaError");
    }

    // ---------------------------------------------------------------------------- sandbox

    @Test
    void searchersAreExactlyPreloadAndLuaFiles() {
        Globals g = globals();
        LuaTable searchers = g.get("package").get("searchers").checktable();
        assertEquals(2, searchers.length());
        assertSame(g.package_.preload_searcher, searchers.get(1));
        assertSame(g.package_.lua_searcher, searchers.get(2));
        assertTrue(searchers.get(3).isnil());
        // The table require reads is the one in the package table.
        searchers.set(1, LuaValue.NIL);
        searchers.set(1, g.package_.preload_searcher);
        // Idempotent.
        Sandbox.restrict(g);
        assertEquals(2, g.get("package").get("searchers").length());
    }

    @Test
    void javaClassesCannotBeRequired() {
        Globals g = globals();
        Varargs r = evalAll(g, "return pcall(require, 'org.luaj.vm2.lib.jse.LuajavaLib')");
        assertEquals(LuaValue.FALSE, r.arg1());
        assertFalse(r.arg(2).tojstring().contains("no class"), r.arg(2).tojstring());
        // On plain LuaJ the same require works: the searcher removed is the one that did it.
        Globals plain = JsePlatform.standardGlobals();
        assertTrue(plain.load("return pcall(require, 'org.luaj.vm2.lib.jse.LuajavaLib')").invoke().arg1().toboolean());
    }

    @Test
    void standardLibrariesThatMustBeAbsentAreRemovedIfLoaded() {
        Globals g = JsePlatform.standardGlobals();
        g.load(new ProtectedCallLib());
        Sandbox.restrict(g);
        for (String name : new String[] {"io", "os", "debug", "luajava"}) {
            assertTrue(g.get(name).isnil(), name);
            assertTrue(g.get("package").get("loaded").get(name).isnil(), "package.loaded." + name);
        }
        assertTrue(g.get("string").get("dump").isnil());
        assertTrue(g.get("coroutine").istable(), "other libraries stay");
    }

    @Test
    void binaryChunksAreRefusedEverywhere(@TempDir Path dir) throws Exception {
        byte[] binary = {0x1B, 'L', 'u', 'a', 0x52, 0, 1, 4, 4, 4, 8, 0};
        Path bin = dir.resolve("binmod.lua");
        Files.write(bin, binary);
        Path txt = dir.resolve("txtmod.lua");
        Files.writeString(txt, "return { answer = 42 }");
        String binPath = bin.toString().replace('\\', '/');
        String txtPath = txt.toString().replace('\\', '/');

        Globals g = globals();
        g.get("package").set("path", dir.toString().replace('\\', '/') + "/?.lua");
        g.set("BIN", binPath);
        g.set("TXT", txtPath);

        assertEquals(42, eval(g, "return require('txtmod').answer").toint());
        Varargs req = evalAll(g, "return pcall(require, 'binmod')");
        assertEquals(LuaValue.FALSE, req.arg1());
        String msg = req.arg(2).tojstring();
        assertTrue(msg.contains("attempt to load a binary chunk (mode is 't')"), msg);
        assertFalse(msg.contains("org.luaj") || msg.contains("java."), msg);

        Varargs lf = evalAll(g, "return loadfile(BIN)");
        assertTrue(lf.arg1().isnil());
        assertEquals("attempt to load a binary chunk (mode is 't')", lf.arg(2).tojstring());
        Varargs lfb = evalAll(g, "return loadfile(BIN, 'b')");
        assertEquals("attempt to load a binary chunk (mode is 't')", lfb.arg(2).tojstring());
        Varargs lft = evalAll(g, "return loadfile(TXT, 'b')");
        assertEquals("attempt to load a text chunk (mode is 'b')", lft.arg(2).tojstring());
        assertEquals(42, eval(g, "return loadfile(TXT, 't')().answer").toint());
        assertEquals(42, eval(g, "return loadfile(TXT)().answer").toint());

        Varargs df = evalAll(g, "return pcall(dofile, BIN)");
        assertEquals(LuaValue.FALSE, df.arg1());
        assertTrue(df.arg(2).tojstring().endsWith("attempt to load a binary chunk (mode is 't')"), df.arg(2).tojstring());
        assertEquals(42, eval(g, "return dofile(TXT).answer").toint());

        // From Java too.
        LuaError fromJava = assertThrows(LuaError.class,
                () -> g.load(new ByteArrayInputStream(binary), "bin", "bt", g));
        assertEquals("attempt to load a binary chunk (mode is 't')", LuaErrors.value(fromJava).tojstring());
        LuaError viaLoadfile = assertThrows(LuaError.class, () -> g.loadfile(binPath));
        assertFalse(viaLoadfile.getMessage().contains("org.luaj"), viaLoadfile.getMessage());
    }

    @Test
    void loadlibIsDisabled() {
        Varargs r = evalAll(globals(), "return package.loadlib('/lib/libc.so.6', 'puts')");
        assertEquals(3, r.narg());
        assertTrue(r.arg1().isnil());
        assertEquals("dynamic libraries not enabled", r.arg(2).tojstring());
        assertEquals("absent", r.arg(3).tojstring());
    }

    @Test
    void protectedFunctionsHaveLuaNames() {
        Globals g = globals();
        assertTrue(g.get("pcall") instanceof VarArgFunction);
        // Printed like LuaJ's own base functions ("function: select").
        assertEquals("function: select", g.get("select").tojstring());
        assertEquals("function: pcall", g.get("pcall").tojstring());
        assertEquals("function: xpcall", g.get("xpcall").tojstring());
        assertEquals("function: error", g.get("error").tojstring());
        assertEquals("function: load", g.get("load").tojstring());
        assertEquals("function: loadfile", g.get("loadfile").tojstring());
        assertEquals("function: loadlib", g.get("package").get("loadlib").tojstring());
        assertEquals("function: pcall", evalAll(g, "return tostring(pcall)").arg1().tojstring());
    }
}
