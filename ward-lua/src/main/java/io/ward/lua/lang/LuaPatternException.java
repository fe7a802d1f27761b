package io.ward.lua.lang;

/**
 * Immutable and thread-safe: a Lua pattern error in Lua 5.2's words, such as {@code malformed pattern (missing ']')} or
 * {@code invalid capture index %2}: {@link #getMessage()} is the text a script sees. Chars
 * stand for bytes (ISO-8859-1).
 */
public final class LuaPatternException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LuaPatternException(String message) {
        super(message, null, false, false); // a Lua error, not a Java failure: no stack trace
    }
}
