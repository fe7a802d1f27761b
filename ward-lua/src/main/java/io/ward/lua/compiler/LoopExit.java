package io.ward.lua.compiler;

import org.luaj.vm2.Varargs;

/**
 * Confined to the Lua thread that throws it. How a call the interpreter handed to compiled code at
 * a loop ({@link Tiering#loopEntry}) ends: thrown from the interpreter's loop instruction with the
 * call's results or its error, through the interpreter's own handlers (an {@code Error}, so its
 * {@code LuaError} and {@code Exception} handlers, which would treat the error as a callee's, let
 * it pass; its {@code finally} closes the upvalues and reports the return), and taken apart by the
 * patched {@code LuaClosure.wardExecute} around the interpreter (docs/COMPILER.md, "Loops enter
 * compiled code").
 */
public final class LoopExit extends Error {
    private static final long serialVersionUID = 1L;

    private final transient Varargs results;
    private final Throwable error;

    private LoopExit(Varargs results, Throwable error) {
        super(null, null, false, false); // no stack trace: control flow, once per call at most
        this.results = results;
        this.error = error;
    }

    static LoopExit returned(Varargs results) {
        return new LoopExit(results, null);
    }

    static LoopExit threw(Throwable error) {
        return new LoopExit(null, error);
    }

    /** The call's results, or its error thrown again. Called by the patched {@code wardExecute}. */
    public Varargs results() {
        if (error != null) {
            throw LoopExit.<RuntimeException>sneaky(error);
        }
        return results;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
