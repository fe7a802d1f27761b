package io.ward.lua.patch;

import io.ward.lua.ArgumentError;
import io.ward.lua.patch.OperandError.Kind;
import io.ward.lua.vm.VariableNames;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * Stateless. The error texts of LuaJ's core operations as Lua 5.2 words them, called by the
 * patched {@code LuaValue} methods and {@code LuaClosure}'s error handler ({@link LuajPatcher}
 * lists them). Public only because the patched classes are in another package: not an API.
 *
 * <p>Two steps, as in Lua's {@code ldebug.c}: the failing operation raises an
 * {@link OperandError} that knows the operation and the value at fault
 * ({@code attempt to index a nil value}); the Lua frame running the instruction then names that
 * value from the bytecode ({@link #named}, {@link VariableNames}) when it is an operand of that
 * very instruction ({@code attempt to index local 't' (a nil value)}).
 */
public final class LuajErrorHooks {
    private LuajErrorHooks() {
    }

    /** {@code LuaValue.indexerror()}: indexing {@code v}, which has no {@code __index}. */
    public static LuaError indexError(LuaValue v) {
        return new OperandError(Kind.INDEX, v, null);
    }

    /**
     * {@code LuaValue.typerror(expected)}: {@code "index"} is an assignment into a non-table,
     * an {@code "attempt to compare ..."} a comparison of a number with a string; anything
     * else keeps LuaJ's {@code X expected, got Y}.
     */
    public static LuaError typeError(LuaValue v, String expected) {
        if ("index".equals(expected)) {
            return new OperandError(Kind.INDEX, v, null);
        }
        if ("table index".equals(expected)) {
            return new LuaError("table index is nil");
        }
        if (expected.startsWith("attempt to compare ")) {
            return new OperandError(Kind.COMPARE, v, null, expected);
        }
        return new LuaError(expected + " expected, got " + v.typename());
    }

    /** {@code LuaValue.checkmetatag(tag, reason)}: the handler, or the call or length error. */
    public static LuaValue metatag(LuaValue v, LuaValue tag, String reason) {
        LuaValue h = v.metatag(tag);
        if (!h.isnil()) {
            return h;
        }
        if (reason.startsWith("attempt to call")) {
            throw new OperandError(Kind.CALL, v, null);
        }
        if (reason.startsWith("attempt to perform arithmetic")) {
            throw new OperandError(Kind.ARITH, v, null);
        }
        if (reason.startsWith("attempt to get length")) {
            throw new OperandError(Kind.LEN, v, null);
        }
        throw new LuaError(reason + v.typename());
    }

    /**
     * {@code LuaValue.argerror(i, msg)}, LuaJ's functions' bad argument {@code #i}: an
     * {@link ArgumentError} that the caller names; LuaJ's base library's {@code value} reads
     * {@code value expected} and io's {@code (invalid format)} {@code invalid option}, as in Lua.
     */
    public static LuaError argError(int index, String msg) {
        String reason = "value".equals(msg) ? "value expected"
                : "(invalid format)".equals(msg) ? "invalid option" : msg;
        return new ArgumentError(index, null, reason);
    }

    /**
     * {@code v.argerror(expected)}, LuaJ's {@code checktable()} and the like, which know the
     * value but not its index: the caller finds it among its arguments.
     */
    public static LuaError argTypeError(LuaValue v, String expected) {
        return new ArgumentError(0, null, expected + " expected, got " + v.typename(), v);
    }

    /** Before LuaJ sets up a tail call of {@code f}: the call error when {@code f} cannot be called. */
    public static LuaValue callable(LuaValue f) {
        if (f.isfunction() || !f.metatag(LuaValue.CALL).isnil()) {
            return f;
        }
        throw new OperandError(Kind.CALL, f, null);
    }

    /** {@code LuaValue.aritherror()}: {@code v} (a string that is no numeral) is not a number. */
    public static LuaError arithError(LuaValue v) {
        return new OperandError(Kind.ARITH, v, null);
    }

    /**
     * {@code a.arithmt(tag, b)}: {@code a op b} through a metamethod of either; without one,
     * Lua blames {@code a} unless it converts to a number, then {@code b}.
     */
    public static LuaValue arith(LuaValue a, LuaValue tag, LuaValue b) {
        LuaValue h = a.metatag(tag);
        if (h.isnil()) {
            h = b.metatag(tag);
            if (h.isnil()) {
                throw new OperandError(Kind.ARITH, a.tonumber().isnil() ? a : b, null);
            }
        }
        return h.call(a, b);
    }

    /** {@code b.arithmtwith(tag, a)}: {@code a op b} for a number {@code a}, so {@code b} is at fault. */
    public static LuaValue arithWith(LuaValue b, LuaValue tag, double a) {
        LuaValue h = b.metatag(tag);
        if (h.isnil()) {
            throw new OperandError(Kind.ARITH, b, null);
        }
        return h.call(LuaValue.valueOf(a), b);
    }

    /** {@code a.concatmt(b)}: Lua blames {@code a} unless it is a string or number, then {@code b}. */
    public static LuaValue concat(LuaValue a, LuaValue b) {
        LuaValue h = a.metatag(LuaValue.CONCAT);
        if (h.isnil()) {
            h = b.metatag(LuaValue.CONCAT);
            if (h.isnil()) {
                throw new OperandError(Kind.CONCAT, stringOrNumber(a) ? b : a, null);
            }
        }
        return h.call(a, b);
    }

    /** {@code a.comparemt(tag, b)}: {@code a < b} or {@code a <= b} through metamethods (LuaJ's rules). */
    public static LuaValue compare(LuaValue a, LuaValue tag, LuaValue b) {
        LuaValue h = a.metatag(tag);
        if (h.isnil()) {
            h = b.metatag(tag);
        }
        if (!h.isnil()) {
            return h.call(a, b);
        }
        if (LuaValue.LE.raweq(tag)) {
            h = a.metatag(LuaValue.LT);
            if (h.isnil()) {
                h = b.metatag(LuaValue.LT);
            }
            if (!h.isnil()) {
                return h.call(b, a).not();
            }
        }
        throw new OperandError(Kind.COMPARE, a, b);
    }

    /**
     * {@code a < b} when LuaJ's own comparison cannot decide (a number or string against
     * another type): two strings by bytes, else the {@code __lt} metamethod of either operand
     * called with both as they are, as Lua 5.2's {@code luaV_lessthan}.
     */
    public static boolean lessThan(LuaValue a, LuaValue b) {
        if (a instanceof LuaString sa && b instanceof LuaString sb) {
            return sa.strcmp(sb) < 0;
        }
        return compare(a, LuaValue.LT, b).toboolean();
    }

    /** {@code a <= b} as {@link #lessThan}: {@code __le}, else {@code not (b < a)} through {@code __lt}. */
    public static boolean lessEqual(LuaValue a, LuaValue b) {
        if (a instanceof LuaString sa && b instanceof LuaString sb) {
            return sa.strcmp(sb) <= 0;
        }
        return compare(a, LuaValue.LE, b).toboolean();
    }

    /**
     * {@code a op b} for a string {@code a} ({@code op} is the event, {@code LuaValue.ADD} and
     * so on): numbers when both convert, else the metamethod gets the string itself, as Lua
     * 5.2's {@code luaV_arith} (LuaJ converted it first and passed the number).
     */
    public static LuaValue stringArith(LuaString a, LuaValue op, LuaValue b) {
        double x = a.scannumber();
        if (Double.isNaN(x) || !b.isnumber()) {
            return arith(a, op, b);
        }
        if (op == LuaValue.ADD) {
            return b.add(x);
        } else if (op == LuaValue.SUB) {
            return b.subFrom(x);
        } else if (op == LuaValue.MUL) {
            return b.mul(x);
        } else if (op == LuaValue.DIV) {
            return b.divInto(x);
        } else if (op == LuaValue.MOD) {
            return b.modFrom(x);
        } else if (op == LuaValue.POW) {
            return b.powWith(x);
        }
        throw new IllegalArgumentException("not an arithmetic event: " + op);
    }

    /**
     * {@code LuaClosure}'s error handler, for the frame of {@code closure} whose instruction
     * {@code pc} raised {@code error}, before LuaJ adds the position: an {@link OperandError}
     * seen for the first time gets Lua 5.2's final text, naming the value when it is an
     * operand of that instruction. Errors from deeper frames or Java functions were settled
     * there or keep their unnamed text. A {@link CStackOverflow} learns whether it has a position.
     */
    public static void named(LuaError error, LuaClosure closure, int pc, LuaValue[] stack) {
        if (error instanceof CStackOverflow c) {
            c.place(closure, pc);
            return;
        }
        if (error instanceof ArgumentError a) {
            if (!a.settled()) {
                try {
                    callSite(a, closure, pc, stack);
                } catch (RuntimeException ex) {
                    a.calledAs(null, null); // never worse than the own name
                }
            }
            return;
        }
        if (!(error instanceof OperandError e)) {
            return;
        }
        String text;
        try {
            text = describe(e, closure, pc, stack);
        } catch (RuntimeException ex) {
            text = null; // never worse than the unnamed text
        }
        e.settle(text);
    }

    /**
     * Whether LuaJ's error handler, in a closure of {@code globals}, appends the debug library's
     * traceback to an error's message: LuaJ does whenever a debug library is set; Ward's
     * execution hook that only counts instructions asks it not to ({@link CallDepth.Shared#tracebacks}),
     * so that a runtime with an instruction limit and no call stacks raises the errors of a
     * runtime without a hook (a traceback set here would also end {@code error(msg, level)}'s
     * search for its level, which such a runtime makes frame by frame as the error unwinds).
     * A closure without globals ({@code null}) keeps LuaJ's own handling.
     */
    public static boolean tracebacks(org.luaj.vm2.Globals globals) {
        return globals == null || !(globals.debuglib instanceof CallDepth.Shared s) || s.tracebacks();
    }

    /**
     * After {@link #named}: whether LuaJ adds this frame's position and traceback to
     * {@code error}. Not when the frame is in a tail call of a Java function, which runs inside
     * the frame ({@code LuajPatcherCallDepth}) but, as when LuaJ ran it after the frame had
     * returned, reports its errors from the caller's position; the call error of a value that
     * cannot be called, and a bad argument of the called function (Lua 5.2's
     * {@code luaL_where} finds this frame), are this frame's own.
     */
    public static boolean positioned(LuaError error, LuaClosure closure, int pc) {
        int[] code = closure.p.code;
        if (pc < 0 || pc >= code.length || Lua.GET_OPCODE(code[pc]) != Lua.OP_TAILCALL) {
            return true;
        }
        return error instanceof OperandError e && e.kind == Kind.CALL || error instanceof ArgumentError;
    }

    /**
     * An argument error of a Java function that instruction {@code pc} called, directly (a
     * deeper one was settled by the Lua frame or Java function that called it): named as Lua
     * 5.2's {@code getfuncname} names the running function, from the call instruction (the
     * called register's variable, {@code for iterator}) or, for any other instruction, the
     * event of the metamethod it called; an unnamed register is looked up in the global table.
     */
    private static void callSite(ArgumentError a, LuaClosure closure, int pc, LuaValue[] stack) {
        Prototype p = closure.p;
        if (pc < 0 || pc >= p.code.length) {
            a.calledAs(null, null);
            return;
        }
        int i = p.code[pc];
        int op = Lua.GET_OPCODE(i);
        if (op == Lua.OP_CALL || op == Lua.OP_TAILCALL) {
            int ra = Lua.GETARG_A(i);
            int nargs = Lua.GETARG_B(i) - 1; // -1: up to the top, which LuaJ keeps elsewhere
            if (nargs >= 0 && ra + 1 + nargs <= stack.length) {
                a.locate(java.util.Arrays.copyOfRange(stack, ra + 1, ra + 1 + nargs), nargs);
            }
            VariableNames.Name n = VariableNames.nameOfRegister(p, pc, ra);
            if (n != null) {
                a.calledAs(n.kind(), n.name());
            } else {
                LuaValue f = ra < stack.length && stack[ra] != null ? stack[ra] : LuaValue.NIL;
                a.calledAs(null, ArgumentError.globalName(f.isfunction() ? f : f.metatag(LuaValue.CALL)));
            }
            return;
        }
        if (op == Lua.OP_TFORCALL) { // R(A)(R(A+1), R(A+2))
            int ra = Lua.GETARG_A(i);
            if (ra + 3 <= stack.length) {
                a.locate(java.util.Arrays.copyOfRange(stack, ra + 1, ra + 3), 2);
            }
            a.calledAs("for iterator", "for iterator");
            return;
        }
        String event = metamethodEvent(op);
        a.calledAs(event == null ? null : "metamethod", event);
    }

    /** The metamethod an instruction other than a call may call, as Lua 5.2's {@code getfuncname}. */
    private static String metamethodEvent(int op) {
        switch (op) {
            case Lua.OP_SELF: case Lua.OP_GETTABUP: case Lua.OP_GETTABLE: return "__index";
            case Lua.OP_SETTABUP: case Lua.OP_SETTABLE: return "__newindex";
            case Lua.OP_EQ: return "__eq";
            case Lua.OP_ADD: return "__add";
            case Lua.OP_SUB: return "__sub";
            case Lua.OP_MUL: return "__mul";
            case Lua.OP_DIV: return "__div";
            case Lua.OP_MOD: return "__mod";
            case Lua.OP_POW: return "__pow";
            case Lua.OP_UNM: return "__unm";
            case Lua.OP_LEN: return "__len";
            case Lua.OP_LT: return "__lt";
            case Lua.OP_LE: return "__le";
            case Lua.OP_CONCAT: return "__concat";
            default: return null;
        }
    }

    private static String describe(OperandError e, LuaClosure closure, int pc, LuaValue[] stack) {
        Prototype p = closure.p;
        if (pc < 0 || pc >= p.code.length) {
            return null;
        }
        int i = p.code[pc];
        int op = Lua.GET_OPCODE(i);
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int c = Lua.GETARG_C(i);
        switch (e.kind) {
            case INDEX:
                if (op == Lua.OP_GETTABLE || op == Lua.OP_SELF) {
                    return register(e, p, pc, stack, b);
                }
                if (op == Lua.OP_SETTABLE) {
                    return register(e, p, pc, stack, a);
                }
                if (op == Lua.OP_GETTABUP || op == Lua.OP_SETTABUP) {
                    int u = op == Lua.OP_GETTABUP ? b : a;
                    boolean same = u < closure.upValues.length && closure.upValues[u].getValue() == e.blamed;
                    return OperandError.typeText(e.kind, e.blamed, same ? VariableNames.ofUpvalue(p, u) : null);
                }
                return null;
            case CALL:
                return op == Lua.OP_CALL || op == Lua.OP_TAILCALL ? register(e, p, pc, stack, a) : null;
            case LEN:
                return op == Lua.OP_LEN ? register(e, p, pc, stack, b) : null;
            case ARITH:
                if (op == Lua.OP_UNM) {
                    return register(e, p, pc, stack, b);
                }
                if (op >= Lua.OP_ADD && op <= Lua.OP_POW) {
                    if (operand(p, stack, b) == e.blamed) {
                        return Lua.ISK(b) ? null : register(e, p, pc, stack, b);
                    }
                    return Lua.ISK(c) ? null : register(e, p, pc, stack, c);
                }
                return null;
            case CONCAT:
                return op == Lua.OP_CONCAT ? concat(e, p, pc, stack, b, c) : null;
            case COMPARE:
                return op == Lua.OP_LT || op == Lua.OP_LE
                        ? OperandError.compareText(operand(p, stack, b), operand(p, stack, c)) : null;
            default:
                return null;
        }
    }

    /** The text naming register {@code reg} when it holds the value at fault, else the unnamed text. */
    private static String register(OperandError e, Prototype p, int pc, LuaValue[] stack, int reg) {
        String d = reg < stack.length && stack[reg] == e.blamed ? VariableNames.ofRegister(p, pc, reg) : null;
        return OperandError.typeText(e.kind, e.blamed, d);
    }

    /**
     * {@code R(b) .. ... .. R(c)} is joined from the right; the first pair (from the right)
     * with an operand that is not a string or number failed: its left operand when that is the
     * culprit, else its right one, which is a register only for the last pair.
     */
    private static String concat(OperandError e, Prototype p, int pc, LuaValue[] stack, int b, int c) {
        boolean rightOk = stringOrNumber(stack[c]);
        for (int r = c - 1; r >= b; r--) {
            boolean leftOk = stringOrNumber(stack[r]);
            if (!leftOk || !rightOk) {
                if (!leftOk) {
                    return register(e, p, pc, stack, r);
                }
                return r + 1 == c ? register(e, p, pc, stack, c) : null;
            }
            rightOk = true;
        }
        return null;
    }

    private static LuaValue operand(Prototype p, LuaValue[] stack, int rk) {
        return Lua.ISK(rk) ? p.k[Lua.INDEXK(rk)] : stack[rk];
    }

    private static boolean stringOrNumber(LuaValue v) {
        return v.type() == LuaValue.TSTRING || v.type() == LuaValue.TNUMBER;
    }
}
