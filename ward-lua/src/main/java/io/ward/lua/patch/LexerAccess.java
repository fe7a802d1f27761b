package io.ward.lua.patch;

import org.luaj.vm2.LuaString;

/**
 * What {@link LuajLexer} needs of LuaJ's lexer ({@code org.luaj.vm2.compiler.LexState}, whose
 * members are package-private): the patcher makes {@code LexState} implement this interface
 * with one-line bridge methods ({@link LuajPatcher#LEXER_BRIDGE}). Same thread as the lexer
 * (a compilation runs on one thread). Public only because the patched class is in another
 * package: not an API.
 */
public interface LexerAccess {
    /** The current input character, -1 at the end of the chunk. */
    int wardCurrent();

    /** Reads the next input character into {@link #wardCurrent()}. */
    void wardNext();

    /** Appends a character (0-255) to the token buffer. */
    void wardSave(int c);

    /** Skips a line break ({@code \n}, {@code \r}, {@code \n\r} or {@code \r\n}) and counts the line. */
    void wardNewline();

    /** The token buffer (only the first {@link #wardLength()} characters are in use). */
    char[] wardBuffer();

    /** How many characters the token buffer holds. */
    int wardLength();

    /** Cuts the token buffer to its first {@code n} characters. */
    void wardTruncate(int n);

    /** The chunk's name, as {@code load} got it. */
    LuaString wardSource();

    /** The line the lexer is on. */
    int wardLine();

    /** The current token (a character, or one of the {@code TK_} codes). */
    int wardToken();

    /** Raises the lexer's error {@code msg} near {@code token} (0: near nothing). */
    void wardError(String msg, int token);
}
