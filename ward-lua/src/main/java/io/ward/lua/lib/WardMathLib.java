package io.ward.lua.lib;

import io.ward.lua.Args;
import io.ward.lua.lang.LuaCasts;
import io.ward.lua.lang.LuaNumberFormat;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * Confined to the runtime's context (its {@code random} state): Lua 5.2.4's {@code math}
 * library as built on x86-64 Linux with glibc and the 5.2 compatibility options, replacing
 * LuaJ's.
 *
 * <ul>
 *   <li>Functions and fields: {@code abs acos asin atan atan2 ceil cos cosh deg exp floor fmod
 *       frexp huge ldexp log log10 max min modf pi pow rad random randomseed sin sinh sqrt tan
 *       tanh} (no 5.3 {@code tointeger}, {@code type}, {@code ult}, integer fields).
 *   <li>{@code log(x, base)}: {@code log10(x)} when {@code base} is 10, else
 *       {@code log(x)/log(base)}; {@code ldexp}'s exponent is a C int ({@link LuaCasts#toInt}).
 *   <li>{@code random} and {@code randomseed} use glibc's {@code rand}/{@code srand}
 *       ({@link CRandom}): {@code r = (rand() % RAND_MAX) / RAND_MAX}, {@code random(m)} is
 *       {@code floor(r*m)+1}, {@code random(m, n)} is {@code floor(r*(n-m+1))+m}, with
 *       {@code interval is empty} and {@code wrong number of arguments}; {@code randomseed(x)}
 *       seeds with {@code x} as an unsigned 32-bit number and discards one value. The sequence
 *       is the reference's for the same seed.
 *   <li>NaN results carry the sign glibc gives them: an invalid operation makes x86-64's
 *       default NaN ({@code -nan}: {@code sqrt(-1)}, {@code log(-1)}, {@code fmod(1, 0)},
 *       {@code sin(inf)}, {@code pow(-8, 1/3)}), except {@code acos}, {@code asin} and
 *       {@code log10}, whose NaN is positive; a NaN argument passes through; {@code abs} clears
 *       the sign.
 *   <li>{@code log}, {@code log10}, {@code exp}, {@code pow}, {@code sin}, {@code cos} and
 *       {@code tan} are {@link Math}'s (HotSpot's intrinsics, which agreed with glibc to the
 *       bit on every value tried), the others {@link StrictMath}'s (fdlibm); glibc's may differ
 *       in the last bit for some arguments, which {@code %.14g} printing rarely shows.
 * </ul>
 */
public final class WardMathLib extends TwoArgFunction {
    private static final double DEFAULT_NAN = LuaNumberFormat.X86_DEFAULT_NAN;
    private static final double POSITIVE_NAN = Double.longBitsToDouble(0x7ff8000000000000L);
    static final double RADIANS_PER_DEGREE = Math.PI / 180.0;

    /**
     * A function of one number to one number ({@code abs}, {@code sqrt}, {@code floor}, ...):
     * what the library function computes from its first argument, a number. Compiled Lua code
     * calls it directly for {@code math.sqrt(x)} and the like ({@link #unary}).
     */
    @FunctionalInterface
    public interface Unary {
        double apply(double x);
    }

    /**
     * What {@code f(x)} computes for a number {@code x} when {@code f} is one of this library's
     * functions of one number; null for any other value (the caller calls {@code f}).
     */
    public static Unary unary(LuaValue f) {
        return f instanceof Function fn ? fn.op.unary : null;
    }

    private final CRandom random = new CRandom();

    public WardMathLib() {
        PowerOperator.install();
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable t = new LuaTable();
        for (MathOp op : MathOp.values()) {
            String n = op.name().toLowerCase(java.util.Locale.ROOT);
            t.set(n, new Function(n, op));
        }
        t.set("huge", valueOf(Double.POSITIVE_INFINITY));
        t.set("pi", valueOf(Math.PI));
        env.set("math", t);
        LuaValue pkg = env.get("package");
        if (pkg.istable() && pkg.get("loaded").istable()) {
            pkg.get("loaded").set("math", t);
        }
        return t;
    }

    /** {@code r} unless it is a NaN: then the NaN argument, else x86-64's default NaN. */
    static double invalid(double r, double x) {
        return Double.isNaN(r) ? (Double.isNaN(x) ? x : DEFAULT_NAN) : r;
    }

    static double invalid(double r, double x, double y) {
        if (!Double.isNaN(r)) {
            return r;
        }
        return Double.isNaN(x) ? x : Double.isNaN(y) ? y : DEFAULT_NAN;
    }

    static double positiveNaN(double r, double x) {
        return Double.isNaN(r) ? (Double.isNaN(x) ? x : POSITIVE_NAN) : r;
    }

