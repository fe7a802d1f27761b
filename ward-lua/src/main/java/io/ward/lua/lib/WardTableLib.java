package io.ward.lua.lib;

import io.ward.lua.Args;
import io.ward.lua.lang.LuaCasts;
import io.ward.lua.lang.LuaNumberFormat;
import io.ward.lua.lang.LuaSort;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.WardTables;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Stateless and thread-safe: Lua 5.2.4's {@code table} library ({@code concat}, {@code insert},
 * {@code maxn}, {@code pack}, {@code remove}, {@code sort}, {@code unpack}) and the global
 * {@code unpack} of a 5.2 built with its compatibility options, replacing LuaJ's.
 *
 * <p>As in 5.2.4, elements are read and written raw (no {@code __index}/{@code __newindex}),
 * while the length is {@code #t} with {@code __len} honoured and must be a number
 * ({@code object length is not a number}); positions and lengths are C ints converted like
 * {@code luaL_checkint} ({@link LuaCasts#toInt}). {@code sort} is {@link LuaSort}. Errors carry
 * Lua 5.2's texts; argument errors name the short function name ({@code 'insert'}), as a
 * direct call in reference Lua does.
 */
public final class WardTableLib extends TwoArgFunction {
    /** Lua 5.2's {@code LUAI_MAXSTACK}: no call returns this many values or more. */
    static final int MAX_RESULTS = 1_000_000;

    /**
     * The most values {@code unpack} returns: 5.2 refuses when they would not fit in its stack of
     * {@link #MAX_RESULTS} slots, a little fewer than a million depending on the depth.
     */
    static final int MAX_UNPACK = MAX_RESULTS - 40;

    public WardTableLib() {
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable t = new LuaTable();
        t.set("concat", new Concat());
        t.set("insert", new Insert());
        t.set("maxn", new Maxn());
        t.set("pack", new Pack());
        t.set("remove", new Remove());
        t.set("sort", new Sort(env instanceof Globals g ? g : null));
        Unpack unpack = new Unpack();
        t.set("unpack", unpack);
        env.set("table", t);
        env.set("unpack", unpack);
        LuaValue pkg = env.get("package");
        if (pkg.istable() && pkg.get("loaded").istable()) {
            pkg.get("loaded").set("table", t);
        }
        return t;
    }

    /** {@code luaL_len}: {@code #v} honouring {@code __len}, as a C int. */
    static int lengthOf(LuaValue v) {
        int raw = WardTables.rawLength(v);
        if (raw >= 0) {
            return raw;
        }
        LuaValue n = v.len();
        if (!n.isnumber()) {
            throw new LuaError("object length is not a number");
        }
        return LuaCasts.toInt(n.todouble());
    }

    static int checkInt(Varargs args, int index, String fname) {
        return LuaCasts.toInt(Args.checkNumber(args, index, fname));
    }

    static int optInt(Varargs args, int index, String fname, int fallback) {
        return args.arg(index).isnil() ? fallback : checkInt(args, index, fname);
    }

    /** A library function printing as {@code function: name}. */
    abstract static class Named extends VarArgFunction {
        Named(String name) {
            this.name = name;
        }

        @Override
        public String tojstring() {
            return "function: " + name;
        }
    }

    static final class Concat extends Named {
        Concat() {
            super("concat");
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaString sep = LuaString.valueOf("");
            if (!args.arg(2).isnil()) {
                LuaValue s = args.arg(2);
                if (!s.isstring()) {
                    throw Args.typeError(2, name, "string", s);
                }
                sep = s.strvalue();
            }
            LuaTable t = (LuaTable) Args.checkTable(args, 1, name);
            int i = optInt(args, 3, name, 1);
            int last = args.arg(4).isnil() ? lengthOf(t) : checkInt(args, 4, name);
            if (i > last) {
                return LuaValue.EMPTYSTRING;
            }
            // the pieces first, then one array of the exact size: no growing buffer copied again
            java.util.List<LuaString> pieces = new java.util.ArrayList<>();
            long size = 0;
            for (int k = i; ; k++) { // up to last included, without overflowing at Integer.MAX_VALUE
                LuaString piece = piece(t, k);
                pieces.add(piece);
                size += piece.m_length + (k < last ? sep.m_length : 0);
                if (size > StringRep.MAX_LENGTH) {
                    throw new LuaError(StringRep.TOO_LARGE);
                }
                if (k == last) {
                    break;
                }
            }
            byte[] out = new byte[(int) size];
            int at = 0;
            for (int k = 0; k < pieces.size(); k++) {
                if (k > 0) {
                    sep.copyInto(0, out, at, sep.m_length);
                    at += sep.m_length;
                }
                LuaString piece = pieces.get(k);
                piece.copyInto(0, out, at, piece.m_length);
                at += piece.m_length;
            }
            return LuaString.valueUsing(out);
        }

        private static LuaString piece(LuaTable t, int i) {
            LuaValue v = t.rawget(i);
            if (v.type() == TNUMBER) {
                return LuaString.valueOf(LuaNumberFormat.toLuaString(v.todouble()));
            } else if (v.type() == TSTRING) {
                return v.strvalue();
            }
            throw new LuaError("invalid value (" + v.typename() + ") at index " + i + " in table for 'concat'");
        }
    }

    static final class Insert extends Named {
        Insert() {
            super("insert");
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaTable t = (LuaTable) Args.checkTable(args, 1, name);
            int e = lengthOf(t) + 1;
            int pos;
            switch (args.narg()) {
                case 2:
                    pos = e;
                    break;
                case 3:
                    pos = checkInt(args, 2, name);
                    if (pos < 1 || pos > e) {
                        throw Args.badArgument(2, name, "position out of bounds");
                    }
                    if (!WardTables.moveInArray(t, pos, pos + 1, e - pos)) {
                        for (int i = e; i > pos; i--) {
                            t.rawset(i, t.rawget(i - 1));
                        }
                    }
                    break;
                default:
                    throw new LuaError("wrong number of arguments to 'insert'");
            }
            t.rawset(pos, args.arg(args.narg()));
            return NONE;
        }
    }

    static final class Remove extends Named {
        Remove() {
            super("remove");
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaTable t = (LuaTable) Args.checkTable(args, 1, name);
            int size = lengthOf(t);
            int pos = optInt(args, 2, name, size);
            if (pos != size && (pos < 1 || pos > size + 1)) {
                throw Args.badArgument(1, name, "position out of bounds");
            }
            LuaValue result = t.rawget(pos);
            if (pos < size && WardTables.moveInArray(t, pos + 1, pos, size - pos)) {
                pos = size;
            }
            for (; pos < size; pos++) {
                t.rawset(pos, t.rawget(pos + 1));
            }
            t.rawset(pos, NIL);
            return result;
        }
    }

    static final class Maxn extends Named {
        Maxn() {
            super("maxn");
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaTable t = (LuaTable) Args.checkTable(args, 1, name);
            double max = 0;
            LuaValue k = NIL;
            while (true) {
                Varargs n = t.next(k);
                k = n.arg1();
                if (k.isnil()) {
                    break;
                }
                if (k.type() == TNUMBER && k.todouble() > max) {
                    max = k.todouble();
                }
            }
            return valueOf(max);
        }
    }

    static final class Pack extends Named {
        Pack() {
            super("pack");
        }

        @Override
        public Varargs invoke(Varargs args) {
            int n = args.narg();
            LuaTable t = new LuaTable(n, 1);
            for (int i = 1; i <= n; i++) {
                t.rawset(i, args.arg(i));
            }
            t.rawset("n", valueOf(n));
            return t;
        }
    }

    static final class Unpack extends Named {
        Unpack() {
            super("unpack");
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaTable t = (LuaTable) Args.checkTable(args, 1, name);
            int i = optInt(args, 2, name, 1);
            int e = args.arg(3).isnil() ? lengthOf(t) : checkInt(args, 3, name);
            if (i > e) {
                return NONE;
            }
            long n = (long) e - i + 1;
            if (n > MAX_UNPACK) {
                throw new LuaError("too many results to unpack");
            }
            LuaValue[] v = new LuaValue[(int) n];
            for (int k = 0; k < n; k++) {
                v[k] = t.rawget(i + k);
            }
            return varargsOf(v);
        }
    }

    static final class Sort extends Named {
        private final Globals globals;

        Sort(Globals globals) {
            super("sort");
            this.globals = globals;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaTable t = (LuaTable) Args.checkTable(args, 1, name);
            int n = lengthOf(t);
            LuaValue f = args.arg(2);
            if (!f.isnil() && !f.isfunction()) {
                throw Args.typeError(2, name, "function", f);
            }
            LuaSort.sort(new LuaSort.Array<LuaValue>() {
                @Override
                public LuaValue get(int i) {
                    return t.rawget(i);
                }

                @Override
                public void set(int i, LuaValue v) {
                    t.rawset(i, v);
                }

                @Override
                public boolean less(LuaValue a, LuaValue b) {
                    return f.isnil() ? LuaCompare.lessThan(a, b)
                            : WardCoroutine.withoutYields(globals, f, () -> f.call(a, b)).arg1().toboolean();
                }

                @Override
                public RuntimeException invalidOrder() {
                    return new LuaError("invalid order function for sorting");
                }
            }, n);
            return NONE;
        }
    }
}
