package io.ward.lua.lang;

/**
 * Confined to one call of {@code find}/{@code match}/{@code gmatch}/{@code gsub} (it holds the
 * captures, so each call makes its own): Lua 5.2's pattern matcher ({@code lstrlib.c}'s
 * {@code match}) on bytes: one subject, one
 * pattern and the captures of the latest match attempt. Positions are indices into the
 * subject's array (the subject may be a slice of a larger array).
 *
 * <p>Semantics follow 5.2.4 exactly: classes are C-locale; {@code ^} anchors only at the
 * pattern start (the caller strips it) and {@code $} only at the end; a byte read past the
 * pattern's end is 0 as in C; nesting deeper than 200 calls raises {@code pattern too
 * complex} ({@code MAXCCALLS}); more than 32 captures raise {@code too many captures}.
 *
 * <p>Over 400 lines on purpose: one matcher, whose steps (single byte, set, quantifiers,
 * captures, {@code %b}, {@code %f}, back-references) share its subject, pattern and capture
 * state; split up, each piece would need all of it passed around.
 */
public final class PatternMatcher {
    /** Lua's {@code LUA_MAXCAPTURES}. */
    public static final int MAX_CAPTURES = 32;
    /** Lua's {@code MAXCCALLS}: how deep {@code match} may nest. */
    private static final int MAX_DEPTH = 200;
    private static final int UNFINISHED = -1;
    private static final int POSITION = -2;
    private static final int ESC = '%';
    private static final String SPECIALS = "^$*+?.([%-";
    /** Match steps between two calls of the checkpoint. */
    private static final int CHECK_INTERVAL = 1 << 16;

    private final byte[] s;
    private final int sInit;
    private final int sEnd;
    private final byte[] p;
    private final int pEnd;
    private int level;
    private int depth;
    private final int[] capInit = new int[MAX_CAPTURES];
    private final int[] capLen = new int[MAX_CAPTURES];
    private Runnable checkpoint;
    private int stepsLeft = CHECK_INTERVAL;

    /**
     * A matcher of {@code pattern[patOff, patOff+patLen)} against
     * {@code subject[srcOff, srcOff+srcLen)}.
     */
    public PatternMatcher(byte[] subject, int srcOff, int srcLen, byte[] pattern, int patOff, int patLen) {
        this.s = subject;
        this.sInit = srcOff;
        this.sEnd = srcOff + srcLen;
        this.p = pattern;
        this.pEnd = patOff + patLen;
    }

    /**
     * Runs {@code r} every 65,536 match steps, so that a search that backtracks for a long time
     * (as it does in Lua: {@code string.rep("a", 30) .. "b"} against {@code ("a-"):rep(30) .. "c"})
     * can be interrupted: {@code r} throws to stop it.
     */
    public void setCheckpoint(Runnable r) {
        this.checkpoint = r;
    }

