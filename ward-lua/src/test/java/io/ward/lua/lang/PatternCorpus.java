package io.ward.lua.lang;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;

/**
 * Random Lua 5.2 patterns built from the pattern grammar (classes, sets, quantifiers,
 * captures, anchors, {@code %b}, {@code %f}, back-references), some deliberately malformed,
 * and random subjects over a small alphabet so that patterns match often.
 *
 * <p>Confined to the test that owns it (it holds the random generator).
 */
final class PatternCorpus {
    private static final byte[] ALPHABET = "aab bc.x(]%-^$1\n\0\u00ff\u00e9A9_".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    private static final String CLASSES = "acdglpsuwxzACDGLPSUWXZ";
    private static final String LITERALS = "abcx1A .\u00ff\u0000";
    private static final String SPECIALS = "^$*+?.([%-])";

    private final SplittableRandom random;
    private int quantified;
    private int depth;

    PatternCorpus(SplittableRandom random) {
        this.random = random;
    }

    byte[] subject() {
        int n = random.nextInt(10) == 0 ? 0 : random.nextInt(1, 20);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return b;
    }

    byte[] pattern() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        quantified = 0;
        depth = 0;
        if (random.nextInt(50) == 0) { // raw bytes: anything can happen
            int n = random.nextInt(1, 8);
            for (int i = 0; i < n; i++) {
                out.write(random.nextInt(8) == 0 ? random.nextInt(256) : SPECIALS.charAt(random.nextInt(SPECIALS.length())));
            }
            return out.toByteArray();
        }
        if (random.nextInt(4) == 0) {
            out.write('^');
        }
        sequence(out, random.nextInt(1, 5));
        if (random.nextInt(5) == 0) {
            out.write('$');
        }
        byte[] p = out.toByteArray();
        if (random.nextInt(12) == 0 && p.length > 1) { // malformed: cut short
            return java.util.Arrays.copyOf(p, random.nextInt(1, p.length));
        }
        return p;
    }

    private void sequence(ByteArrayOutputStream out, int items) {
        for (int i = 0; i < items; i++) {
            item(out);
        }
    }

    private void item(ByteArrayOutputStream out) {
        int k = random.nextInt(20);
        if (k < 2 && depth < 3) {
            depth++;
            out.write('(');
            if (random.nextInt(4) != 0) {
                sequence(out, random.nextInt(1, 3));
            }
            out.write(')');
            depth--;
        } else if (k == 2) {
            out.write('%');
            out.write('b');
            out.write(ALPHABET[random.nextInt(ALPHABET.length)]);
            out.write(ALPHABET[random.nextInt(ALPHABET.length)]);
        } else if (k == 3) {
            out.write('%');
            out.write('f');
            if (random.nextInt(10) != 0) {
                set(out);
            }
        } else if (k == 4) {
            out.write('%');
            out.write('0' + random.nextInt(0, 4));
        } else if (k == 5) {
            out.write(SPECIALS.charAt(random.nextInt(SPECIALS.length()))); // a stray special
        } else {
            single(out);
            if (quantified < 3 && random.nextInt(3) == 0) {
                quantified++;
                out.write("*+-?".charAt(random.nextInt(4)));
            }
        }
    }

    private void single(ByteArrayOutputStream out) {
        int k = random.nextInt(10);
        if (k < 3) {
            out.write(LITERALS.charAt(random.nextInt(LITERALS.length())));
        } else if (k < 5) {
            out.write('.');
        } else if (k < 7) {
            out.write('%');
            out.write(random.nextInt(6) == 0 ? SPECIALS.charAt(random.nextInt(SPECIALS.length()))
                    : CLASSES.charAt(random.nextInt(CLASSES.length())));
        } else {
            set(out);
        }
    }

    private void set(ByteArrayOutputStream out) {
        out.write('[');
        if (random.nextBoolean()) {
            out.write('^');
        }
        int n = random.nextInt(0, 4);
        if (random.nextInt(6) == 0) {
            out.write(']');
        }
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(4);
            if (k == 0) {
                out.write('%');
                out.write(random.nextInt(4) == 0 ? SPECIALS.charAt(random.nextInt(SPECIALS.length()))
                        : CLASSES.charAt(random.nextInt(CLASSES.length())));
            } else if (k == 1) {
                out.write(ALPHABET[random.nextInt(ALPHABET.length)]);
                out.write('-');
                out.write(ALPHABET[random.nextInt(ALPHABET.length)]);
            } else {
                out.write(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
        }
        if (random.nextInt(15) != 0) {
            out.write(']');
        }
    }

    /** A gsub replacement string, sometimes with bad escapes. */
    byte[] replacement() {
        String[] parts = {"%0", "%1", "%2", "%3", "%%", "x", "<", ">", "%a", "%", "%9"};
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(0, 4);
        for (int i = 0; i < n; i++) {
            s.append(parts[random.nextInt(parts.length)]);
        }
        return s.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** An init / max argument as a Lua expression. */
    String integerArgument() {
        String[] values = {"nil", "nil", "1", "2", "0", "-1", "-3", "-100", "5", "100", "1.5", "'2'", "-0.5", "2^53", "2^63",
            "-2^63", "0/0", "'x'", "{}", "true"};
        return values[random.nextInt(values.length)];
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
