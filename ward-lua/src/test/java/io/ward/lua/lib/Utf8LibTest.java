package io.ward.lua.lib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.JsePlatform;

class Utf8LibTest {

    private static Globals globals() {
        Globals globals = JsePlatform.standardGlobals();
        globals.load(new Utf8Lib());
        return globals;
    }

    private static Path script() {
        for (String candidate : new String[] {"src/test/lua/utf8.lua", "ward-lua/src/test/lua/utf8.lua"}) {
            Path p = Paths.get(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("utf8.lua not found from " + Paths.get("").toAbsolutePath());
    }

    private static LuaValue eval(Globals globals, String chunk) {
        return globals.load(chunk, "=test").call();
    }

    private static byte[] bytes(LuaValue v) {
        LuaString s = v.checkstring();
        byte[] out = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, out, 0, s.m_length);
        return out;
    }

    @Test
    void luaScriptPasses() throws Exception {
        Globals globals = globals();
        LuaValue chunk;
        try (InputStream in = Files.newInputStream(script())) {
            chunk = globals.load(in, "@utf8.lua", "t", globals);
        }
        LuaValue checks = chunk.call();
        assertTrue(checks.toint() > 250, "the script ran only " + checks + " checks");
    }

    @Test
    void installsGlobalAndPackageLoaded() {
        Globals globals = globals();
        LuaValue utf8 = globals.get("utf8");
        assertTrue(utf8.istable());
        assertSame(utf8, globals.get("package").get("loaded").get("utf8"));
        assertSame(utf8, eval(globals, "return require('utf8')"));
        for (String f : new String[] {"char", "codepoint", "len", "offset", "codes"}) {
            assertTrue(utf8.get(f).isfunction(), f);
        }
    }

    @Test
    void loadReturnsTableWithoutPackageLibrary() {
        Globals bare = new Globals();
        LuaValue table = new Utf8Lib().call(LuaValue.valueOf(""), bare);
        assertTrue(table.istable());
        assertSame(table, bare.get("utf8"));
    }

    @Test
    void charpatternIsTheLua53Bytes() {
        LuaValue pattern = globals().get("utf8").get("charpattern");
        byte[] expected = {
            '[', 0, '-', 0x7F, (byte) 0xC2, '-', (byte) 0xF4, ']',
            '[', (byte) 0x80, '-', (byte) 0xBF, ']', '*',
        };
        assertArrayEquals(expected, bytes(pattern));
    }

    @Test
    void charEncodesBytesDirectly() {
        LuaValue utf8 = globals().get("utf8");
        Varargs r = utf8.get("char").invoke(LuaValue.varargsOf(new LuaValue[] {
            LuaValue.valueOf(0x41), LuaValue.valueOf(0xE9), LuaValue.valueOf(0x20AC),
            LuaValue.valueOf(0x1F600), LuaValue.valueOf(0xD800),
        }));
        assertEquals(1, r.narg());
        assertArrayEquals(new byte[] {
            0x41,
            (byte) 0xC3, (byte) 0xA9,
            (byte) 0xE2, (byte) 0x82, (byte) 0xAC,
            (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80,
            (byte) 0xED, (byte) 0xA0, (byte) 0x80,
        }, bytes(r.arg1()));
    }

    @Test
    void decodesSubstringsWithANonZeroOffset() {
        // A LuaString that is a view into a larger array must be read from its own offset.
        byte[] backing = {(byte) 0xFF, 'x', (byte) 0xE4, (byte) 0xBD, (byte) 0xA0, 'y', (byte) 0xC3};
        LuaString view = LuaString.valueUsing(backing, 1, 5); // "x" .. U+4F60 .. "y"
        LuaValue utf8 = globals().get("utf8");
        assertEquals(3, utf8.get("len").call(view).toint());
        Varargs cps = utf8.get("codepoint").invoke(LuaValue.varargsOf(view, LuaValue.valueOf(1), LuaValue.valueOf(-1)));
        assertEquals(3, cps.narg());
        assertEquals('x', cps.arg(1).toint());
        assertEquals(0x4F60, cps.arg(2).toint());
        assertEquals('y', cps.arg(3).toint());
        // the byte after the view (0xC3) must not be read as part of the string
        assertEquals(6, utf8.get("offset").call(view, LuaValue.valueOf(4)).toint());
    }

    @Test
    void lenReportsFirstInvalidPosition() {
        Varargs r = globals().get("utf8").get("len").invoke(LuaValue.valueOf(new byte[] {'a', 'b', (byte) 0x80}));
        assertEquals(2, r.narg());
        assertTrue(r.arg1().isnil());
        assertEquals(3, r.arg(2).toint());
    }

    @Test
    void errorsUseLuaMessages() {
        LuaValue utf8 = globals().get("utf8");
        LuaError e = assertThrows(LuaError.class, () -> utf8.get("char").call(LuaValue.valueOf(0x110000)));
        assertEquals("bad argument #1 to 'char' (value out of range)", e.getMessage());
        e = assertThrows(LuaError.class, () -> utf8.get("char").call(LuaValue.valueOf(1.5)));
        assertEquals("bad argument #1 to 'char' (number has no integer representation)", e.getMessage());
        e = assertThrows(LuaError.class, () -> utf8.get("char").call(LuaValue.valueOf("x")));
        assertEquals("bad argument #1 to 'char' (number expected, got string)", e.getMessage());
        e = assertThrows(LuaError.class, () -> utf8.get("len").call());
        assertEquals("bad argument #1 to 'len' (string expected, got no value)", e.getMessage());
        e = assertThrows(LuaError.class,
            () -> utf8.get("codepoint").call(LuaValue.valueOf("abc"), LuaValue.valueOf(1), LuaValue.valueOf(9)));
        assertEquals("bad argument #3 to 'codepoint' (out of range)", e.getMessage());
        e = assertThrows(LuaError.class, () -> utf8.get("codepoint").call(LuaValue.valueOf(new byte[] {(byte) 0xC0, (byte) 0x80})));
        assertEquals("invalid UTF-8 code", e.getMessage());
        e = assertThrows(LuaError.class, () -> utf8.get("offset").call(
            LuaValue.valueOf(new byte[] {(byte) 0xC3, (byte) 0xA9}), LuaValue.valueOf(1), LuaValue.valueOf(2)));
        assertEquals("initial position is a continuation byte", e.getMessage());
    }

    @Test
    void errorsRaisedFromLuaCodeCarryThePosition() {
        Globals globals = globals();
        LuaValue msg = eval(globals,
            "local ok, err = pcall(function() local n = utf8.len('abc', 9) end) return err");
        assertLocated("bad argument #2 to 'len' (initial position out of string)", msg);
        msg = eval(globals,
            "local ok, err = pcall(function() for p in utf8.codes('\\255') do end end) return err");
        assertLocated("invalid UTF-8 code", msg);
    }

    /** LuaJ prefixes errors raised by library code with the calling chunk's position ("=test:1 "). */
    private static void assertLocated(String message, LuaValue actual) {
        String m = actual.tojstring();
        assertTrue(m.contains("test:1") && m.endsWith(" " + message), m);
    }

    @Test
    void codesIteratesInAForLoop() {
        LuaValue r = eval(globals(),
            "local t = {} for p, c in utf8.codes('a\\195\\169\\228\\189\\160') do t[#t + 1] = p .. ':' .. c end "
                + "return table.concat(t, ' ')");
        assertEquals("1:97 2:233 4:20320", r.tojstring());
    }

    @Test
    void oneLibraryInstanceServesSeveralGlobals() {
        Utf8Lib lib = new Utf8Lib();
        Globals a = JsePlatform.standardGlobals();
        Globals b = JsePlatform.standardGlobals();
        a.load(lib);
        b.load(lib);
        assertEquals(4, eval(a, "return utf8.len('a\\195\\169\\228\\189\\160\\240\\157\\132\\158')").toint());
        assertEquals(2, eval(b, "return utf8.offset('a\\195\\169', 2)").toint());
    }
}
