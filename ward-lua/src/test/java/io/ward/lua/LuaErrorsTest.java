package io.ward.lua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ward.core.CancelSignal;
import io.ward.core.fiber.FiberKilled;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.ZeroArgFunction;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JsePlatform;

/** Unit tests of {@link LuaErrors} against real LuaJ 3.0.1 errors. */
class LuaErrorsTest {

    /** Plain LuaJ (its own pcall/error), no debug library. */
    private static Globals plain() {
        Globals g = new Globals();
        g.load(new JseBaseLib());
        LoadState.install(g);
        LuaC.install(g);
        return g;
    }

    private static LuaError raise(Globals g, String code, String chunkName) {
        return assertThrows(LuaError.class, () -> g.load(code, chunkName).call());
    }

    // ------------------------------------------------------------------------------ value

    @Test
    void stringErrorGetsLuaPositionFormat() {
        LuaError e = raise(plain(), "local x = 1\nerror('boom')", "@script.lua");
        assertEquals("script.lua:2 boom", e.getMessage(), "LuaJ's own format (the reason for LuaErrors)");
        assertEquals("script.lua:2: boom", LuaErrors.value(e).tojstring());
        // Reading it changes nothing.
        assertEquals("script.lua:2 boom", e.getMessage());
        assertEquals("script.lua:2: boom", LuaErrors.value(e).tojstring());
    }

    @Test
    void chunkNamePrefixesAreDroppedLikeLua() {
        assertEquals("script.lua:1: boom", LuaErrors.value(raise(plain(), "error('boom')", "@script.lua")).tojstring());
        assertEquals("named:1: boom", LuaErrors.value(raise(plain(), "error('boom')", "=named")).tojstring());
    }

    @Test
    void runtimeErrorsAreFormattedToo() {
        LuaError e = raise(plain(), "local t\nreturn t.x", "@rt.lua");
        String v = LuaErrors.value(e).tojstring();
        assertTrue(v.startsWith("rt.lua:2: "), v);
        assertFalse(v.startsWith("rt.lua:2: rt.lua"), v);
    }

    @Test
    void nonStringValuesKeepTheirIdentity() {
        Globals g = plain();
        LuaError e = raise(g, "T = {code = 42}\nerror(T)", "@t.lua");
        assertSame(g.get("T"), LuaErrors.value(e));
        LuaTable t = new LuaTable();
        assertSame(t, LuaErrors.value(new LuaError(t)));
        LuaValue s = LuaValue.valueOf("as is");
        assertSame(s, LuaErrors.value(new LuaError(s)));
    }

    @Test
    void errorWithoutValueIsNil() {
        assertTrue(LuaErrors.value(raise(plain(), "error()", "@n.lua")).isnil());
        assertTrue(LuaErrors.value(new LuaError((String) null)).isnil());
    }

    @Test
    void plainLuaErrorWithoutPosition() {
        assertEquals("bad thing", LuaErrors.value(new LuaError("bad thing")).tojstring());
    }

