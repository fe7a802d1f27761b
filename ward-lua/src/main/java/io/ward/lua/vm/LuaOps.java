package io.ward.lua.vm;

import io.ward.lua.lang.LuaArithmetic;
import org.luaj.vm2.Buffer;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaNumber;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.WardTables;

/**
 * Stateless. The value operations of Lua instructions (arithmetic, comparison, concatenation,
 * length, indexing) for code compiled by {@code io.ward.lua.compiler}: fast paths for two
 * integers and for two numbers (computing what LuaJ's double dispatch computes, Ward's patched
 * number rules included) and for plain tables ({@link WardTables}), else exactly the
 * {@link LuaValue} method LuaJ's interpreter calls (so metamethods, coercions, the patched
 * number rules and error texts are the interpreter's). The one place a later dialect (Lua 5.4's 64-bit integers) changes number
 * semantics for compiled code: generated code never inlines an operation.
 */
public final class LuaOps {
    private LuaOps() {
    }

    /** {@code a + b} (OP_ADD). */
    public static LuaValue add(LuaValue a, LuaValue b) {
        if (a instanceof LuaInteger && b instanceof LuaInteger) {
            return LuaInteger.valueOf((long) ((LuaInteger) a).v + ((LuaInteger) b).v);
        }
        if (a instanceof LuaNumber && b instanceof LuaNumber) { // LuaJ: a double sum, whichever is the double
            return LuaDouble.valueOf(add(a.todouble(), b.todouble()));
        }
        return a.add(b);
    }

    /** {@code a - b} (OP_SUB). */
    public static LuaValue sub(LuaValue a, LuaValue b) {
        if (a instanceof LuaInteger && b instanceof LuaInteger) {
            return LuaInteger.valueOf((long) ((LuaInteger) a).v - ((LuaInteger) b).v);
        }
        if (a instanceof LuaNumber && b instanceof LuaNumber) {
            return LuaDouble.valueOf(sub(a.todouble(), b.todouble()));
        }
        return a.sub(b);
    }

    /** {@code a * b} (OP_MUL). */
    public static LuaValue mul(LuaValue a, LuaValue b) {
        if (a instanceof LuaNumber && b instanceof LuaNumber) { // two ints too: patched to multiply as doubles (-0)
            return LuaDouble.valueOf(mul(a.todouble(), b.todouble()));
        }
        return a.mul(b);
    }

    /** {@code a / b} (OP_DIV). */
    public static LuaValue div(LuaValue a, LuaValue b) {
        if (a instanceof LuaNumber && b instanceof LuaNumber) { // LuaJ's (patched) ddiv of the two values
            return LuaDouble.valueOf(div(a.todouble(), b.todouble()));
        }
        return a.div(b);
    }

    // The same operations on two numbers, for compiled code that keeps a register's number
    // unboxed: what the value operations above compute when both operands are numbers (Lua 5.2:
    // every number is a double; LuaJ's int sums and differences are exact in a double).

    /** {@code a + b} of two numbers. */
    public static double add(double a, double b) {
        return a + b;
    }

    /** {@code a - b} of two numbers. */
    public static double sub(double a, double b) {
        return a - b;
    }

    /** {@code a * b} of two numbers. */
    public static double mul(double a, double b) {
        return a * b;
    }

    /** {@code a / b} of two numbers: the patched {@code LuaDouble.ddiv}'s quotient. */
    public static double div(double a, double b) {
        return LuaArithmetic.divide(a, b);
    }

    /** {@code -a} of a number (the patched {@code neg} of LuaJ's integers and doubles). */
    public static double unm(double a) {
        return -a;
    }

    /**
     * The value of a register of compiled code that may hold an unboxed number: such a register
     * is a value and a double, the value null when the number is the double.
     */
    public static LuaValue box(LuaValue value, double n) {
        return value != null ? value : LuaDouble.valueOf(n);
    }

    /** {@code a % b} (OP_MOD). */
    public static LuaValue mod(LuaValue a, LuaValue b) {
        return a.mod(b);
    }

    /** {@code a ^ b} (OP_POW). */
    public static LuaValue pow(LuaValue a, LuaValue b) {
        return a.pow(b);
    }

    /** {@code -a} (OP_UNM). */
    public static LuaValue unm(LuaValue a) {
        return a.neg();
    }

    /** {@code #a} (OP_LEN). */
    public static LuaValue len(LuaValue a) {
        return a.len();
    }

    /** {@code a == b} (OP_EQ). */
    public static boolean eq(LuaValue a, LuaValue b) {
        if (a instanceof LuaInteger && b instanceof LuaInteger) {
            return ((LuaInteger) a).v == ((LuaInteger) b).v;
        }
        if (a instanceof LuaNumber && b instanceof LuaNumber) {
            return a.todouble() == b.todouble();
        }
        return a.eq_b(b);
    }

    /** {@code a < b} (OP_LT). */
    public static boolean lt(LuaValue a, LuaValue b) {
        if (a instanceof LuaInteger && b instanceof LuaInteger) {
            return ((LuaInteger) a).v < ((LuaInteger) b).v;
        }
        if (a instanceof LuaNumber && b instanceof LuaNumber) {
            return a.todouble() < b.todouble();
        }
        return a.lt_b(b);
    }

