package io.ward.lua.compiler;

import io.ward.lua.lib.StringMetatable;
import io.ward.lua.limits.ExecutionHook;
import io.ward.lua.vm.LuaOps;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.WardTables;

/**
 * Stateless; called by compiled Lua code on the thread that runs it. The value operations that
 * may run a metamethod (Lua code, which may look at the calling frame's line): each does the
 * operation through {@link LuaOps} and, where a metamethod may run, first tells the execution
 * hook (if any) the calling frame's pc. The plain case is a small method the JIT inlines at
 * every site, the rest a separate method it leaves out where it never runs: a compiled Lua
 * function has one of these per table access and operation, called through {@code invokedynamic}
 * so that C2's inlining budget does not leave them out, and what is inlined still costs C2's
 * time and nodes (docs/COMPILER.md, "Speed" 3, 6 and 11).
 * Public only because generated classes live in LuaJ's package: not an API.
 */
public final class HookedOps {
    private HookedOps() {
    }

    private static final int ADD = 0;
    private static final int SUB = 1;
    private static final int MUL = 2;
    private static final int DIV = 3;
    private static final int MOD = 4;
    private static final int POW = 5;
    private static final int UNM = 6;
    private static final int LEN = 7;
    private static final int CONCAT = 8;

    /** {@code t[k]}. */
    public static LuaValue index(LuaValue t, LuaValue k, ExecutionHook hook, int pc) {
        return LuaOps.plainIndex(t) ? LuaOps.index(t, k) : indexAny(t, k, hook, pc);
    }

    /**
     * {@code t.k}, {@code k = constants[i]} a string constant whose {@code hashCode()} is
     * {@code hash}. A miss may make {@code constants[i]} the very key object {@code t} holds
     * ({@link WardTables#sharedField}), so that the next call finds it here.
     */
    public static LuaValue field(LuaValue t, LuaValue[] constants, int i, int hash, ExecutionHook hook, int pc) {
        LuaValue v = WardTables.rawField(t, (LuaString) constants[i], hash);
        return v != null ? v : fieldAny(t, constants, i, hook, pc);
    }

    private static LuaValue fieldAny(LuaValue t, LuaValue[] constants, int i, ExecutionHook hook, int pc) {
        LuaValue owner = t instanceof LuaString ? StringMetatable.methods() : t; // a string's methods
        LuaValue v = owner != null ? WardTables.sharedField(owner, constants, i) : null;
        return v != null ? v : indexAny(t, constants[i], hook, pc);
    }

    private static LuaValue indexAny(LuaValue t, LuaValue k, ExecutionHook hook, int pc) {
        at(hook, pc);
        return LuaOps.index(t, k);
    }

    /** {@code t[k] = v}. */
    public static void setIndex(LuaValue t, LuaValue k, LuaValue v, ExecutionHook hook, int pc) {
        if (LuaOps.plainIndex(t)) {
            LuaOps.setIndex(t, k, v);
        } else {
            setIndexAny(t, k, v, hook, pc);
        }
    }

    /** {@code t.k = v}, {@code k = constants[i]} as in {@link #field}. */
    public static void setField(LuaValue t, LuaValue[] constants, int i, int hash, LuaValue v, ExecutionHook hook,
            int pc) {
        if (!WardTables.storeField(t, (LuaString) constants[i], hash, v)) {
            setFieldAny(t, constants, i, v, hook, pc);
        }
    }

    private static void setFieldAny(LuaValue t, LuaValue[] constants, int i, LuaValue v, ExecutionHook hook, int pc) {
        if (!WardTables.storeShared(t, constants, i, v)) {
            setIndexAny(t, constants[i], v, hook, pc);
        }
    }

    private static void setIndexAny(LuaValue t, LuaValue k, LuaValue v, ExecutionHook hook, int pc) {
        at(hook, pc);
        LuaOps.setIndex(t, k, v);
    }

    /** {@code a + b}. */
    public static LuaValue add(LuaValue a, LuaValue b, ExecutionHook hook, int pc) {
        return LuaOps.plainArith(a, b) ? LuaOps.add(a, b) : any(ADD, a, b, hook, pc);
    }

