package io.ward.lua.compiler;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;

/**
 * Immutable, so any thread may run it. The compiled body of one Lua function ({@code Prototype}):
 * what LuaJ's interpreter does for that prototype, as JVM bytecode ({@link FunctionCompiler}
 * generates the subclasses). {@code LuaClosure.execute} runs it in place of the interpreter once
 * {@link Tiering} has published it; the registers stay in {@code stack}, so upvalues, the debug
 * library and the error hooks see what they see in the interpreter.
 */
public abstract class CompiledFunction {
    /** What {@link #resume} returns when the body does not take the call (compared by identity). */
    public static final Varargs DECLINED = LuaValue.varargsOf(new LuaValue[] {LuaValue.NIL, LuaValue.NIL});

    /** For the generated subclasses. */
    protected CompiledFunction() {
    }

    /**
     * Runs {@code closure}'s body with the registers {@code stack} (parameters in place) and the
     * extra arguments {@code varargs}, exactly as {@code LuaClosure}'s interpreter would.
     */
    public abstract Varargs execute(LuaClosure closure, LuaValue[] stack, Varargs varargs);

    /**
     * Goes on with a call the interpreter is running, from the loop instruction at {@code pc} it
     * was about to run (on-stack replacement, {@link Tiering#loopEntry}): its registers
     * {@code stack}, extra arguments {@code varargs} and open upvalues {@code openups}; the frame
     * (call counts, the hook's frame) stays the interpreter's. Returns the call's results (which,
     * as the interpreter's, may be a Java function's null), or {@link #DECLINED} when the body
     * does not take it there (a Lua hook is set, no such loop): the interpreter goes on.
     */
    public abstract Varargs resume(LuaClosure closure, LuaValue[] stack, Varargs varargs, UpValue[] openups, int pc);

    // Direct entries for compiled callers ({@link EntryPoints}): a call of {@code closure} by a Lua
    // call instruction with that many arguments, as {@code LuaClosure.call} and the counting
    // {@code execute} would make it, then {@link #execute}.

    /** {@code closure()}, first result. */
    public abstract LuaValue call0(LuaClosure closure);

    /** {@code closure(a)}, first result. */
    public abstract LuaValue call1(LuaClosure closure, LuaValue a);

    /** {@code closure(a, b)}, first result. */
    public abstract LuaValue call2(LuaClosure closure, LuaValue a, LuaValue b);

    /** {@code closure(a, b, c)}, first result. */
    public abstract LuaValue call3(LuaClosure closure, LuaValue a, LuaValue b, LuaValue c);

    /** {@code closure(args...)}, all results. */
    public abstract Varargs invoke(LuaClosure closure, Varargs args);
}
