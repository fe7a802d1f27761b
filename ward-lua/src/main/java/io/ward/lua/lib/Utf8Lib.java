package io.ward.lua.lib;

import io.ward.lua.Args;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Stateless and thread-safe LuaJ implementation of the Lua 5.3 {@code utf8} library: one instance
 * may be loaded into any number of globals, and its functions may run on any thread.
 *
 * <p>The surface and behaviour follow the Lua 5.3 reference manual §6.5 and the Lua 5.3.6
 * implementation ({@code lutf8lib.c}): {@code utf8.char}, {@code utf8.charpattern},
 * {@code utf8.codepoint}, {@code utf8.len}, {@code utf8.offset} and {@code utf8.codes}, with the
 * same argument handling, the same decoding strictness (overlong encodings and code points above
 * {@code U+10FFFF} are rejected; surrogates are accepted, as in 5.3) and the same error messages.
 * All byte logic works directly on the bytes of {@link LuaString}; nothing goes through
 * {@link String}.
 *
 * <p>Install it like any LuaJ library: {@code globals.load(new Utf8Lib())}. That sets the global
 * {@code utf8}, registers it as {@code package.loaded.utf8} when the {@code package} library is
 * present, and returns the table.
 */
public final class Utf8Lib extends TwoArgFunction {

    /** Largest valid Unicode code point. */
    static final int MAXUNICODE = 0x10FFFF;

    /** Lua 5.3's {@code utf8.charpattern}: {@code "[\0-\x7F\xC2-\xF4][\x80-\xBF]*"}. */
    static final byte[] CHARPATTERN = {
        '[', 0, '-', 0x7F, (byte) 0xC2, '-', (byte) 0xF4, ']',
        '[', (byte) 0x80, '-', (byte) 0xBF, ']', '*',
    };

    /**
     * {@code codepoint} refuses byte slices this long, as Lua 5.3 does when the slice exceeds its
     * stack limit ({@code LUAI_MAXSTACK}, one million slots).
     */
    static final int MAX_RESULTS = 1_000_000;

    /** Message raised for malformed input by {@code codepoint} and the {@code codes} iterator. */
    static final String MSG_INVALID = "invalid UTF-8 code";

    /** Result of {@link #decode} for an invalid byte sequence. */
    private static final long INVALID = -1L;

    /** Indexed by the number of continuation bytes: code points at or below are overlong. */
    private static final int[] LIMITS = {0xFF, 0x7F, 0x7FF, 0xFFFF};

    private static final LuaValue ZERO = LuaValue.valueOf(0);

    public Utf8Lib() {
    }