    /** {@code a - b}. */
    public static LuaValue sub(LuaValue a, LuaValue b, ExecutionHook hook, int pc) {
        return LuaOps.plainArith(a, b) ? LuaOps.sub(a, b) : any(SUB, a, b, hook, pc);
    }

    /** {@code a * b}. */
    public static LuaValue mul(LuaValue a, LuaValue b, ExecutionHook hook, int pc) {
        return LuaOps.plainArith(a, b) ? LuaOps.mul(a, b) : any(MUL, a, b, hook, pc);
    }

    /** {@code a / b}. */
    public static LuaValue div(LuaValue a, LuaValue b, ExecutionHook hook, int pc) {
        return LuaOps.plainArith(a, b) ? LuaOps.div(a, b) : any(DIV, a, b, hook, pc);
    }

    /** {@code a % b}. */
    public static LuaValue mod(LuaValue a, LuaValue b, ExecutionHook hook, int pc) {
        return LuaOps.plainArith(a, b) ? LuaOps.mod(a, b) : any(MOD, a, b, hook, pc);
    }

    /** {@code a ^ b}. */
    public static LuaValue pow(LuaValue a, LuaValue b, ExecutionHook hook, int pc) {
        return LuaOps.plainArith(a, b) ? LuaOps.pow(a, b) : any(POW, a, b, hook, pc);
    }

    /** {@code -a}. */
    public static LuaValue unm(LuaValue a, ExecutionHook hook, int pc) {
        return LuaOps.plainArith(a, a) ? LuaOps.unm(a) : any(UNM, a, a, hook, pc);
    }

    /** {@code #a}. */
    public static LuaValue len(LuaValue a, ExecutionHook hook, int pc) {
        int n = WardTables.rawLength(a);
        return n >= 0 ? LuaInteger.valueOf(n) : lenAny(a, hook, pc);
    }

    private static LuaValue lenAny(LuaValue a, ExecutionHook hook, int pc) {
        return LuaOps.plainLen(a) ? LuaOps.len(a) : any(LEN, a, a, hook, pc);
    }

    /** {@code a .. b}. */
    public static LuaValue concat(LuaValue a, LuaValue b, ExecutionHook hook, int pc) {
        return LuaOps.plainConcat(a, b) ? LuaOps.concat(a, b) : any(CONCAT, a, b, hook, pc);
    }

    private static LuaValue any(int op, LuaValue a, LuaValue b, ExecutionHook hook, int pc) {
        at(hook, pc);
        return switch (op) {
            case ADD -> LuaOps.add(a, b);
            case SUB -> LuaOps.sub(a, b);
            case MUL -> LuaOps.mul(a, b);
            case DIV -> LuaOps.div(a, b);
            case MOD -> LuaOps.mod(a, b);
            case POW -> LuaOps.pow(a, b);
            case UNM -> LuaOps.unm(a);
            case LEN -> LuaOps.len(a);
            default -> LuaOps.concat(a, b);
        };
    }

    /** {@code a == b}. */
    public static boolean eq(LuaValue a, LuaValue b, ExecutionHook hook, int pc) {
        if (!LuaOps.plainEq(a)) {
            at(hook, pc);
        }
        return LuaOps.eq(a, b);
    }

    /** {@code a < b}. */
    public static boolean lt(LuaValue a, LuaValue b, ExecutionHook hook, int pc) {
        if (!LuaOps.plainOrder(a, b)) {
            at(hook, pc);
        }
        return LuaOps.lt(a, b);
    }

    /** {@code a <= b}. */
    public static boolean le(LuaValue a, LuaValue b, ExecutionHook hook, int pc) {
        if (!LuaOps.plainOrder(a, b)) {
            at(hook, pc);
        }
        return LuaOps.le(a, b);
    }

    private static void at(ExecutionHook hook, int pc) {
        if (hook != null) {
            hook.at(pc);
        }
    }
}
