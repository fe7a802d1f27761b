package io.ward.lua.lib;

import io.ward.lua.Args;
import io.ward.lua.WardRuntime;
import io.ward.lua.limits.ExecutionHook;
import io.ward.lua.lang.ByteOutput;
import io.ward.lua.lang.LuaFormat;
import io.ward.lua.lang.LuaFormatException;
import io.ward.lua.lang.LuaNumberFormat;
import io.ward.lua.lang.LuaPatternException;
import io.ward.lua.lang.PatternMatcher;
import io.ward.lua.lang.Substitution;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

import java.nio.charset.StandardCharsets;

/**
 * Stateless and thread-safe: Ward's {@code string} library, Lua 5.2.4's on bytes, replacing
 * LuaJ's {@code StringLib} (whose {@code format} ignores precisions and whose patterns lack
 * {@code %g}, loop on empty {@code gmatch} matches and overflow the Java stack).
 *
 * <p>One function object per Lua function; the byte logic lives in {@code io.ward.lua.lang}
 * ({@link LuaFormat}, {@link PatternMatcher}, {@link Substitution}). {@code string.dump} is
 * absent and {@code string.rep} is {@link StringRep}. Install with
 * {@code globals.load(new WardStringLib())}: sets the global {@code string} and
 * {@code package.loaded.string}; the string metatable is {@link StringMetatable}'s business.
 *
 * <p>Over 400 lines on purpose: the thirteen functions of one Lua library, each a small
 * class, with the byte logic already outside; split, the shared argument handling would
 * have to be published to a second class.
 */