    @Test
    void javaExceptionsGiveTheirMessageOnly() {
        assertEquals("task already joined",
                LuaErrors.value(new IllegalStateException("task already joined")).tojstring());
        assertEquals("internal error", LuaErrors.value(new RuntimeException()).tojstring());
        assertEquals("internal error", LuaErrors.value(new NullPointerException()).tojstring());
        assertEquals("inner", LuaErrors.value(new RuntimeException(new IllegalArgumentException("inner"))).tojstring());
        assertEquals("inner", LuaErrors.value(new CompletionException(new IllegalStateException("inner"))).tojstring());
        assertEquals("inner", LuaErrors.value(new ExecutionException(new IllegalStateException("inner"))).tojstring());
        assertEquals("outer", LuaErrors.value(new RuntimeException("outer", new IllegalStateException("inner"))).tojstring());
        assertEquals("internal error", LuaErrors.value(null).tojstring());
        // LuaJ's wrapper of a Java exception, without and with a position.
        assertEquals("task already joined",
                LuaErrors.value(new LuaError(new IllegalStateException("task already joined"))).tojstring());
        Globals g = plain();
        g.set("joined", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                throw new IllegalStateException("task already joined");
            }
        });
        LuaError e = raise(g, "\njoined()", "@j.lua");
        assertTrue(e.getMessage().contains("java.lang.IllegalStateException"), "LuaJ leaks the class name");
        assertEquals("j.lua:2: task already joined", LuaErrors.value(e).tojstring());
        // A wrapped LuaError keeps its value (table identity).
        LuaTable t = new LuaTable();
        assertSame(t, LuaErrors.value(new RuntimeException(new LuaError(t))));
    }

    @Test
    void vmErrorsHaveLuaTexts() {
        assertEquals("stack overflow", LuaErrors.value(new StackOverflowError()).tojstring());
        assertEquals("not enough memory", LuaErrors.value(new OutOfMemoryError("Java heap space")).tojstring());
        assertEquals("cancelled", LuaErrors.value(new CancelSignal()).tojstring());
    }

    @Test
    void tracebackIsNotPartOfTheValue() {
        Globals g = JsePlatform.debugGlobals();
        LuaError e = raise(g, "local function f() error('deep') end\nf()", "@tb.lua");
        assertTrue(e.getMessage().contains("stack traceback:"), e.getMessage());
        assertEquals("tb.lua:1: deep", LuaErrors.value(e).tojstring());
        String tb = LuaErrors.traceback(e);
        assertTrue(tb.startsWith("stack traceback:"), tb);
        assertTrue(tb.contains("tb.lua"), tb);
        // The field is restored after reading the raw message.
        assertTrue(e.getMessage().contains("stack traceback:"));
        assertTrue(LuaErrors.value(e).tojstring().equals("tb.lua:1: deep"));
    }

    @Test
    void noTracebackWithoutDebugLibrary() {
        assertNull(LuaErrors.traceback(raise(plain(), "error('x')", "@x.lua")));
        assertNull(LuaErrors.traceback(new IllegalStateException("x")));
        assertNull(LuaErrors.traceback(null));
    }

    // ------------------------------------------------------------------------------ toLuaError

    @Test
    void toLuaErrorKeepsValueErrorsAsTheyAre() {
        LuaTable t = new LuaTable();
        LuaError e = new LuaError(t);
        assertSame(e, LuaErrors.toLuaError(e));
        LuaError again = LuaErrors.toLuaError(LuaErrors.toLuaError(new IllegalStateException("x")));
        assertEquals("x", LuaErrors.value(again).tojstring());
    }

    @Test
    void toLuaErrorFreezesTheFormattedMessage() {
        LuaError original = raise(plain(), "\n\nerror('boom')", "@a.lua");
        LuaError carried = LuaErrors.toLuaError(original);
        assertEquals("a.lua:3: boom", LuaErrors.value(carried).tojstring());
        assertSame(original, carried.getCause());
        // Rethrown through another chunk, the value does not change.
        Globals g = plain();
        g.set("rethrow", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                throw carried;
            }
        });
        LuaError again = raise(g, "rethrow()", "@b.lua");
        assertEquals("a.lua:3: boom", LuaErrors.value(again).tojstring());
    }

    @Test
    void toLuaErrorOfJavaExceptions() {
        IllegalStateException ise = new IllegalStateException("task already joined");
        LuaError e = LuaErrors.toLuaError(ise);
        assertEquals("task already joined", LuaErrors.value(e).tojstring());
        assertSame(ise, e.getCause());
        assertEquals("stack overflow", LuaErrors.value(LuaErrors.toLuaError(new StackOverflowError())).tojstring());
    }

    // ------------------------------------------------------------------------------ isUnwinding

    @Test
    void unwindingClassification() {
        assertTrue(LuaErrors.isUnwinding(new CancelSignal()));
        assertTrue(LuaErrors.isUnwinding(new FiberKilled()));
        assertTrue(LuaErrors.isUnwinding(new OutOfMemoryError()));
        assertTrue(LuaErrors.isUnwinding(new AssertionError("x")));
        assertTrue(LuaErrors.isUnwinding(new NoClassDefFoundError("x")));
        assertTrue(LuaErrors.isUnwinding(new Error("x")));
        assertFalse(LuaErrors.isUnwinding(new StackOverflowError()));
        assertFalse(LuaErrors.isUnwinding(new LuaError("x")));
        assertFalse(LuaErrors.isUnwinding(new IllegalStateException("x")));
        assertFalse(LuaErrors.isUnwinding(new Exception("x")));
        assertFalse(LuaErrors.isUnwinding(null));
    }

    // ------------------------------------------------------------------------------ error / describe

    @Test
    void errorFunctionSemantics() {
        LuaTable t = new LuaTable();
        assertSame(t, LuaErrors.value(LuaErrors.error(t, 1)));
        assertTrue(LuaErrors.value(LuaErrors.error(LuaValue.NIL, 1)).isnil());
        LuaValue n = LuaErrors.value(LuaErrors.error(LuaValue.valueOf(42), 0));
        assertTrue(n.isnumber() && n.type() == LuaValue.TNUMBER && n.toint() == 42);
        assertEquals("x", LuaErrors.value(LuaErrors.error(LuaValue.valueOf("x"), 0)).tojstring());
        assertEquals("x", LuaErrors.value(LuaErrors.error(LuaValue.valueOf("x"), 1)).tojstring());
        // Unresolved level: no position, and no Java class name in its text.
        LuaError lvl = LuaErrors.error(LuaValue.valueOf("lvl"), 3);
        assertEquals("lvl", LuaErrors.value(lvl).tojstring());
        assertEquals("lvl", lvl.toString());
        assertEquals("lvl", lvl.getMessage());
    }

    @Test
    void levelErrorsCountLuaFrames() {
        Globals g = plain();
        g.set("raise", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                throw LuaErrors.error(LuaValue.valueOf("up"), 2);
            }
        });
        // raise() is called by f (level 1, line 1); f is called by the chunk on line 3 (level 2).
        LuaError e = raise(g, "local function f() raise() end\n\nf()", "@lv.lua");
        assertEquals("lv.lua:3: up", LuaErrors.value(e).tojstring());
        assertEquals("lv.lua:3: up", e.getMessage());
        // Once inspected, the value is frozen.
        assertEquals("lv.lua:3: up", LuaErrors.value(e).tojstring());
    }

    @Test
    void describeLikeTheStandaloneInterpreter() {
        assertEquals("msg", LuaErrors.describe(new LuaError("msg")));
        assertEquals("(error object is a table value)", LuaErrors.describe(new LuaError(new LuaTable())));
        assertEquals("(error object is a nil value)", LuaErrors.describe(new LuaError(LuaValue.NIL)));
        Globals g = plain();
        LuaValue withToString = g.load("return setmetatable({}, {__tostring = function() return 'custom' end})").call();
        assertEquals("custom", LuaErrors.describe(new LuaError(withToString)));
        assertEquals("42", LuaErrors.describe(new LuaError(LuaValue.valueOf(42))));
    }

    @Test
    void textBeyondTheBasicPlaneSurvivesTheRoundTrip() {
        String emoji = "caf\u00e9 \uD83D\uDE00"; // é is 2 bytes in UTF-8, the emoji 4
        LuaValue lua = LuaErrors.luaString(emoji);
        assertEquals(emoji.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, lua.checkstring().length());
        assertEquals(emoji, LuaErrors.text(lua));
        LuaError e = LuaErrors.error(lua, 0);
        assertEquals(emoji, LuaErrors.describe(e));
        assertEquals(emoji, LuaErrors.describe(new IllegalStateException(emoji)));
        assertEquals(lua, LuaErrors.value(new IllegalStateException(emoji)));
        assertEquals(lua, LuaErrors.value(LuaErrors.error(lua, 1)), "a string raised at level 1");
        assertEquals(lua, LuaErrors.value(LuaErrors.error(lua, 2)), "a string raised at level 2");
    }
}
