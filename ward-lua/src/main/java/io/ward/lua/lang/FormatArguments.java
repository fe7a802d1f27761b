package io.ward.lua.lang;

/**
 * The values {@link LuaFormat} formats, as the caller holds them. Arguments are numbered as
 * Lua numbers them: the format string is argument 1, so the first value is argument 2.
 *
 * <p>Each accessor applies Lua's conversion and, when the value does not convert, throws the
 * caller's own Lua error ({@code bad argument #3 to 'format' (number expected, got nil)}):
 * naming the function and the value's type is the caller's business.
 */
public interface FormatArguments {
    /** The number of the last argument present (1 when only the format string was passed). */
    int top();

    /** {@code luaL_checknumber}: a number, or a string that converts to one. */
    double checkNumber(int arg);

    /** {@code luaL_checklstring} (for {@code %q}): a string, or a number converted to one. */
    byte[] checkString(int arg);

    /**
     * {@code luaL_tolstring} (for {@code %s}): any value as text, {@code __tostring} included;
     * {@link #NULL_TEXT} itself when {@code __tostring} returned neither a string nor a number
     * (Lua 5.2.4 then hands C's {@code %s} a NULL).
     */
    byte[] toText(int arg);

    /** The text of a NULL {@code %s} (see {@link #toText}); compared by identity, never modify. */
    byte[] NULL_TEXT = {'(', 'n', 'u', 'l', 'l', ')'};
}