public final class WardStringLib extends TwoArgFunction {

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable string = new LuaTable();
        string.set("byte", new ByteCodes());
        string.set("char", new Char());
        string.set("find", new Find(true));
        string.set("format", new Format());
        string.set("gmatch", new Gmatch());
        string.set("gsub", new Gsub(env instanceof Globals g ? g : null));
        string.set("len", new Len());
        string.set("lower", new Case(false));
        string.set("match", new Find(false));
        string.set("rep", new StringRep());
        string.set("reverse", new Reverse());
        string.set("sub", new Sub());
        string.set("upper", new Case(true));
        env.set("string", string);
        LuaValue pkg = env.get("package");
        if (pkg.istable() && pkg.get("loaded").istable()) {
            pkg.get("loaded").set("string", string);
        }
        return string;
    }

    /** Base of the functions here: a Lua name and a Lua-style {@code tostring}. */
    private abstract static class Function extends VarArgFunction {
        Function(String name) {
            this.name = name;
        }

        @Override
        public String tojstring() {
            return "function: " + name;
        }
    }

    /**
     * Given to every {@link PatternMatcher}: a long search stops when the running runtime's
     * {@link ExecutionHook} was interrupted (timeout, host request), as Lua code would.
     */
    private static final Runnable INTERRUPT_CHECK = () -> {
        WardRuntime rt = WardRuntime.current();
        ExecutionHook hook = rt == null ? null : rt.executionHook();
        if (hook != null) {
            hook.checkInterrupted();
        }
    };

    private static PatternMatcher matcher(LuaString s, LuaString p) {
        PatternMatcher m = new PatternMatcher(s.m_bytes, s.m_offset, s.m_length, p.m_bytes, p.m_offset, p.m_length);
        m.setCheckpoint(INTERRUPT_CHECK);
        return m;
    }

    private static LuaError luaError(LuaPatternException e) {
        return new LuaError(e.getMessage());
    }

    /** {@code string.len(s)}. */
    private static final class Len extends Function {
        Len() {
            super("len");
        }

        @Override
        public Varargs invoke(Varargs args) {
            return valueOf(StringArgs.checkString(args, 1, name).m_length);
        }
    }

    /** {@code string.sub(s, i [, j])}. */
    private static final class Sub extends Function {
        Sub() {
            super("sub");
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = StringArgs.checkString(args, 1, name);
            int l = s.m_length;
            long start = StringArgs.relative(StringArgs.checkInteger(args, 2, name), l);
            long end = StringArgs.relative(StringArgs.optInteger(args, 3, name, -1), l);
            if (start < 1) {
                start = 1;
            }
            if (end > l) {
                end = l;
            }
            if (start > end) {
                return EMPTYSTRING;
            }
            return s.substring((int) start - 1, (int) end);
        }
    }

    /** {@code string.byte(s [, i [, j]])}. */
    private static final class ByteCodes extends Function {
        /** Lua's stack limit ({@code LUAI_MAXSTACK}) bounds the values one call returns. */
        private static final int MAX_RESULTS = 1_000_000 - 50;

        ByteCodes() {
            super("byte");
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = StringArgs.checkString(args, 1, name);
            int l = s.m_length;
            long posi = StringArgs.relative(StringArgs.optInteger(args, 2, name, 1), l);
            long pose = StringArgs.relative(StringArgs.optInteger(args, 3, name, posi), l);
            if (posi < 1) {
                posi = 1;
            }
            if (pose > l) {
                pose = l;
            }
            if (posi > pose) {
                return NONE;
            }
            int n = (int) (pose - posi + 1);
            if (n > MAX_RESULTS) {
                throw new LuaError("stack overflow (string slice too long)");
            }
            int from = s.m_offset + (int) posi - 1;
            if (n == 1) {
                return valueOf(s.m_bytes[from] & 0xff);
            }
            LuaValue[] v = new LuaValue[n];
            for (int k = 0; k < n; k++) {
                v[k] = valueOf(s.m_bytes[from + k] & 0xff);
            }
            return varargsOf(v);
        }
    }

    /** {@code string.char(...)}. */
    private static final class Char extends Function {
        Char() {
            super("char");
        }

        @Override
        public Varargs invoke(Varargs args) {
            int n = args.narg();
            byte[] b = new byte[n];
            for (int i = 1; i <= n; i++) {
                int c = (int) StringArgs.checkInteger(args, i, name); // luaL_checkint: an int cast
                if ((c & 0xff) != c) {
                    throw Args.badArgument(i, name, "value out of range");
                }
                b[i - 1] = (byte) c;
            }
            return LuaString.valueUsing(b);
        }
    }

    /** {@code string.reverse(s)}. */
    private static final class Reverse extends Function {
        Reverse() {
            super("reverse");
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = StringArgs.checkString(args, 1, name);
            int l = s.m_length;
            byte[] b = new byte[l];
            for (int i = 0; i < l; i++) {
                b[i] = s.m_bytes[s.m_offset + l - 1 - i];
            }
            return LuaString.valueUsing(b);
        }
    }

    /** {@code string.upper(s)} and {@code string.lower(s)}: ASCII letters only (the C locale). */
    private static final class Case extends Function {
        private final boolean upper;

        Case(boolean upper) {
            super(upper ? "upper" : "lower");
            this.upper = upper;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = StringArgs.checkString(args, 1, name);
            int l = s.m_length;
            byte[] b = new byte[l];
            int from = upper ? 'a' : 'A';
            for (int i = 0; i < l; i++) {
                int c = s.m_bytes[s.m_offset + i];
                b[i] = (byte) (c >= from && c < from + 26 ? c ^ 0x20 : c);
            }
            return LuaString.valueUsing(b);
        }
    }

    /** {@code string.format(fmt, ...)} by {@link LuaFormat}. */
    private static final class Format extends Function {
        Format() {
            super("format");
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaString f = StringArgs.checkString(args, 1, name);
            byte[] fmt = f.m_offset == 0 && f.m_length == f.m_bytes.length
                    ? f.m_bytes // LuaFormat only reads it
                    : java.util.Arrays.copyOfRange(f.m_bytes, f.m_offset, f.m_offset + f.m_length);
            try {
                return LuaString.valueUsing(LuaFormat.format(fmt, new LuaFormatArguments(args)));
            } catch (LuaFormatException e) {
                if (e.argument() > 0) {
                    throw Args.badArgument(e.argument(), name, e.reason());
                }
                // chars stand for bytes: an invalid option can be any byte
                throw new LuaError(LuaString.valueUsing(e.luaMessage(name).getBytes(StandardCharsets.ISO_8859_1)));
            }
        }
    }

    /** {@code string.find(s, pattern [, init [, plain]])} and {@code string.match(s, pattern [, init])}. */
    private static final class Find extends Function {
        private final boolean find;

        Find(boolean find) {
            super(find ? "find" : "match");
            this.find = find;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = StringArgs.checkString(args, 1, name);
            LuaString p = StringArgs.checkString(args, 2, name);
            int ls = s.m_length;
            long init = StringArgs.relative(StringArgs.optInteger(args, 3, name, 1), ls);
            if (init < 1) {
                init = 1;
            } else if (init > ls + 1L) {
                return NIL;
            }
            byte[] pb = p.m_bytes;
            int pOff = p.m_offset;
            int lp = p.m_length;
            if (find && (args.arg(4).toboolean() || !PatternMatcher.hasSpecials(pb, pOff, lp))) {
                int at = PatternMatcher.indexOf(s.m_bytes, s.m_offset + (int) init - 1, s.m_offset + ls, pb, pOff, lp);
                if (at < 0) {
                    return NIL;
                }
                int start = at - s.m_offset + 1;
                return varargsOf(valueOf(start), valueOf(start + lp - 1));
            }
            boolean anchor = lp > 0 && pb[pOff] == '^';
            int patFrom = anchor ? pOff + 1 : pOff;
            PatternMatcher m = matcher(s, p);
            try {
                int s1 = s.m_offset + (int) init - 1;
                int end = s.m_offset + ls;
                do {
                    int e = m.match(s1, patFrom);
                    if (e >= 0) {
                        if (find) {
                            LuaValue start = valueOf(s1 - s.m_offset + 1);
                            LuaValue stop = valueOf(e - s.m_offset);
                            int n = m.level();
                            if (n == 0) {
                                return varargsOf(start, stop);
                            }
                            LuaValue[] v = new LuaValue[n + 2];
                            v[0] = start;
                            v[1] = stop;
                            for (int i = 0; i < n; i++) {
                                v[i + 2] = capture(m, i, s, s1, e);
                            }
                            return varargsOf(v);
                        }
                        return captures(m, s, s1, e);
                    }
                } while (s1++ < end && !anchor);
            } catch (LuaPatternException e) {
                throw luaError(e);
            }
            return NIL;
        }
    }

    /** {@code string.gmatch(s, pattern)}: an iterator over the matches (5.2 has no init). */
    private static final class Gmatch extends Function {
        Gmatch() {
            super("gmatch");
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = StringArgs.checkString(args, 1, name);
            LuaString p = StringArgs.checkString(args, 2, name);
            return new Iterator(s, p);
        }
    }

    /**
     * The state of one {@code gmatch} loop. Confined to the runtime's context. As in Lua 5.2 it
     * is a C closure whose three upvalues are the subject, the pattern and the position of the
     * next search ({@link CUpvalues}, for the full {@code debug} library).
     */
    private static final class Iterator extends VarArgFunction implements CUpvalues {
        private LuaString s;
        private LuaString p;
        private PatternMatcher m;
        private int next;
        private Object[] cells;

        Iterator(LuaString s, LuaString p) {
            this.s = s;
            this.p = p;
            this.m = matcher(s, p);
            this.next = s.m_offset;
        }

        @Override
        public int upvalueCount() {
            return 3;
        }

        @Override
        public LuaValue upvalue(int i) {
            return i == 1 ? s : i == 2 ? p : valueOf(next - s.m_offset);
        }

        @Override
        public void setUpvalue(int i, LuaValue v) {
            if (i == 3) {
                next = s.m_offset + Math.max(0, v.isnumber() ? v.toint() : 0);
                return;
            }
            if (!v.isstring()) { // Lua would keep it and crash on the next call
                throw Args.badArgument(3, "setupvalue", "string expected, got " + v.typename());
            }
            LuaString str = v.checkstring();
            int pos = next - s.m_offset;
            if (i == 1) {
                s = str;
            } else {
                p = str;
            }
            m = matcher(s, p);
            next = s.m_offset + pos;
        }

        @Override
        public Object upvalueCell(int i) {
            if (cells == null) {
                cells = new Object[] {new Object(), new Object(), new Object()};
            }
            return cells[i - 1];
        }

        @Override
        public String tojstring() {
            return "function: " + Integer.toHexString(System.identityHashCode(this)); // as a table prints
        }

        @Override
        public Varargs invoke(Varargs args) {
            int end = s.m_offset + s.m_length;
            try {
                for (int src = next; src <= end; src++) {
                    int e = m.match(src, p.m_offset);
                    if (e >= 0) {
                        next = e == src ? e + 1 : e;
                        return captures(m, s, src, e);
                    }
                }
            } catch (LuaPatternException e) {
                throw luaError(e);
            }
            next = end + 1;
            return NONE;
        }
    }

    /** {@code string.gsub(s, pattern, repl [, n])}. */
    private static final class Gsub extends Function {
        private final Globals globals;

        Gsub(Globals globals) {
            super("gsub");
            this.globals = globals;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = StringArgs.checkString(args, 1, name);
            LuaString p = StringArgs.checkString(args, 2, name);
            LuaValue repl = args.arg(3);
            int tr = repl.type();
            long max = StringArgs.optInteger(args, 4, name, s.m_length + 1L);
            Substitution.Replacement r;
            if (tr == TNUMBER || tr == TSTRING) {
                LuaString t = StringArgs.checkString(args, 3, name);
                r = Substitution.template(t.m_bytes, t.m_offset, t.m_length, s.m_bytes);
            } else if (tr == TTABLE) {
                r = (m, start, stop, out) -> append(repl.get(capture(m, 0, s, start, stop)), s, start, stop, out);
            } else if (tr == TFUNCTION) {
                r = (m, start, stop, out) -> append(
                        WardCoroutine.withoutYields(globals, repl,
                                () -> repl.invoke(captures(m, s, start, stop))).arg1(),
                        s, start, stop, out);
            } else {
                throw Args.badArgument(3, name, "string/function/table expected");
            }
            byte[] pb = p.m_bytes;
            boolean anchor = p.m_length > 0 && pb[p.m_offset] == '^';
            PatternMatcher m = matcher(s, p);
            ByteOutput out = new ByteOutput(s.m_length + 16);
            long n;
            try {
                n = Substitution.gsub(m, anchor ? p.m_offset + 1 : p.m_offset, anchor, max, r, s.m_bytes, out);
            } catch (LuaPatternException e) {
                throw luaError(e);
            }
            return varargsOf(LuaString.valueUsing(out.toByteArray()), valueOf((int) n));
        }

        /** Lua's {@code add_value} after the table or function: false/nil keeps the match. */
        private static void append(LuaValue v, LuaString s, int start, int stop, ByteOutput out) {
            if (!v.toboolean()) {
                out.append(s.m_bytes, start, stop - start);
            } else if (v.type() == TSTRING) {
                LuaString t = (LuaString) v;
                out.append(t.m_bytes, t.m_offset, t.m_length);
            } else if (v.type() == TNUMBER) {
                out.appendLatin1(LuaNumberFormat.toLuaString(v.todouble()));
            } else {
                throw new LuaError("invalid replacement value (a " + v.typename() + ")");
            }
        }
    }

    /** Lua's {@code push_captures}: the captures, or the whole match when there are none. */
    static Varargs captures(PatternMatcher m, LuaString s, int start, int end) {
        int n = m.level();
        if (n == 0) {
            return s.substring(start - s.m_offset, end - s.m_offset);
        }
        if (n == 1) {
            return capture(m, 0, s, start, end);
        }
        LuaValue[] v = new LuaValue[n];
        for (int i = 0; i < n; i++) {
            v[i] = capture(m, i, s, start, end);
        }
        return LuaValue.varargsOf(v);
    }

    /** Lua's {@code push_onecapture}: capture {@code i}, a position, or the whole match for 0 of none. */
    static LuaValue capture(PatternMatcher m, int i, LuaString s, int start, int end) {
        if (i >= m.level()) {
            if (i != 0) {
                throw luaError(PatternMatcher.invalidReplacementCapture());
            }
            return s.substring(start - s.m_offset, end - s.m_offset);
        }
        int from = m.captureStart(i);
        if (m.isPosition(i)) {
            return LuaValue.valueOf(from - s.m_offset + 1);
        }
        int len = m.captureLength(i);
        return s.substring(from - s.m_offset, from - s.m_offset + len);
    }
}
