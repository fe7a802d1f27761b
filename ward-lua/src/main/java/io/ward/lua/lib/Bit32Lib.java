package io.ward.lua.lib;

import io.ward.lua.Args;
import io.ward.lua.lang.Bit32;
import io.ward.lua.lang.LuaCasts;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * Stateless and thread-safe: Lua 5.2's {@code bit32} library, numbers converted to 32 bits as
 * 5.2.4 does on x86-64 ({@link LuaCasts#toUnsigned}: rounded, modulo 2^32), counts and fields as
 * C ints ({@link LuaCasts#toInt}: truncated), results as non-negative numbers below 2^32; the
 * bit logic is {@link Bit32}.
 */
public final class Bit32Lib extends TwoArgFunction {
    private enum Op { BAND, BOR, BXOR, BTEST, BNOT, LSHIFT, RSHIFT, ARSHIFT, LROTATE, RROTATE, EXTRACT, REPLACE }

    public Bit32Lib() {
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable t = new LuaTable();
        for (Op op : Op.values()) {
            String n = op.name().toLowerCase(java.util.Locale.ROOT);
            t.set(n, new Function(n, op));
        }
        env.set("bit32", t);
        LuaValue pkg = env.get("package");
        if (pkg.istable() && pkg.get("loaded").istable()) {
            pkg.get("loaded").set("bit32", t);
        }
        return t;
    }

    static int unsigned(Varargs args, int index, String fname) {
        return LuaCasts.toUnsigned(Args.checkNumber(args, index, fname));
    }

    private static final class Function extends WardTableLib.Named {
        private final Op op;

        Function(String name, Op op) {
            super(name);
            this.op = op;
        }

        @Override
        public Varargs invoke(Varargs args) {
            switch (op) {
                case BAND:
                case BTEST: {
                    int r = -1;
                    for (int i = 1, n = args.narg(); i <= n; i++) {
                        r &= unsigned(args, i, name);
                    }
                    return op == Op.BTEST ? valueOf(r != 0) : result(r);
                }
                case BOR: {
                    int r = 0;
                    for (int i = 1, n = args.narg(); i <= n; i++) {
                        r |= unsigned(args, i, name);
                    }
                    return result(r);
                }
                case BXOR: {
                    int r = 0;
                    for (int i = 1, n = args.narg(); i <= n; i++) {
                        r ^= unsigned(args, i, name);
                    }
                    return result(r);
                }
                case BNOT:
                    return result(~unsigned(args, 1, name));
                case LSHIFT: {
                    int c = WardTableLib.checkInt(args, 2, name); // 5.2.4 (gcc) converts the count first
                    int x = unsigned(args, 1, name);
                    return result(Bit32.shift(x, c));
                }
                case RSHIFT: {
                    int c = WardTableLib.checkInt(args, 2, name); // 5.2.4 (gcc) converts the count first
                    int x = unsigned(args, 1, name);
                    return result(Bit32.shift(x, -c));
                }
                case ARSHIFT: {
                    int x = unsigned(args, 1, name);
                    return result(Bit32.arithmeticShift(x, WardTableLib.checkInt(args, 2, name)));
                }
                case LROTATE: {
                    int c = WardTableLib.checkInt(args, 2, name); // 5.2.4 (gcc) converts the count first
                    int x = unsigned(args, 1, name);
                    return result(Bit32.rotate(x, c));
                }
                case RROTATE: {
                    int c = WardTableLib.checkInt(args, 2, name); // 5.2.4 (gcc) converts the count first
                    int x = unsigned(args, 1, name);
                    return result(Bit32.rotate(x, -c));
                }
                case EXTRACT: {
                    int x = unsigned(args, 1, name);
                    int f = WardTableLib.checkInt(args, 2, name);
                    int w = WardTableLib.optInt(args, 3, name, 1);
                    checkField(f, w, 2);
                    return result(Bit32.extract(x, f, w));
                }
                case REPLACE: {
                    int x = unsigned(args, 1, name);
                    int v = unsigned(args, 2, name);
                    int f = WardTableLib.checkInt(args, 3, name);
                    int w = WardTableLib.optInt(args, 4, name, 1);
                    checkField(f, w, 3);
                    return result(Bit32.replace(x, v, f, w));
                }
                default:
                    throw new IllegalStateException(op.name());
            }
        }

        private void checkField(int f, int w, int fieldArg) {
            try {
                Bit32.checkField(f, w, fieldArg);
            } catch (Bit32.FieldError e) {
                throw e.argument() == 0 ? new LuaError(e.getMessage()) : Args.badArgument(e.argument(), name, e.getMessage());
            }
        }

        private static LuaValue result(int bits) {
            return valueOf(LuaCasts.unsignedValue(bits));
        }
    }
}
