package io.ward.lua.patch;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stateless. The parts of LuaJ's lexer that Lua 5.2 words or reads differently: short
 * strings with 5.2's escapes and escape errors ({@link #readString}), and every lexer and
 * parser error as {@code chunk:line: message near 'token'} ({@link #error}). The patched
 * {@code LexState.read_string} and {@code LexState.lexerror} call them ({@link LuajPatcher}).
 * Public only because the patched class is in another package: not an API.
 */
public final class LuajLexer {
    /** LuaJ's token codes (the patcher checks them against {@code LexState}'s constants). */
    static final int FIRST_RESERVED = 257;
    static final int TK_EOS = 286;
    static final int TK_NUMBER = 287;
    static final int TK_NAME = 288;
    static final int TK_STRING = 289;

    /** Lua 5.2's reserved words and multi-character tokens, from {@link #FIRST_RESERVED} on. */
    private static final List<String> TOKENS = List.of(
            "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
            "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
            "..", "...", "==", ">=", "<=", "~=", "::", "<eof>", "<number>", "<name>", "<string>");

    /** LuaJ's "unexpected symbol 287 (ğ)": 5.2 says "unexpected symbol" and the token after "near". */
    private static final Pattern UNEXPECTED = Pattern.compile("unexpected symbol -?\\d+ \\(.\\)");
    /** LuaJ's "label 'x already defined on line 1" lacks the closing quote. */
    private static final Pattern REPEATED_LABEL = Pattern.compile("label '([^ ]*) already defined on line (\\d+)");
    /** LuaJ compiles break as a goto to a label "break": outside a loop it says no such label was visible. */
    private static final Pattern LOOSE_BREAK = Pattern.compile("no visible label 'break' for <goto> at line (\\d+)");

    /** LuaJ says {@code '<eos>' expected}; 5.2 says {@code <eof> expected}, quoting no {@code <name>}-like token. */
    private static final Pattern EXPECTED_CLASS = Pattern.compile("'(<[a-z]+>)' expected(.*)", Pattern.DOTALL);

    private static final int EOZ = -1;

    private LuajLexer() {
    }

    /**
     * Lua 5.2's {@code read_string}: the current character is the opening delimiter {@code del};
     * reads up to the closing one and returns the string's bytes. Escapes as in 5.2 ({@code \z},
     * {@code \xXX}, {@code \ddd}); anything else after a backslash is {@code invalid escape
     * sequence}. LuaJ took {@code \g} as {@code g}, looped for ever on {@code \z} at the end of
     * the chunk, and worded the errors its own way.
     */
    public static LuaString readString(LexerAccess ls, int del) {
        saveAndNext(ls); // keeps the delimiter, as the error texts show it
        while (ls.wardCurrent() != del) {
            int c = ls.wardCurrent();
            if (c == EOZ) {
                ls.wardError("unfinished string", TK_EOS);
            } else if (c == '\n' || c == '\r') {
                ls.wardError("unfinished string", TK_STRING);
            } else if (c == '\\') {
                escape(ls);
            } else {
                saveAndNext(ls);
            }
        }
        saveAndNext(ls);
        char[] buff = ls.wardBuffer();
        int n = ls.wardLength();
        byte[] bytes = new byte[n - 2];
        for (int i = 1; i < n - 1; i++) {
            bytes[i - 1] = (byte) buff[i];
        }
        return LuaString.valueUsing(bytes);
    }

    /** One escape sequence; the backslash is the current character. */
    private static void escape(LexerAccess ls) {
        saveAndNext(ls); // the backslash stays in the buffer until the escape is known (error texts)
        int c;
        switch (ls.wardCurrent()) {
            case 'a' -> c = 7;
            case 'b' -> c = '\b';
            case 'f' -> c = '\f';
            case 'n' -> c = '\n';
            case 'r' -> c = '\r';
            case 't' -> c = '\t';
            case 'v' -> c = 11;
            case 'x' -> c = hexEscape(ls);
            case '\\', '"', '\'' -> c = ls.wardCurrent();
            case '\n', '\r' -> {
                ls.wardNewline();
                replaceBackslash(ls, '\n');
                return;
            }
            case EOZ -> {
                return; // the loop raises "unfinished string"
            }
            case 'z' -> {
                ls.wardTruncate(ls.wardLength() - 1);
                ls.wardNext();
                while (isSpace(ls.wardCurrent())) {
                    if (ls.wardCurrent() == '\n' || ls.wardCurrent() == '\r') {
                        ls.wardNewline();
                    } else {
                        ls.wardNext();
                    }
                }
                return;
            }
            default -> {
                if (!isDigit(ls.wardCurrent())) {
                    escapeError(ls, new int[] {ls.wardCurrent()}, 1, "invalid escape sequence");
                }
                replaceBackslash(ls, decimalEscape(ls));
                return;
            }
        }
        ls.wardNext();
        replaceBackslash(ls, c);
    }

    /** {@code \xXX}: the current character is the {@code x}. */
    private static int hexEscape(LexerAccess ls) {
        int[] read = {'x', 0, 0};
        int r = 0;
        for (int i = 1; i < 3; i++) {
            ls.wardNext();
            read[i] = ls.wardCurrent();
            int digit = Character.digit(read[i], 16);
            if (read[i] < 0 || read[i] > 127 || digit < 0) {
                escapeError(ls, read, i + 1, "hexadecimal digit expected");
            }
            r = (r << 4) + digit;
        }
        return r;
    }

    /** {@code \ddd}: up to three decimal digits, at most 255. */
    private static int decimalEscape(LexerAccess ls) {
        int[] read = new int[3];
        int r = 0;
        int i = 0;
        for (; i < 3 && isDigit(ls.wardCurrent()); i++) {
            read[i] = ls.wardCurrent();
            r = 10 * r + read[i] - '0';
            ls.wardNext();
        }
        if (r > 255) {
            escapeError(ls, read, i, "decimal escape too large");
        }
        return r;
    }

    /** The error of a bad escape names only the escape: {@code near '\x5"'}. */
    private static void escapeError(LexerAccess ls, int[] read, int n, String msg) {
        ls.wardTruncate(0);
        ls.wardSave('\\');
        for (int i = 0; i < n && read[i] != EOZ; i++) {
            ls.wardSave(read[i]);
        }
        ls.wardError(msg, TK_STRING);
    }

    private static void replaceBackslash(LexerAccess ls, int c) {
        ls.wardTruncate(ls.wardLength() - 1);
        ls.wardSave(c);
    }

    private static void saveAndNext(LexerAccess ls) {
        ls.wardSave(ls.wardCurrent());
        ls.wardNext();
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** C's {@code isspace} in the C locale; the end of the chunk is none. */
    private static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /**
     * Before the first token: Lua 5.2 skips a first line starting with {@code #} (a Unix
     * {@code #!} line) when it loads a file ({@code luaL_loadfile}), never in a string given to
     * {@code load}. Files are the chunks named {@code @name}; the line break stays, so line
     * numbers do not change.
     */
    public static void skipFirstLine(LexerAccess ls) {
        LuaString source = ls.wardSource();
        if (source == null || source.length() == 0 || source.luaByte(0) != '@' || ls.wardCurrent() != '#') {
            return;
        }
        while (ls.wardCurrent() != EOZ && ls.wardCurrent() != '\n' && ls.wardCurrent() != '\r') {
            ls.wardNext();
        }
    }

    /**
     * Lua 5.2's {@code lexerror}: {@code chunk:line: msg}, then {@code near} and the token
     * unless {@code token} is 0 (semantic errors such as a jump into a local's scope).
     */
    public static LuaError error(LexerAccess ls, String msg, int token) {
        String text = LuajHooks.chunkid(ls.wardSource()) + ":" + ls.wardLine() + ": " + reworded(msg);
        if (token != 0) {
            text += " near " + tokenText(ls, token);
        }
        return new LuaError(text);
    }

    /**
     * Lua 5.2's {@code errorlimit}: {@code too many C levels (limit is 200) in main function}
     * (or {@code in function at line 3}), near the current token.
     */
    public static LuaError limitError(LexerAccess ls, int lineDefined, int limit, String what) {
        String where = lineDefined == 0 ? "main function" : "function at line " + lineDefined;
        return error(ls, "too many " + what + " (limit is " + limit + ") in " + where, ls.wardToken());
    }

    private static String reworded(String msg) {
        if (UNEXPECTED.matcher(msg).matches()) {
            return "unexpected symbol";
        }
        Matcher m = REPEATED_LABEL.matcher(msg);
        if (m.matches()) {
            return "label '" + m.group(1) + "' already defined on line " + m.group(2);
        }
        m = LOOSE_BREAK.matcher(msg);
        if (m.matches()) {
            return "<break> at line " + m.group(1) + " not inside a loop";
        }
        m = EXPECTED_CLASS.matcher(msg);
        if (m.matches()) { // LuaJ's token table says <eos> where 5.2's says <eof>
            return (m.group(1).equals("<eos>") ? "<eof>" : m.group(1)) + " expected" + m.group(2);
        }
        return msg;
    }

    /** Lua 5.2's {@code txtToken}: the buffer for names, strings and numerals, else the token's text. */
    private static String tokenText(LexerAccess ls, int token) {
        if (token == TK_NAME || token == TK_STRING || token == TK_NUMBER) {
            char[] buff = ls.wardBuffer();
            int n = 0;
            while (n < ls.wardLength() && buff[n] != 0) { // a C string ends at the first NUL
                n++;
            }
            return "'" + new String(buff, 0, n) + "'";
        }
        if (token < FIRST_RESERVED) {
            return token >= 32 && token < 127 ? "'" + (char) token + "'" : "char(" + token + ")";
        }
        String s = TOKENS.get(token - FIRST_RESERVED);
        return token < TK_EOS ? "'" + s + "'" : s;
    }
}