    /** C's {@code pow}, which differs from Java's for a base of 1 and for -1 to an infinite power. */
    static double pow(double x, double y) {
        if (x == 1.0 || (x == -1.0 && Double.isInfinite(y))) {
            return 1.0;
        }
        if (Double.isNaN(x) && Math.abs(y) < 0x1p53 && y == Math.rint(y) && (long) y % 2 != 0) {
            return Math.abs(x); // glibc: a NaN to an odd power loses its sign
        }
        // HotSpot's Math.pow gets some infinite and zero bases wrong ((-inf)^(2^51+2) gives
        // -inf); fdlibm's StrictMath.pow follows C99 there
        boolean special = Double.isInfinite(x) || x == 0.0;
        return invalid(special ? StrictMath.pow(x, y) : Math.pow(x, y), x, y);
    }

    /** C's {@code frexp}: {@code {m, e}} with {@code x = m * 2^e}, {@code 0.5 <= |m| < 1}. */
    static double[] frexp(double x) {
        if (x == 0 || !Double.isFinite(x)) {
            return new double[] {x, 0};
        }
        int adjust = 0;
        if (Math.getExponent(x) < Double.MIN_EXPONENT) { // subnormal
            x *= 0x1p54;
            adjust = -54;
        }
        int e = Math.getExponent(x) + 1;
        return new double[] {Math.scalb(x, -e), e + adjust};
    }

    private final class Function extends WardTableLib.Named {
        private final MathOp op;

        Function(String name, MathOp op) {
            super(name);
            this.op = op;
        }

        private double arg(Varargs args, int i) {
            return Args.checkNumber(args, i, name);
        }

        @Override
        public Varargs invoke(Varargs args) {
            if (op.unary != null) {
                return num(op.unary.apply(arg(args, 1)));
            }
            switch (op) {
                case ATAN2: {
                    double x = arg(args, 2); // 5.2.4 (gcc) checks the second argument first
                    double y = arg(args, 1);
                    return num(invalid(StrictMath.atan2(y, x), x, y)); // glibc: x + y
                }
                case FMOD: {
                    double y = arg(args, 2); // 5.2.4 (gcc) checks the second argument first
                    double x = arg(args, 1);
                    return num(invalid(x % y, x, y));
                }
                case POW:
                    return num(WardMathLib.pow(arg(args, 1), arg(args, 2)));
                case LOG: {
                    double x = arg(args, 1);
                    if (args.arg(2).isnil()) {
                        return num(invalid(Math.log(x), x));
                    }
                    double base = arg(args, 2);
                    if (base == 10.0) {
                        return num(positiveNaN(Math.log10(x), x));
                    }
                    double lx = invalid(Math.log(x), x);
                    double lb = invalid(Math.log(base), base);
                    return num(invalid(lx / lb, lx, lb));
                }
                case FREXP: {
                    double[] r = frexp(arg(args, 1));
                    return varargsOf(num(r[0]), num(r[1]));
                }
                case LDEXP: {
                    double m = arg(args, 1);
                    int e = WardTableLib.checkInt(args, 2, name);
                    return num(Math.scalb(m, e));
                }
                case MODF: {
                    double x = arg(args, 1);
                    double ip = Double.isInfinite(x) || Double.isNaN(x) ? x : (x < 0 ? Math.ceil(x) : Math.floor(x));
                    double fp = Double.isInfinite(x) ? Math.copySign(0.0, x) : Double.isNaN(x) ? x : x - ip;
                    return varargsOf(num(ip), num(fp));
                }
                case MAX: {
                    double m = arg(args, 1);
                    for (int i = 2, n = args.narg(); i <= n; i++) {
                        double d = arg(args, i);
                        if (d > m) {
                            m = d;
                        }
                    }
                    return num(m);
                }
                case MIN: {
                    double m = arg(args, 1);
                    for (int i = 2, n = args.narg(); i <= n; i++) {
                        double d = arg(args, i);
                        if (d < m) {
                            m = d;
                        }
                    }
                    return num(m);
                }
                case RANDOM:
                    return random(args);
                case RANDOMSEED:
                    random.seed(LuaCasts.toUnsigned(arg(args, 1)));
                    random.next();
                    return NONE;
                default:
                    throw new IllegalStateException(op.name());
            }
        }

        private Varargs random(Varargs args) {
            double r = (double) (random.next() % CRandom.RAND_MAX) / (double) CRandom.RAND_MAX;
            switch (args.narg()) {
                case 0:
                    return num(r);
                case 1: {
                    double u = arg(args, 1);
                    if (!(1.0 <= u)) {
                        throw Args.badArgument(1, name, "interval is empty");
                    }
                    return num(Math.floor(r * u) + 1.0);
                }
                case 2: {
                    double l = arg(args, 1);
                    double u = arg(args, 2);
                    if (!(l <= u)) {
                        throw Args.badArgument(2, name, "interval is empty");
                    }
                    return num(Math.floor(r * (u - l + 1)) + l);
                }
                default:
                    throw new LuaError("wrong number of arguments");
            }
        }
    }

    private static LuaValue num(double d) {
        return valueOf(d);
    }
}
