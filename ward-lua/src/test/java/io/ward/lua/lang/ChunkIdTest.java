package io.ward.lua.lang;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link ChunkId} on its own: Lua 5.2's {@code luaO_chunkid} limits, byte for byte (the
 * differential test against {@code lua5.2} is {@link ChunkNamesDifferentialTest}), and what
 * only Ward has to care about: a slice of a larger array, a zero byte, UTF-8 characters at a cut.
 */
class ChunkIdTest {
    @Test
    void theThreeForms() {
        assertEquals("x", ChunkId.of("=x"));
        assertEquals("f.lua", ChunkId.of("@f.lua"));
        assertEquals("[string \"modname\"]", ChunkId.of("modname"));
        assertEquals("[string \"\"]", ChunkId.of(""));
        assertEquals("", ChunkId.of("="));
        assertEquals("", ChunkId.of("@"));
    }

    @Test
    void limits() {
        assertEquals("e".repeat(59), ChunkId.of("=" + "e".repeat(59)));
        assertEquals("e".repeat(59), ChunkId.of("=" + "e".repeat(80)));
        assertEquals("p".repeat(59), ChunkId.of("@" + "p".repeat(59)));
        assertEquals("..." + "p".repeat(56), ChunkId.of("@" + "p".repeat(60)));
        assertEquals("[string \"" + "n".repeat(44) + "\"]", ChunkId.of("n".repeat(44)));
        assertEquals("[string \"" + "n".repeat(45) + "...\"]", ChunkId.of("n".repeat(45)));
        assertEquals("[string \"a...\"]", ChunkId.of("a\nb"));
        assertEquals("[string \"...\"]", ChunkId.of("\nb"));
    }

    @Test
    void aNameEndsAtAZeroByte() {
        assertEquals("[string \"a\"]", ChunkId.of("a\0b"));
        assertEquals("f", ChunkId.of("@f\0" + "x".repeat(100)));
    }

    @Test
    void aSliceOfALongText() {
        byte[] text = ("xx" + "y".repeat(1_000_000)).getBytes(StandardCharsets.US_ASCII);
        assertEquals("[string \"" + "y".repeat(45) + "...\"]",
                new String(ChunkId.of(text, 2, text.length - 2), StandardCharsets.US_ASCII));
    }

    @Test
    void aCutNeverSplitsAUtf8Character() {
        // 'é' is two bytes: 44 ASCII bytes and then it would end at byte 46, past the 45 kept
        assertEquals("[string \"" + "a".repeat(44) + "...\"]", ChunkId.of("a".repeat(44) + "\u00e9\u00e9"));
        assertEquals("..." + "\u00e9".repeat(28), ChunkId.of("@" + "\u00e9".repeat(40)));
        // the 56 bytes kept would start inside an 'é': Lua prints the stray byte, Ward drops it
        assertEquals("..." + "\u00e9".repeat(27) + "b", ChunkId.of("@" + "\u00e9".repeat(40) + "b"));
    }
}
