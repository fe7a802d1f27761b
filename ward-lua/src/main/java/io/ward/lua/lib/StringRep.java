package io.ward.lua.lib;

import io.ward.lua.Args;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code string.rep(s, n [, sep])} as Lua 5.2 defines it, replacing LuaJ's.
 *
 * <p>Why: LuaJ's version computes {@code #s * n} in a 32-bit int and has no {@code sep}. A
 * script could get a Java exception's text as the error ({@code string.rep("x", 2^31)} raised
 * {@code "-2147483648"}, {@code string.rep("x", -1)} raised {@code "-1"} where Lua returns
 * {@code ""}) or a silently empty string ({@code 2^62}). Here the size is computed in 64 bits:
 * {@code n <= 0} gives {@code ""}, a result longer than a Java array can hold raises Lua's
 * {@code resulting string too large} (Lua 5.3's answer; 5.2's int cast would return {@code ""}),
 * and anything that fits is built (a huge one may still exhaust the heap: the memory limit or
 * {@code not enough memory} then ends the run, as for any allocation).
 *
 * <p>Stateless and thread-safe.
 */
final class StringRep extends VarArgFunction {
    static final String TOO_LARGE = "resulting string too large";
    /** The longest byte array the JVM reliably allocates (also {@code table.concat}'s bound). */
    static final long MAX_LENGTH = Integer.MAX_VALUE - 8;

    @Override
    public Varargs invoke(Varargs args) {
        LuaString s = StringArgs.checkString(args, 1, "rep");
        long n = count(Args.checkNumber(args, 2, "rep"));
        LuaString sep = args.isnoneornil(3) ? null : StringArgs.checkString(args, 3, "rep");
        int sepLength = sep == null ? 0 : sep.length();
        if (n <= 0 || s.length() + sepLength == 0) {
            return LuaValue.EMPTYSTRING;
        }
        if ((s.length() + sepLength) > (MAX_LENGTH + sepLength) / n) {
            throw new LuaError(TOO_LARGE);
        }
        int total = (int) (s.length() * n + sepLength * (n - 1));
        byte[] out = new byte[total];
        int at = 0;
        for (long i = 0; i < n; i++) {
            if (i > 0 && sepLength > 0) {
                sep.copyInto(0, out, at, sepLength);
                at += sepLength;
            }
            s.copyInto(0, out, at, s.length());
            at += s.length();
        }
        return LuaString.valueUsing(out);
    }

    /** The count as luaL_checkint takes it (truncated toward zero), without wrapping around. */
    private static long count(double d) {
        if (Double.isNaN(d)) {
            return 0;
        }
        return d >= 0x1p62 ? Long.MAX_VALUE / 2 : (long) d; // (long) of -inf is Long.MIN_VALUE: <= 0
    }
}