    /**
     * Builds the {@code utf8} table, stores it as {@code env.utf8} (and in
     * {@code package.loaded.utf8} if {@code package.loaded} exists) and returns it.
     */
    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable utf8 = new LuaTable();
        utf8.set("char", new Char());
        utf8.set("charpattern", LuaString.valueOf(CHARPATTERN.clone()));
        utf8.set("codepoint", new Codepoint());
        utf8.set("len", new Len());
        utf8.set("offset", new Offset());
        utf8.set("codes", new Codes());
        env.set("utf8", utf8);
        LuaValue pkg = env.get("package");
        if (pkg.istable()) {
            LuaValue loaded = pkg.get("loaded");
            if (loaded.istable()) {
                loaded.set("utf8", utf8);
            }
        }
        return utf8;
    }

    // ------------------------------------------------------------------------------------------
    // Library functions
    // ------------------------------------------------------------------------------------------

    /** {@code utf8.char(...)}: the concatenated UTF-8 encodings of the given code points. */
    static final class Char extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            int n = args.narg();
            byte[] buf = new byte[4 * n];
            int len = 0;
            for (int i = 1; i <= n; i++) {
                long code = Args.checkInteger(args, i, "char");
                if (code < 0 || code > MAXUNICODE) {
                    throw Args.badArgument(i, "char", "value out of range");
                }
                len = encode((int) code, buf, len);
            }
            return LuaString.valueUsing(buf, 0, len);
        }
    }

    /** {@code utf8.codepoint(s [, i [, j]])}: the code points of the characters starting in [i, j]. */
    static final class Codepoint extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = checkLuaString(args, 1, "codepoint");
            int len = s.m_length;
            long posi = posrelat(Args.optInteger(args, 2, "codepoint", 1), len);
            long pose = posrelat(Args.optInteger(args, 3, "codepoint", posi), len);
            if (posi < 1) {
                throw Args.badArgument(2, "codepoint", "out of range");
            }
            if (pose > len) {
                throw Args.badArgument(3, "codepoint", "out of range");
            }
            if (posi > pose) {
                return NONE; // empty interval: no values
            }
            if (pose - posi >= Integer.MAX_VALUE) { // (cannot happen with Java arrays; kept from 5.3)
                throw new LuaError("string slice too long");
            }
            int slice = (int) (pose - posi) + 1;
            if (slice >= MAX_RESULTS) { // like luaL_checkstack(L, n, "string slice too long")
                throw new LuaError("stack overflow (string slice too long)");
            }
            LuaValue[] codes = new LuaValue[slice];
            int n = 0;
            long p = posi - 1;
            while (p < pose) {
                long r = decode(s, p);
                if (r == INVALID) {
                    throw new LuaError(MSG_INVALID);
                }
                codes[n++] = LuaValue.valueOf(decodedCode(r));
                p = decodedNext(r);
            }
            return n == 1 ? codes[0] : LuaValue.varargsOf(codes, 0, n);
        }
    }

    /**
     * {@code utf8.len(s [, i [, j]])}: the number of characters starting in [i, j], or
     * {@code nil} plus the position of the first invalid byte.
     */
    static final class Len extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = checkLuaString(args, 1, "len");
            int len = s.m_length;
            long posi = posrelat(Args.optInteger(args, 2, "len", 1), len);
            long posj = posrelat(Args.optInteger(args, 3, "len", -1), len);
            if (!(1 <= posi && --posi <= len)) {
                throw Args.badArgument(2, "len", "initial position out of string");
            }
            if (!(--posj < len)) {
                throw Args.badArgument(3, "len", "final position out of string");
            }
            long n = 0;
            while (posi <= posj) {
                long r = decode(s, posi);
                if (r == INVALID) {
                    return LuaValue.varargsOf(NIL, integer(posi + 1));
                }
                posi = decodedNext(r);
                n++;
            }
            return integer(n);
        }
    }

    /**
     * {@code utf8.offset(s, n [, i])}: the byte position where the n-th character counting from
     * position i starts; {@code n == 0} finds the start of the character containing byte i.
     */
    static final class Offset extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = checkLuaString(args, 1, "offset");
            int len = s.m_length;
            long n = Args.checkInteger(args, 2, "offset");
            long posi = n >= 0 ? 1 : (long) len + 1;
            posi = posrelat(Args.optInteger(args, 3, "offset", posi), len);
            if (!(1 <= posi && --posi <= len)) {
                throw Args.badArgument(3, "offset", "position out of range");
            }
            if (n == 0) {
                // find the beginning of the current byte sequence
                while (posi > 0 && isCont(s, posi)) {
                    posi--;
                }
            } else {
                if (isCont(s, posi)) {
                    throw new LuaError("initial position is a continuation byte");
                }
                if (n < 0) {
                    while (n < 0 && posi > 0) { // move back
                        do { // find the beginning of the previous character
                            posi--;
                        } while (posi > 0 && isCont(s, posi));
                        n++;
                    }
                } else {
                    n--; // do not move for the first character
                    while (n > 0 && posi < len) {
                        do { // find the beginning of the next character
                            posi++;
                        } while (isCont(s, posi)); // (the virtual '\0' at len stops it)
                        n--;
                    }
                }
            }
            return n == 0 ? integer(posi + 1) : NIL;
        }
    }

    /** {@code utf8.codes(s)}: returns the iterator, {@code s} and 0 for a generic {@code for}. */
    static final class Codes extends VarArgFunction {
        private static final LuaValue ITERATOR = new CodesIterator();

        @Override
        public Varargs invoke(Varargs args) {
            checkLuaString(args, 1, "codes");
            return LuaValue.varargsOf(ITERATOR, args.arg1(), ZERO);
        }
    }

    /**
     * The iterator returned by {@code utf8.codes}: given the string and the previous byte
     * position (0 to start), returns the next position and its code point, or nothing at the end.
     */
    static final class CodesIterator extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = checkLuaString(args, 1, "for iterator");
            int len = s.m_length;
            long n = toInteger(args.arg(2)) - 1;
            if (n < 0) { // first iteration?
                n = 0;
            } else if (n < len) {
                n++; // skip the current byte
                while (isCont(s, n)) { // and its continuations
                    n++;
                }
            }
            if (n >= len) {
                return NONE; // no more code points
            }
            long r = decode(s, n);
            if (r == INVALID || isCont(s, decodedNext(r))) {
                throw new LuaError(MSG_INVALID);
            }
            return LuaValue.varargsOf(integer(n + 1), LuaValue.valueOf(decodedCode(r)));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Byte-level helpers (all positions are 0-based byte offsets into the LuaString)
    // ------------------------------------------------------------------------------------------

    /**
     * Decodes one UTF-8 sequence starting at byte {@code pos}, exactly like Lua 5.3.6's
     * {@code utf8_decode}: bytes at or past the end read as {@code '\0'} (the C terminator).
     * Returns {@link #INVALID}, or the code point and the position just after the sequence packed
     * as {@code code << 32 | next}.
     */
    static long decode(LuaString s, long pos) {
        int c = byteAt(s, pos);
        int res;
        int count = 0; // number of continuation bytes
        if (c < 0x80) {
            res = c;
        } else {
            long acc = 0;
            while ((c & 0x40) != 0) { // still have continuation bytes?
                int cc = byteAt(s, pos + ++count);
                if ((cc & 0xC0) != 0x80) {
                    return INVALID; // not a continuation byte
                }
                acc = (acc << 6) | (cc & 0x3F);
                c <<= 1; // test the next bit
            }
            if (count > 3) {
                return INVALID;
            }
            acc |= (long) (c & 0x7F) << (count * 5); // add the bits of the first byte
            if (acc > MAXUNICODE || acc <= LIMITS[count]) {
                return INVALID; // too large, or an overlong encoding
            }
            res = (int) acc;
        }
        return ((long) res << 32) | (pos + count + 1);
    }

    static int decodedCode(long decoded) {
        return (int) (decoded >>> 32);
    }

    static long decodedNext(long decoded) {
        return decoded & 0xFFFFFFFFL;
    }

    /** Writes the UTF-8 encoding of {@code code} (0..0x10FFFF) at {@code buf[at]}; returns the new end. */
    static int encode(int code, byte[] buf, int at) {
        if (code < 0x80) {
            buf[at++] = (byte) code;
        } else if (code < 0x800) {
            buf[at++] = (byte) (0xC0 | (code >> 6));
            buf[at++] = (byte) (0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            buf[at++] = (byte) (0xE0 | (code >> 12));
            buf[at++] = (byte) (0x80 | ((code >> 6) & 0x3F));
            buf[at++] = (byte) (0x80 | (code & 0x3F));
        } else {
            buf[at++] = (byte) (0xF0 | (code >> 18));
            buf[at++] = (byte) (0x80 | ((code >> 12) & 0x3F));
            buf[at++] = (byte) (0x80 | ((code >> 6) & 0x3F));
            buf[at++] = (byte) (0x80 | (code & 0x3F));
        }
        return at;
    }

    /** The unsigned byte at 0-based {@code pos}, or 0 at or past the end (C's terminator). */
    static int byteAt(LuaString s, long pos) {
        return pos < s.m_length ? s.m_bytes[s.m_offset + (int) pos] & 0xFF : 0;
    }

    /** Whether the byte at 0-based {@code pos} is a UTF-8 continuation byte (10xxxxxx). */
    static boolean isCont(LuaString s, long pos) {
        return (byteAt(s, pos) & 0xC0) == 0x80;
    }

    /** Lua's {@code u_posrelat}: a negative position counts back from the end; too far gives 0. */
    static long posrelat(long pos, int len) {
        if (pos >= 0) {
            return pos;
        } else if (pos < -(long) len) {
            return 0;
        } else {
            return len + pos + 1;
        }
    }

    /** Like {@code luaL_checklstring}: a string, or a number converted to one. */
    static LuaString checkLuaString(Varargs args, int index, String fname) {
        LuaValue v = args.arg(index);
        if (!v.isstring()) {
            throw Args.typeError(index, fname, "string", index > args.narg() ? LuaValue.NONE : v);
        }
        return v.checkstring();
    }

    /** Like {@code lua_tointeger}: the integer value of a number or numeric string, else 0. */
    static long toInteger(LuaValue v) {
        if (!v.isnumber()) {
            return 0;
        }
        double d = v.todouble();
        if (d != Math.rint(d) || Math.abs(d) >= 0x1p63) {
            return 0;
        }
        return (long) d;
    }

    /** A Lua number for an integral position or count. */
    static LuaValue integer(long v) {
        return v == (int) v ? LuaValue.valueOf((int) v) : LuaValue.valueOf((double) v);
    }
}
