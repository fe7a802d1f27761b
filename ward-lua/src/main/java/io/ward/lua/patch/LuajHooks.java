package io.ward.lua.patch;

import io.ward.lua.lang.ChunkId;
import io.ward.lua.lang.LuaArithmetic;
import io.ward.lua.lang.LuaNumberFormat;
import io.ward.lua.lang.LuaNumberParser;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

import java.nio.charset.StandardCharsets;

/**
 * The Lua 5.2 number semantics that LuaJ's patched methods call ({@link LuajPatcher} lists
 * them). Public only because the patched LuaJ classes live in another package: not an API.
 * Each method is what one patched LuaJ method now does; the logic behind them is in
 * {@link LuaNumberFormat} and {@link LuaNumberParser}.
 */
public final class LuajHooks {
    private LuajHooks() {
    }

    /**
     * A chunk name ({@code Prototype.source}, kept as given to {@code load}) as Lua 5.2 prints
     * it ({@link ChunkId}); {@code ?} for none. Every place that prints a chunk name uses this.
     */
    public static String chunkid(LuaString source) {
        if (source == null) {
            return "?";
        }
        return new String(ChunkId.of(source.m_bytes, source.m_offset, source.m_length), StandardCharsets.UTF_8);
    }

    /**
     * {@code LuaClosure.processErrorHooks}'s position of instruction {@code pc} of {@code p}:
     * {@code chunk:line}, the chunk name as Lua prints it ({@link #chunkid}).
     */
    public static String fileline(Prototype p, int pc) {
        int[] lines = p.lineinfo;
        return chunkid(p.source) + ":" + (lines != null && pc >= 0 && pc < lines.length ? String.valueOf(lines[pc]) : "?");
    }

    /**
     * {@code LuaDouble.valueOf}: LuaJ keeps whole numbers as {@code LuaInteger}, which has no
     * {@code -0}; a negative zero must stay a double so that it prints {@code -0} as in Lua.
     */
    public static boolean fitsLuaInteger(double d) {
        return d == (int) d && Double.doubleToRawLongBits(d) != Double.doubleToRawLongBits(-0.0);
    }

    /**
     * {@code a / b} as Lua 5.2 on x86-64 computes it ({@link LuaArithmetic#divide}): LuaJ
     * special-cased a zero divisor ({@code 1/-0} gave {@code inf}, {@code 0/0} a positive NaN).
     */
    public static double divide(double a, double b) {
        return LuaArithmetic.divide(a, b);
    }

    /** {@code a % b}: Lua 5.2's {@code luai_nummod} ({@link LuaArithmetic#modulo}). */
    public static double modulo(double a, double b) {
        return LuaArithmetic.modulo(a, b);
    }

    /** {@code -v} of a LuaJ integer: {@code -0} is a double in Lua 5.2. */
    public static LuaValue negate(int v) {
        return LuaValue.valueOf(-(double) v);
    }

    /** {@code a * b} of LuaJ integers: Lua multiplies doubles, so {@code 0 * -1} is {@code -0}. */
    public static LuaValue multiply(int a, int b) {
        return LuaValue.valueOf((double) a * b);
    }

    /** {@code tonumber(s, base)} on a LuaJ string's bytes; NaN when not a numeral or base is out of range. */
    public static double parseInBase(byte[] bytes, int off, int len, int base) {
        if (base < 2 || base > 36) {
            return Double.NaN;
        }
        byte[] s = off == 0 && len == bytes.length ? bytes : java.util.Arrays.copyOfRange(bytes, off, off + len);
        return LuaNumberParser.parseInBase(s, base);
    }

    /**
     * A numeral in Lua source, as LuaJ's lexer collected it (its chars are bytes, and it ends
     * with the NUL the lexer appends); NaN when Lua 5.2's lexer says "malformed number".
     */
    public static double parseNumeral(String numeral) {
        byte[] s = withoutNul(numeral).getBytes(StandardCharsets.ISO_8859_1);
        return LuaNumberParser.parse(s, 0, s.length);
    }

    private static String withoutNul(String numeral) {
        int len = numeral.length();
        while (len > 0 && numeral.charAt(len - 1) == 0) {
            len--;
        }
        return numeral.substring(0, len);
    }
}
