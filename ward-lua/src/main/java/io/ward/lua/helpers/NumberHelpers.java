package io.ward.lua.helpers;

import io.ward.lua.Args;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import java.util.concurrent.ThreadLocalRandom;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code ward.helpers.number}: 17 functions on doubles (numeric strings are accepted where a
 * number is expected). Stateless; the table is confined to the runtime's context.
 */
final class NumberHelpers {
    /** upstream's tolerance for "integral" ({@code f64::EPSILON}) */
    private static final double EPSILON = Math.ulp(1.0);

    private NumberHelpers() {
    }

    static LuaTable create(WardRuntime rt) {
        LuaTable m = new LuaTable();
        m.set("is_integer", fn("is_integer", a -> LuaValue.valueOf(isInteger(num(a, 1, "is_integer")))));
        m.set("is_float", fn("is_float", a -> {
            double d = num(a, 1, "is_float");
            return LuaValue.valueOf(Double.isFinite(d) && !isInteger(d));
        }));
        m.set("is_number", fn("is_number", a -> LuaValue.valueOf(a.arg1().type() == LuaValue.TNUMBER)));
        m.set("is_nan", fn("is_nan", a -> LuaValue.valueOf(a.arg1().type() == LuaValue.TNUMBER
                && Double.isNaN(a.arg1().todouble()))));
        m.set("is_infinity", fn("is_infinity", a -> LuaValue.valueOf(a.arg1().type() == LuaValue.TNUMBER
                && Double.isInfinite(a.arg1().todouble()))));
        m.set("is_finite", fn("is_finite", a -> LuaValue.valueOf(a.arg1().type() == LuaValue.TNUMBER
                && Double.isFinite(a.arg1().todouble()))));
        m.set("round", fn("round", a -> {
            double n = num(a, 1, "round");
            long p = Args.checkInteger(a, 2, "round");
            if (p == 0) {
                return LuaValue.valueOf(roundHalfAway(n));
            }
            double f = Math.pow(10, p);
            return LuaValue.valueOf(roundHalfAway(n * f) / f);
        }));
        m.set("ceil", fn("ceil", a -> LuaValue.valueOf(Math.ceil(num(a, 1, "ceil")))));
        m.set("floor", fn("floor", a -> LuaValue.valueOf(Math.floor(num(a, 1, "floor")))));
        m.set("abs", fn("abs", a -> LuaValue.valueOf(Math.abs(num(a, 1, "abs")))));
        m.set("clamp", fn("clamp", a -> {
            double n = num(a, 1, "clamp");
            double lo = num(a, 2, "clamp");
            double hi = num(a, 3, "clamp");
            if (!(lo <= hi)) { // also NaN bounds: upstream aborts the process here
                throw new LuaError("clamp: min must be <= max");
            }
            return LuaValue.valueOf(n < lo ? lo : n > hi ? hi : n);
        }));
        m.set("sign", fn("sign", a -> {
            double n = num(a, 1, "sign");
            return LuaValue.valueOf(n > 0 ? 1 : n < 0 ? -1 : 0);
        }));
        m.set("random", fn("random", a -> {
            double x = num(a, 1, "random");
            double y = num(a, 2, "random");
            double lo = Math.min(x, y);
            double hi = Math.max(x, y);
            ThreadLocalRandom r = ThreadLocalRandom.current();
            if (isWhole(lo) && isWhole(hi) && Math.abs(lo) < 0x1p62 && Math.abs(hi) < 0x1p62) {
                return LuaValue.valueOf((double) r.nextLong((long) lo, (long) hi + 1));
            }
            if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
                throw new LuaError("random: bounds must be finite");
            }
            return LuaValue.valueOf(lo == hi ? lo : lo + r.nextDouble() * (hi - lo));
        }));
        m.set("avg", fn("avg", a -> LuaValue.valueOf(sum(a, "avg") / a.narg())));
        m.set("sum", fn("sum", a -> LuaValue.valueOf(sum(a, "sum"))));
        m.set("min", fn("min", a -> LuaValue.valueOf(extreme(a, "min", true))));
        m.set("max", fn("max", a -> LuaValue.valueOf(extreme(a, "max", false))));
        return m;
    }

    static boolean isInteger(double d) {
        return Double.isFinite(d) && (Math.abs(d) >= 0x1p52 || Math.abs(d - (long) d) < EPSILON);
    }

    private static boolean isWhole(double d) {
        return Double.isFinite(d) && d == Math.rint(d);
    }

    private static double roundHalfAway(double d) {
        return Double.isFinite(d) ? Math.signum(d) * Math.floor(Math.abs(d) + 0.5) : d;
    }

    private static double sum(Varargs a, String fname) {
        requireSome(a);
        double s = 0;
        for (int i = 1; i <= a.narg(); i++) {
            s += num(a, i, fname);
        }
        return s;
    }

    private static double extreme(Varargs a, String fname, boolean min) {
        requireSome(a);
        double best = num(a, 1, fname);
        for (int i = 2; i <= a.narg(); i++) {
            double x = num(a, i, fname);
            if (min ? x < best : x > best) {
                best = x;
            }
        }
        return best;
    }

    private static void requireSome(Varargs a) {
        if (a.narg() == 0) {
            throw new LuaError("At least one number is required");
        }
    }

    /** A number argument; numeric strings are converted, anything else raises. */
    static double num(Varargs a, int i, String fname) {
        return Args.checkNumber(a, i, fname);
    }

    static LuaValue fn(String name, LuaFunctions.Body body) {
        return LuaFunctions.named(name, body);
    }
}
