package io.ward.lua.patch;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * Confined to the runtime's context, like any LuaJ error. Lua 5.2's {@code "C stack overflow"}:
 * one entry too many from Java into Lua ({@link CallDepth#MAX_C_CALLS}). As in Lua, it carries
 * the position of the Lua function that caused the entry only when that function did so by an
 * operation (a metamethod: {@code t.x}, {@code a + b}); entered from a Java function
 * ({@code pcall}, {@code string.gsub}, {@code tostring}) it has none. The first Lua frame the
 * error passes decides ({@link #place}); {@code LuaErrors.value} takes its text from {@link #value()}.
 */
public final class CStackOverflow extends LuaError {
    /** The error's text. */
    public static final String MESSAGE = "C stack overflow";
    private static final long serialVersionUID = 1L;

    private boolean placed;
    /** {@code chunk:line: } when the error has a position, else empty. */
    private String position = "";

    CStackOverflow() {
        super(MESSAGE);
    }

    /** The first Lua frame it passes, {@code closure} at instruction {@code pc}, decides its position. */
    void place(LuaClosure closure, int pc) {
        if (placed) {
            return;
        }
        placed = true;
        Prototype p = closure.p;
        int op = pc >= 0 && pc < p.code.length ? Lua.GET_OPCODE(p.code[pc]) : Lua.OP_CALL;
        if (op != Lua.OP_CALL && op != Lua.OP_TAILCALL && op != Lua.OP_TFORCALL) {
            position = LuajHooks.fileline(p, pc) + ": ";
        }
    }

    /** The Lua value of the error: its text, with the position {@link #place} decided. */
    public LuaValue value() {
        placed = true;
        return LuaValue.valueOf(position + MESSAGE);
    }

    @Override
    public String getMessage() {
        return traceback != null ? traceback : position + MESSAGE;
    }
}
