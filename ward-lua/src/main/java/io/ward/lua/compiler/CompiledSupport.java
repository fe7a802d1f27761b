package io.ward.lua.compiler;

import io.ward.lua.lib.WardBaseLib;
import io.ward.lua.lib.WardMathLib;
import io.ward.lua.limits.ExecutionHook;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaNumber;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.TableCursor;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * Stateless. Small steps of compiled Lua code that would make the generated methods long (each
 * is what LuaJ's interpreter does for that instruction, through public LuaJ methods). Public only
 * because generated classes live in LuaJ's package: not an API.
 */
public final class CompiledSupport {
    /**
     * The bootstrap of compiled code's operation calls ({@code FunctionCompiler.call}): a call
     * site bound to {@code target}, a public static method of Ward's, for good.
     */
    public static CallSite link(MethodHandles.Lookup caller, String name, MethodType type, MethodHandle target) {
        return new ConstantCallSite(target);
    }

    private CompiledSupport() {
    }

    /**
     * Whether a compiled body that keeps registers in JVM locals must leave this call to the
     * interpreter: a debug library other than Ward's execution hook, or the hook's
     * {@link ExecutionHook#interpretsLocals} (the full debug library, a Lua hook). The loop entries'
     * test; a compiled function's entry makes the same one in steps (FunctionCompiler).
     */
    public static boolean interpretInsteadOfLocals(Globals g) {
        DebugLib d = g != null ? g.debuglib : null;
        return d != null && (!(d instanceof ExecutionHook) || ((ExecutionHook) d).interpretsLocals());
    }

    /** A new register array of {@code n} nils, as {@code LuaClosure}'s. */
    public static LuaValue[] newStack(int n) {
        LuaValue[] stack = new LuaValue[n];
        Arrays.fill(stack, LuaValue.NIL);
        return stack;
    }

    /**
     * Whether {@code v} is a number, for compiled arithmetic. A call, not an {@code instanceof} in
     * the generated code, so that every site shares this one profile: LuaJ makes a whole-valued
     * result a {@code LuaInteger}, else a {@code LuaDouble}, and a site that saw one class only
     * would have the JIT speculate on it and throw its code away at the first value of the other
     * (n_body's Sun at 0, 0, 0: a recompile of the whole function per site).
     */
    public static boolean isNumber(LuaValue v) {
        return v instanceof LuaNumber;
    }

    /**
     * {@code v.todouble()} for a number {@code v}: one shared profile, as {@link #isNumber}. The
     * two number classes are told apart here, so that each call is bound to its class without
     * a profile: a virtual {@code todouble()} left C2 to the type profile of this one call, and a
     * JVM whose profile had seen a failed guard there compiled every site as a real virtual call
     * (n_body's {@code advance}: 25 of them, 118-150 ms per call against 91).
     */
    public static double toDouble(LuaValue v) {
        if (v instanceof LuaDouble) {
            return ((LuaDouble) v).todouble();
        }
        if (v instanceof LuaInteger) {
            return ((LuaInteger) v).todouble();
        }
        return v.todouble();
    }

    /** Whether {@code g} has a debug library that is not Ward's execution hook: compiled code then leaves calls to the interpreter. */
    public static boolean foreignDebugLib(Globals g) {
        return g != null && g.debuglib != null && !(g.debuglib instanceof ExecutionHook);
    }

    /** Ward's execution hook of {@code g}, or null. */
    public static ExecutionHook hook(Globals g) {
        return g != null && g.debuglib instanceof ExecutionHook ? (ExecutionHook) g.debuglib : null;
    }

    /** Reports {@code count} instructions up to {@code pc} to the hook, if any (calls, back-edges); returns {@code pc}. */
    public static int tick(ExecutionHook hook, int pc, int count) {
        if (hook != null) {
            hook.onInstructions(pc, count);
        }
        return pc;
    }

    /** Reports {@code count} instructions to the hook, if any (branches, returns). */
    public static void count(ExecutionHook hook, int count) {
        if (hook != null) {
            hook.count(count);
        }
    }

    /** A source line or a jump target starts at {@code pc}: the hook's Lua line hook, if one is set. */
    public static void lineStart(ExecutionHook hook, int pc) {
        if (hook != null) {
            hook.luaHookAt(pc);
        }
    }

    /**
     * An error raised at {@code pc}: tells the hook, if any, and counts the instructions the frame
     * ran since its last report, which the interpreter had counted before the error
     * ({@code unreported.charAt(pc) - 1}, from {@code FunctionCompiler}).
     */
    public static void raisedAt(ExecutionHook hook, int pc, String unreported) {
        if (hook != null) {
            hook.at(pc);
            if (pc >= 0 && pc < unreported.length()) {
                hook.count(unreported.charAt(pc) - 1);
            }
        }
    }

    /** Tells the hook, if any, that the frame is at {@code pc} (before Lua code may run, or on an error). */
    public static void at(ExecutionHook hook, int pc) {
        if (hook != null) {
            hook.at(pc);
        }
    }

    /** OP_LOADNIL: registers {@code from} to {@code from + n - 1} become nil. */
    public static void nils(LuaValue[] stack, int from, int n) {
        Arrays.fill(stack, from, from + n, LuaValue.NIL);
    }

    /** OP_FORPREP: checks and prepares the numeric for loop at register {@code a}. */
    public static void forPrep(LuaValue[] stack, int a) {
        LuaValue init = stack[a].checknumber("'for' initial value must be a number");
        LuaValue limit = stack[a + 1].checknumber("'for' limit must be a number");
        LuaValue step = stack[a + 2].checknumber("'for' step must be a number");
        stack[a] = init.sub(step);
        stack[a + 1] = limit;
        stack[a + 2] = step;
    }

    /** OP_FORPREP with registers in JVM locals: the checked initial value. */
    public static LuaValue forInit(LuaValue init) {
        return init.checknumber("'for' initial value must be a number");
    }

    /** OP_FORPREP with registers in JVM locals: the checked limit. */
    public static LuaValue forLimit(LuaValue limit) {
        return limit.checknumber("'for' limit must be a number");
    }

    /** OP_FORPREP with registers in JVM locals: the checked step. */
    public static LuaValue forStepValue(LuaValue step) {
        return step.checknumber("'for' step must be a number");
    }

    /**
     * OP_TFORCALL of the iterator {@code ipairs} or {@code pairs} gives for a table: its results
     * without the call ({@link WardBaseLib#iterate}); null to call {@code f}, which the caller
     * then does, as always where the hook gives Java functions frames (the full debug library).
     */
    public static Varargs iterate(ExecutionHook hook, LuaValue f, LuaValue s, LuaValue c) {
        return hook != null && hook.recordsJavaCalls() ? null : WardBaseLib.iterate(f, s, c);
    }

    /**
     * OP_TFORCALL of the iterator {@code ipairs} or {@code pairs} gives for a plain table: its
     * results in {@code cursor} (or a new one), returned ({@link WardBaseLib#step}); null for
     * {@link #iterate}'s path.
     */
    public static TableCursor step(ExecutionHook hook, LuaValue f, LuaValue s, LuaValue c, TableCursor cursor) {
        return hook != null && hook.recordsJavaCalls() ? null : WardBaseLib.step(f, s, c, cursor);
    }

    /**
     * OP_CALL of one number to one result: what {@code f(x)} computes when {@code f} is one of
     * the {@code math} library's functions of one number ({@code sqrt}, {@code floor}, ...),
     * which compiled code then applies itself; null to call {@code f}, as always where the hook
     * gives Java functions frames (the full debug library).
     */
    public static WardMathLib.Unary unaryMath(ExecutionHook hook, LuaValue f) {
        return hook != null && hook.recordsJavaCalls() ? null : WardMathLib.unary(f);
    }

    /** OP_TFORCALL's results: {@code stack[to + j] = v.arg(j + 1)} for j from {@code n - 1} down to 0. */
    public static void spread(Varargs v, LuaValue[] stack, int to, int n) {
        while (--n >= 0) {
            stack[to + n] = v.arg(n + 1);
        }
    }

    /** OP_VARARG with a count: {@code stack[a + j - 1] = varargs.arg(j)} for j from 1 to {@code b - 1}. */
    public static void varargs(Varargs varargs, LuaValue[] stack, int a, int b) {
        for (int j = 1; j < b; ++j) {
            stack[a + j - 1] = varargs.arg(j);
        }
    }

    /** OP_SETLIST with {@code b} values (0: up to {@code top}, the last ones in {@code v}) from offset {@code offset}. */
    public static void setList(LuaValue[] stack, int a, int b, int offset, int top, Varargs v) {
        LuaValue o = stack[a];
        if (b == 0) {
            b = top - a - 1;
            int m = b - v.narg();
            int j = 1;
            for (; j <= m; j++) {
                o.set(offset + j, stack[a + j]);
            }
            for (; j <= b; j++) {
                o.set(offset + j, v.arg(j - m));
            }
        } else {
            o.presize(offset + b);
            for (int j = 1; j <= b; j++) {
                o.set(offset + j, stack[a + j]);
            }
        }
    }

    /**
     * OP_SETLIST with registers in JVM locals: {@code values} at {@code offset + 1} on, then
     * {@code open}'s values (B = 0), or presized for {@code values} alone ({@code open} null).
     */
    public static void setList(LuaValue table, LuaValue[] values, int offset, Varargs open) {
        int n = values.length;
        if (open == null) {
            table.presize(offset + n);
        }
        for (int j = 0; j < n; j++) {
            table.set(offset + j + 1, values[j]);
        }
        if (open != null) {
            for (int j = 1, m = open.narg(); j <= m; j++) {
                table.set(offset + n + j, open.arg(j));
            }
        }
    }

    /** The frame ends: closes its open upvalues, as the interpreter's {@code finally}. */
    public static void closeAll(UpValue[] openups) {
        if (openups != null) {
            for (int u = openups.length; --u >= 0; ) {
                if (openups[u] != null) {
                    openups[u].close();
                }
            }
        }
    }
}