    /** Whether the pattern has none of Lua's special bytes {@code ^$*+?.([%-} (then find searches plainly). */
    public static boolean hasSpecials(byte[] pattern, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            if (SPECIALS.indexOf(pattern[i]) >= 0) { // a negative byte is never found
                return true;
            }
        }
        return false;
    }

    /** The first index of {@code needle} in {@code hay[from, end)}, or -1. An empty needle is found at {@code from}. */
    public static int indexOf(byte[] hay, int from, int end, byte[] needle, int nOff, int nLen) {
        if (nLen == 0) {
            return from;
        }
        byte first = needle[nOff];
        for (int i = from, last = end - nLen; i <= last; i++) {
            if (hay[i] == first) {
                int k = 1;
                while (k < nLen && hay[i + k] == needle[nOff + k]) {
                    k++;
                }
                if (k == nLen) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * One attempt at subject index {@code at} with the pattern from index {@code patFrom};
     * captures start afresh. Returns the index just past the match, or -1.
     *
     * @throws LuaPatternException for a malformed pattern met on the way, or one too complex
     */
    public int match(int at, int patFrom) {
        level = 0;
        depth = MAX_DEPTH;
        return doMatch(at, patFrom);
    }

    /** The number of captures of the latest successful match (complete or not). */
    public int level() {
        return level;
    }

    /** Whether capture {@code i} (0-based) is a position capture {@code ()}. */
    public boolean isPosition(int i) {
        return capLen[i] == POSITION;
    }

    /** The subject index where capture {@code i} starts (for a position capture, its position). */
    public int captureStart(int i) {
        return capInit[i];
    }

    /**
     * The length of capture {@code i}; {@code unfinished capture} for one never closed
     * ({@code "(a"} matched).
     */
    public int captureLength(int i) {
        if (capLen[i] == UNFINISHED) {
            throw new LuaPatternException("unfinished capture");
        }
        return capLen[i];
    }

    /** Raises gsub's {@code invalid capture index} for a {@code %n} beyond the captures. */
    public static LuaPatternException invalidReplacementCapture() {
        return new LuaPatternException("invalid capture index");
    }

    /** {@code invalid use of '%' in replacement string}. */
    public static LuaPatternException invalidReplacementEscape() {
        return new LuaPatternException("invalid use of '%' in replacement string");
    }

    /** The subject index where the subject starts. */
    public int subjectStart() {
        return sInit;
    }

    /** The subject index just past its end. */
    public int subjectEnd() {
        return sEnd;
    }

    private int pat(int i) {
        return i < pEnd ? p[i] & 0xff : 0;
    }

    private int src(int i) {
        return i < sEnd ? s[i] & 0xff : 0;
    }

    private int doMatch(int si, int pi) {
        if (depth-- == 0) {
            throw new LuaPatternException("pattern too complex");
        }
        if (--stepsLeft < 0) {
            stepsLeft = CHECK_INTERVAL;
            if (checkpoint != null) {
                checkpoint.run();
            }
        }
        try {
            while (pi != pEnd) {
                int pc = p[pi] & 0xff;
                switch (pc) {
                    case '(':
                        return pat(pi + 1) == ')'
                                ? startCapture(si, pi + 2, POSITION)
                                : startCapture(si, pi + 1, UNFINISHED);
                    case ')':
                        return endCapture(si, pi + 1);
                    case '$':
                        if (pi + 1 == pEnd) {
                            return si == sEnd ? si : -1;
                        }
                        break; // an ordinary char
                    case ESC: {
                        int next = pat(pi + 1);
                        if (next == 'b') {
                            si = matchBalance(si, pi + 2);
                            if (si < 0) {
                                return -1;
                            }
                            pi += 4;
                            continue;
                        } else if (next == 'f') {
                            pi += 2;
                            if (pat(pi) != '[') {
                                throw new LuaPatternException("missing '[' after '%f' in pattern");
                            }
                            int ep = classEnd(pi);
                            int previous = si == sInit ? 0 : s[si - 1] & 0xff;
                            if (!matchBracketClass(previous, pi, ep - 1) && matchBracketClass(src(si), pi, ep - 1)) {
                                pi = ep;
                                continue;
                            }
                            return -1;
                        } else if (CharClass.isDigit(next)) {
                            si = matchCapture(si, next);
                            if (si < 0) {
                                return -1;
                            }
                            pi += 2;
                            continue;
                        }
                        break; // a class such as %a
                    }
                    default:
                        break;
                }
                int ep = classEnd(pi);
                int suffix = pat(ep);
                if (!singleMatch(si, pi, ep)) {
                    if (suffix == '*' || suffix == '?' || suffix == '-') {
                        pi = ep + 1;
                        continue;
                    }
                    return -1;
                }
                switch (suffix) {
                    case '?': {
                        int res = doMatch(si + 1, ep + 1);
                        if (res >= 0) {
                            return res;
                        }
                        pi = ep + 1;
                        continue;
                    }
                    case '+':
                        return maxExpand(si + 1, pi, ep);
                    case '*':
                        return maxExpand(si, pi, ep);
                    case '-':
                        return minExpand(si, pi, ep);
                    default:
                        si++;
                        pi = ep;
                }
            }
            return si;
        } finally {
            depth++;
        }
    }

    private int startCapture(int si, int pi, int what) {
        if (level >= MAX_CAPTURES) {
            throw new LuaPatternException("too many captures");
        }
        capInit[level] = si;
        capLen[level] = what;
        level++;
        int res = doMatch(si, pi);
        if (res < 0) {
            level--;
        }
        return res;
    }

    private int endCapture(int si, int pi) {
        int l = captureToClose();
        capLen[l] = si - capInit[l];
        int res = doMatch(si, pi);
        if (res < 0) {
            capLen[l] = UNFINISHED;
        }
        return res;
    }

    private int captureToClose() {
        for (int l = level - 1; l >= 0; l--) {
            if (capLen[l] == UNFINISHED) {
                return l;
            }
        }
        throw new LuaPatternException("invalid pattern capture");
    }

    private int matchCapture(int si, int digit) {
        int l = digit - '1';
        if (l < 0 || l >= level || capLen[l] == UNFINISHED) {
            throw new LuaPatternException("invalid capture index %" + (l + 1));
        }
        int len = capLen[l];
        if (len < 0 || sEnd - si < len) { // a position capture never matches (C: a huge size_t)
            return -1;
        }
        int from = capInit[l];
        for (int k = 0; k < len; k++) {
            if (s[from + k] != s[si + k]) {
                return -1;
            }
        }
        return si + len;
    }

    private int matchBalance(int si, int pi) {
        if (pi >= pEnd - 1) {
            throw new LuaPatternException("malformed pattern (missing arguments to '%b')");
        }
        if (si >= sEnd || (s[si] & 0xff) != (p[pi] & 0xff)) {
            return -1;
        }
        byte open = p[pi];
        byte close = p[pi + 1];
        int count = 1;
        while (++si < sEnd) {
            byte c = s[si];
            if (c == close) {
                if (--count == 0) {
                    return si + 1;
                }
            } else if (c == open) {
                count++;
            }
        }
        return -1;
    }

    private int maxExpand(int si, int pi, int ep) {
        int i = 0;
        while (singleMatch(si + i, pi, ep)) {
            i++;
        }
        while (i >= 0) {
            int res = doMatch(si + i, ep + 1);
            if (res >= 0) {
                return res;
            }
            i--;
        }
        return -1;
    }

    private int minExpand(int si, int pi, int ep) {
        for (;;) {
            int res = doMatch(si, ep + 1);
            if (res >= 0) {
                return res;
            }
            if (singleMatch(si, pi, ep)) {
                si++;
            } else {
                return -1;
            }
        }
    }

    /** The index just past the single-char class at {@code pi} ({@code x}, {@code %x}, {@code [...]}). */
    private int classEnd(int pi) {
        int c = p[pi++] & 0xff;
        if (c == ESC) {
            if (pi >= pEnd) {
                throw new LuaPatternException("malformed pattern (ends with '%')");
            }
            return pi + 1;
        }
        if (c == '[') {
            if (pat(pi) == '^') {
                pi++;
            }
            do {
                if (pi >= pEnd) {
                    throw new LuaPatternException("malformed pattern (missing ']')");
                }
                int b = p[pi++] & 0xff;
                if (b == ESC && pi < pEnd) {
                    pi++;
                }
            } while (pat(pi) != ']');
            return pi + 1;
        }
        return pi;
    }

    private boolean singleMatch(int si, int pi, int ep) {
        if (si >= sEnd) {
            return false;
        }
        int c = s[si] & 0xff;
        int pc = p[pi] & 0xff;
        return switch (pc) {
            case '.' -> true;
            case ESC -> CharClass.matches(c, p[pi + 1] & 0xff);
            case '[' -> matchBracketClass(c, pi, ep - 1);
            default -> pc == c;
        };
    }

    /** Whether {@code c} is in the set {@code [...]} from {@code pi} (its {@code [}) to {@code ec} (its {@code ]}). */
    private boolean matchBracketClass(int c, int pi, int ec) {
        boolean sig = true;
        if (pat(pi + 1) == '^') {
            sig = false;
            pi++;
        }
        while (++pi < ec) {
            int b = p[pi] & 0xff;
            if (b == ESC) {
                pi++;
                if (CharClass.matches(c, pat(pi))) {
                    return sig;
                }
            } else if (pat(pi + 1) == '-' && pi + 2 < ec) {
                pi += 2;
                if (b <= c && c <= (p[pi] & 0xff)) {
                    return sig;
                }
            } else if (b == c) {
                return sig;
            }
        }
        return !sig;
    }
}