    /** {@code a <= b} (OP_LE). */
    public static boolean le(LuaValue a, LuaValue b) {
        if (a instanceof LuaInteger && b instanceof LuaInteger) {
            return ((LuaInteger) a).v <= ((LuaInteger) b).v;
        }
        if (a instanceof LuaNumber && b instanceof LuaNumber) {
            return a.todouble() <= b.todouble();
        }
        return a.lteq_b(b);
    }

    /** {@code a .. b} (OP_CONCAT of two registers). */
    public static LuaValue concat(LuaValue a, LuaValue b) {
        return a.concat(b);
    }

    /** {@code stack[from] .. ... .. stack[to]} (OP_CONCAT of more than two), right to left as LuaJ. */
    public static LuaValue concat(LuaValue[] stack, int from, int to) {
        long n = 0;
        for (int i = from; i <= to && n >= 0; i++) {
            n = stack[i] instanceof LuaString ? n + ((LuaString) stack[i]).m_length : -1;
        }
        if (n >= 0 && n <= Integer.MAX_VALUE - 8) { // all strings: one copy of each (LuaJ's Buffer copies on every prepend)
            byte[] bytes = new byte[(int) n];
            int at = 0;
            for (int i = from; i <= to; i++) {
                LuaString s = (LuaString) stack[i];
                System.arraycopy(s.m_bytes, s.m_offset, bytes, at, s.m_length);
                at += s.m_length;
            }
            return LuaString.valueUsing(bytes);
        }
        Buffer sb = stack[to].buffer();
        int c = to;
        while (--c >= from) {
            sb = stack[c].concat(sb);
        }
        return sb.value();
    }

    /** {@code t[k]} (OP_GETTABLE, OP_GETTABUP, OP_SELF). */
    public static LuaValue index(LuaValue t, LuaValue k) {
        return t instanceof LuaTable ? WardTables.get((LuaTable) t, k) : t.get(k);
    }

    /** {@code t[k] = v} (OP_SETTABLE, OP_SETTABUP). */
    public static void setIndex(LuaValue t, LuaValue k, LuaValue v) {
        if (t instanceof LuaTable) {
            WardTables.set((LuaTable) t, k, v);
        } else {
            t.set(k, v);
        }
    }

    /** The numeric for loop's step (OP_FORLOOP): {@code idx + step}, as LuaJ computes it. */
    public static LuaValue forStep(LuaValue idx, LuaValue step) {
        if (idx instanceof LuaInteger && step instanceof LuaInteger) {
            return LuaInteger.valueOf((long) ((LuaInteger) step).v + ((LuaInteger) idx).v);
        }
        return step.add(idx);
    }

    /** Whether the numeric for loop goes on (OP_FORLOOP) with the new index {@code idx}. */
    public static boolean forContinues(LuaValue idx, LuaValue limit, LuaValue step) {
        if (idx instanceof LuaInteger && limit instanceof LuaInteger && step instanceof LuaInteger) {
            int s = ((LuaInteger) step).v;
            int i = ((LuaInteger) idx).v;
            int l = ((LuaInteger) limit).v;
            return s > 0 ? i <= l : i >= l;
        }
        return forContinuesAny(idx, limit, step);
    }

    // Slow paths apart from the fast ones: the JIT inlines a fast path at every site of a
    // compiled function, and a method that is never called there costs nothing; it inlines only
    // so much into one compiled method (docs/COMPILER.md, "Speed").

    private static boolean forContinuesAny(LuaValue idx, LuaValue limit, LuaValue step) {
        return step.gt_b(0) ? idx.lteq_b(limit) : idx.gteq_b(limit);
    }

    // Whether an operation can run Lua code (a metamethod) or not: compiled code tells the
    // execution hook where it is only before those that can (io.ward.lua.compiler).

    /** Whether arithmetic or unary minus on {@code a} and {@code b} is plain: two numbers, no metamethod. */
    public static boolean plainArith(LuaValue a, LuaValue b) {
        return a instanceof LuaNumber && b instanceof LuaNumber;
    }

    /** Whether indexing {@code t} (get or set) is plain: a table without a metatable. */
    public static boolean plainIndex(LuaValue t) {
        return t instanceof LuaTable && t.getmetatable() == null;
    }

    /** Whether {@code a == b} is plain: {@code a} is no table or userdata, whose {@code __eq} may run. */
    public static boolean plainEq(LuaValue a) {
        return !(a instanceof LuaTable) && !(a instanceof LuaUserdata);
    }

    /** Whether {@code a < b} or {@code a <= b} is plain: two numbers or two strings. */
    public static boolean plainOrder(LuaValue a, LuaValue b) {
        return (a instanceof LuaNumber && b instanceof LuaNumber) || (a instanceof LuaString && b instanceof LuaString);
    }

    /** Whether {@code a .. b} is plain: strings and numbers only. */
    public static boolean plainConcat(LuaValue a, LuaValue b) {
        return (a instanceof LuaString || a instanceof LuaNumber) && (b instanceof LuaString || b instanceof LuaNumber);
    }

    /** Whether {@code #a} is plain: a string, or a table without a metatable. */
    public static boolean plainLen(LuaValue a) {
        return a instanceof LuaString || plainIndex(a);
    }
}
