package io.ward.lua.lang;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lua 5.2's {@code luaO_chunkid}: a chunk's name ({@code source}, kept as given to
 * {@code load}) as it is printed in error positions, {@code short_src} and tracebacks.
 * {@code =name} prints {@code name}, {@code @file} prints {@code file} (the end of it after
 * {@code ...} when long), anything else {@code [string "first line..."]}, all within
 * {@link #LUA_IDSIZE} bytes; the name ends at a zero byte, as a C string does.
 *
 * <p>One difference, for names with non-ASCII characters only: a cut never splits a UTF-8
 * character (Lua cuts at the byte and prints the broken sequence); the cut moves to the
 * character's edge, so the result may be a few bytes shorter.
 */
public final class ChunkId {
    /** Lua 5.2's {@code LUA_IDSIZE}: the buffer, its terminating zero included. */
    public static final int LUA_IDSIZE = 60;

    private static final byte[] RETS = bytes("...");
    private static final byte[] PRE = bytes("[string \"");
    private static final byte[] POS = bytes("\"]");

    private ChunkId() {
    }

    /** The printed form of the chunk name {@code source} (UTF-8 text). */
    public static String of(String source) {
        return new String(of(source.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** The printed form of the chunk name {@code source} (Lua bytes). */
    public static byte[] of(byte[] source) {
        return of(source, 0, source.length);
    }

    /** The printed form of the chunk name in {@code bytes[off, off + len)}. */
    public static byte[] of(byte[] bytes, int off, int len) {
        // strlen; only a file name's end is printed, so other names (a chunk's whole text, say)
        // are read no further than the 61 bytes that decide how they print
        int scan = len > 0 && bytes[off] == '@' ? len : Math.min(len, LUA_IDSIZE + 1);
        int l = 0;
        while (l < scan && bytes[off + l] != 0) {
            l++;
        }
        byte[] source = Arrays.copyOfRange(bytes, off, off + l);
        ByteOutput out = new ByteOutput(LUA_IDSIZE);
        if (l > 0 && source[0] == '=') {
            int n = Math.min(l - 1, LUA_IDSIZE - 1);
            out.append(source, 1, prefixEnd(source, 1, n) - 1);
        } else if (l > 0 && source[0] == '@') {
            if (l <= LUA_IDSIZE) {
                out.append(source, 1, l - 1);
            } else {
                int keep = LUA_IDSIZE - RETS.length - 1; // the last bytes, the zero not counted
                int from = l - keep;
                while (from < l && (source[from] & 0xC0) == 0x80) {
                    from++; // not inside a character
                }
                out.append(RETS, 0, RETS.length);
                out.append(source, from, l - from);
            }
        } else {
            int room = LUA_IDSIZE - (PRE.length + RETS.length + POS.length) - 1;
            int nl = indexOf(source, l, (byte) '\n');
            out.append(PRE, 0, PRE.length);
            if (l < room && nl < 0) {
                out.append(source, 0, l);
            } else {
                int n = nl >= 0 ? nl : l;
                if (n > room) {
                    n = room;
                }
                out.append(source, 0, prefixEnd(source, 0, n));
                out.append(RETS, 0, RETS.length);
            }
            out.append(POS, 0, POS.length);
        }
        return out.toByteArray();
    }

    /** {@code from + n}, moved back to the start of the character it would split. */
    private static int prefixEnd(byte[] s, int from, int n) {
        int end = from + n;
        while (end > from && end < s.length && (s[end] & 0xC0) == 0x80) {
            end--;
        }
        return end;
    }

    private static int indexOf(byte[] s, int length, byte b) {
        for (int i = 0; i < length; i++) {
            if (s[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }
}
