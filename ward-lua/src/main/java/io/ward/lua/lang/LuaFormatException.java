package io.ward.lua.lang;

/**
 * A {@code string.format} error in Lua's words: either a bad argument
 * ({@link #argument()} &gt; 0, {@link #reason()} such as {@code not a number in proper range})
 * or a bad format string ({@link #argument()} is 0, {@link #reason()} the whole message such
 * as {@code invalid option '%y' to 'format'}). {@link #luaMessage} gives the text a script
 * sees; chars stand for bytes (ISO-8859-1), since an invalid option can be any byte.
 */
public final class LuaFormatException extends RuntimeException {
    private final int argument;
    private final String reason;

    private LuaFormatException(int argument, String reason) {
        super(reason, null, false, false); // a Lua error, not a Java failure: no stack trace
        this.argument = argument;
        this.reason = reason;
    }

    static LuaFormatException badArgument(int argument, String reason) {
        return new LuaFormatException(argument, reason);
    }

    static LuaFormatException invalidFormat(String message) {
        return new LuaFormatException(0, message);
    }

    /** The Lua argument number at fault (the format string is 1), or 0 for the format itself. */
    public int argument() {
        return argument;
    }

    /** What is wrong, without the {@code bad argument} frame for an argument error. */
    public String reason() {
        return reason;
    }

    /**
     * The message as Lua raises it: {@code bad argument #2 to 'format' (no value)} for an
     * argument error, the reason alone otherwise.
     *
     * @param functionName what Lua would name the function ({@code format}, {@code string.format});
     *                     the caller also adjusts {@link #argument()} for a method call
     */
    public String luaMessage(String functionName) {
        return argument == 0 ? reason : "bad argument #" + argument + " to '" + functionName + "' (" + reason + ")";
    }
}
