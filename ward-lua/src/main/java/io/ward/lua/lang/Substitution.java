package io.ward.lua.lang;

/**
 * Stateless and thread-safe: the loop of Lua 5.2's {@code string.gsub} and its replacement-string expansion
 * ({@code %0}-{@code %9}, {@code %%}); what a table or function replacement yields is the
 * caller's {@link Replacement}.
 */
public final class Substitution {
    /** What replaces one match; it appends to {@code out}. */
    @FunctionalInterface
    public interface Replacement {
        /** Appends the replacement of the match {@code [start, end)} whose captures {@code m} holds. */
        void replace(PatternMatcher m, int start, int end, ByteOutput out);
    }

    private Substitution() {
    }

    /**
     * Replaces up to {@code max} matches (an unsigned count, as Lua's {@code size_t}: a
     * negative one is no limit) of the pattern from {@code patFrom} in {@code m}'s subject,
     * appending the result to {@code out}, and returns the number of matches. An empty match
     * copies the next byte; {@code anchored} stops after the first attempt.
     */
    public static long gsub(PatternMatcher m, int patFrom, boolean anchored, long max, Replacement r,
            byte[] subject, ByteOutput out) {
        int src = m.subjectStart();
        int end = m.subjectEnd();
        long n = 0;
        while (Long.compareUnsigned(n, max) < 0) {
            int e = m.match(src, patFrom);
            if (e >= 0) {
                n++;
                r.replace(m, src, e, out);
            }
            if (e > src) {
                src = e;
            } else if (src < end) {
                out.append(subject[src++]);
            } else {
                break;
            }
            if (anchored) {
                break;
            }
        }
        out.append(subject, src, end - src);
        return n;
    }

    /** The replacement string {@code t[off, off+len)} of {@code gsub}, as Lua's {@code add_s} expands it. */
    public static Replacement template(byte[] t, int off, int len, byte[] subject) {
        int end = off + len;
        boolean plain = true;
        for (int i = off; i < end; i++) {
            if (t[i] == '%') {
                plain = false;
                break;
            }
        }
        if (plain) {
            return (m, start, stop, out) -> out.append(t, off, len);
        }
        return (m, start, stop, out) -> {
            for (int i = off; i < end; i++) {
                byte b = t[i];
                if (b != '%') {
                    out.append(b);
                    continue;
                }
                i++;
                int c = i < end ? t[i] & 0xff : 0;
                if (!CharClass.isDigit(c)) {
                    if (c != '%') {
                        throw PatternMatcher.invalidReplacementEscape();
                    }
                    out.append(c);
                } else if (c == '0') {
                    out.append(subject, start, stop - start);
                } else {
                    appendCapture(m, c - '1', start, stop, subject, out);
                }
            }
        };
    }

    /** Capture {@code i} (0-based) as text: Lua's {@code push_onecapture} then {@code luaL_addvalue}. */
    private static void appendCapture(PatternMatcher m, int i, int start, int stop, byte[] subject, ByteOutput out) {
        if (i >= m.level()) {
            if (i != 0) {
                throw PatternMatcher.invalidReplacementCapture();
            }
            out.append(subject, start, stop - start);
        } else if (m.isPosition(i)) {
            out.appendLatin1(Integer.toString(m.captureStart(i) - m.subjectStart() + 1));
        } else {
            int len = m.captureLength(i);
            out.append(subject, m.captureStart(i), len);
        }
    }
}
