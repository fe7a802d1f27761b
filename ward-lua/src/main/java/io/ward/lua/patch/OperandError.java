package io.ward.lua.patch;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * Confined to the runtime's context, like any LuaJ error. The error of an operation on a value
 * of the wrong type (index, call, arithmetic, concatenation, length, comparison), raised by the
 * patched LuaJ methods through {@link LuajErrorHooks} in Lua 5.2's words without a variable
 * name ({@code attempt to index a nil value}). The first Lua frame it passes
 * ({@code LuaClosure}'s error handler, patched to call {@link LuajErrorHooks#named}) may name
 * the operand from the bytecode ({@code attempt to index local 't' (a nil value)}); the text is
 * then fixed.
 */
public final class OperandError extends LuaError {
    private static final long serialVersionUID = 1L;

    /** The operation that failed. */
    public enum Kind {
        INDEX("index"), CALL("call"), ARITH("perform arithmetic on"), CONCAT("concatenate"),
        LEN("get length of"), COMPARE("compare");

        final String verb;

        Kind(String verb) {
            this.verb = verb;
        }
    }

    final transient Kind kind;
    /** The value blamed (the first operand for a comparison). */
    final transient LuaValue blamed;
    /** The other operand of a comparison, else null. */
    final transient LuaValue other;
    private String text;
    private boolean settled;

    OperandError(Kind kind, LuaValue blamed, LuaValue other) {
        this(kind, blamed, other, kind == Kind.COMPARE ? compareText(blamed, other) : typeText(kind, blamed, null));
    }

    OperandError(Kind kind, LuaValue blamed, LuaValue other, String text) {
        super(text);
        this.kind = kind;
        this.blamed = blamed;
        this.other = other;
        this.text = super.getMessage();
    }

    /** Lua 5.2's {@code luaG_typeerror} text, with {@code description} ({@code local 'x'}) or without. */
    static String typeText(Kind kind, LuaValue v, String description) {
        return description == null
                ? "attempt to " + kind.verb + " a " + v.typename() + " value"
                : "attempt to " + kind.verb + " " + description + " (a " + v.typename() + " value)";
    }

    /** Lua 5.2's {@code luaG_ordererror} text for {@code a < b} (or {@code <=}). */
    static String compareText(LuaValue a, LuaValue b) {
        String t1 = a.typename();
        String t2 = b.typename();
        return t1.equals(t2) ? "attempt to compare two " + t1 + " values" : "attempt to compare " + t1 + " with " + t2;
    }

    /** Sets the text once; later calls (outer frames) change nothing. */
    boolean settle(String newText) {
        if (settled) {
            return false;
        }
        settled = true;
        if (newText != null) {
            text = newText;
        }
        return true;
    }

    @Override
    public String getMessage() {
        if (traceback != null) {
            return traceback;
        }
        return fileline != null ? fileline + " " + text : text;
    }
}
