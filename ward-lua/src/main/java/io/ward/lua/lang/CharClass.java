package io.ward.lua.lang;

/**
 * Stateless and thread-safe: the C-locale character classes of Lua patterns ({@code %a %c %d %g %l %p %s %u %w %x} and
 * the deprecated {@code %z}) on bytes 0-255, as glibc's {@code isalpha} etc. answer them in
 * the {@code "C"} locale: only ASCII bytes belong to a class.
 */
final class CharClass {
    private static final int ALPHA = 1, CNTRL = 2, DIGIT = 4, GRAPH = 8, LOWER = 16, PUNCT = 32,
            SPACE = 64, UPPER = 128, XDIGIT = 256;
    private static final int[] FLAGS = new int[256];

    static {
        for (int c = 0; c < 128; c++) {
            int f = 0;
            boolean upper = c >= 'A' && c <= 'Z';
            boolean lower = c >= 'a' && c <= 'z';
            boolean digit = c >= '0' && c <= '9';
            f |= upper ? UPPER | ALPHA : 0;
            f |= lower ? LOWER | ALPHA : 0;
            f |= digit ? DIGIT : 0;
            f |= c < 32 || c == 127 ? CNTRL : 0;
            f |= c > 32 && c < 127 ? GRAPH : 0;
            f |= c > 32 && c < 127 && !upper && !lower && !digit ? PUNCT : 0;
            f |= c == ' ' || (c >= '\t' && c <= '\r') ? SPACE : 0;
            f |= digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ? XDIGIT : 0;
            FLAGS[c] = f;
        }
    }

    private CharClass() {
    }

    /**
     * Whether byte {@code c} is in the class letter {@code cl} names ({@code %cl}): a lower-case
     * class letter is the class, an upper-case one its complement; any other byte stands for
     * itself.
     */
    static boolean matches(int c, int cl) {
        int f;
        switch (cl | 0x20) { // C's tolower, for letters
            case 'a' -> f = ALPHA;
            case 'c' -> f = CNTRL;
            case 'd' -> f = DIGIT;
            case 'g' -> f = GRAPH;
            case 'l' -> f = LOWER;
            case 'p' -> f = PUNCT;
            case 's' -> f = SPACE;
            case 'u' -> f = UPPER;
            case 'w' -> f = ALPHA | DIGIT;
            case 'x' -> f = XDIGIT;
            case 'z' -> {
                if (!isLetter(cl)) {
                    return cl == c;
                }
                return (c == 0) == isLower(cl);
            }
            default -> {
                return cl == c;
            }
        }
        if (!isLetter(cl)) { // e.g. 'A' | 0x20 == 'a', but '!' | 0x20 == 'A' is not a letter
            return cl == c;
        }
        return ((FLAGS[c] & f) != 0) == isLower(cl);
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLower(int c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean isUpper(int c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isLetter(int c) {
        return isLower(c) || isUpper(c);
    }
}
