package io.ward.lua.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code fs.glob} in the dialect of Rust's {@code glob} crate with default options (ward-fs.md
 * section 3.5): {@code ?}, {@code *}, {@code [...]}/{@code [!...]} classes within one
 * component, {@code **} as a whole component for any depth of directories, dotfiles matched,
 * case-sensitive, no braces; each directory's entries visited in byte order. Java's
 * {@code glob:} matcher has other rules, hence this class.
 *
 * <p>A compiled pattern is immutable; {@link #walk} blocks and runs on the blocking pool.
 */
final class Glob {
    private static final String WILDCARDS = "wildcards are either regular `*` or recursive `**`";
    private static final String RECURSIVE = "recursive wildcards must form a single path component";
    private static final String RANGE = "invalid range pattern";

    /** A bad pattern, with the crate's message. */
    static final class PatternError extends Exception {
        private static final long serialVersionUID = 1L;

        PatternError(int pos, String msg) {
            super("Pattern syntax error near position " + pos + ": " + msg, null, false, false);
        }
    }

    private final boolean absolute;
    private final List<Component> components = new ArrayList<>();

    private Glob(String pattern) throws PatternError {
        validate(pattern);
        absolute = pattern.startsWith("/");
        for (String piece : pattern.split("/", -1)) {
            if (!piece.isEmpty()) {
                components.add(new Component(piece));
            }
        }
    }

    static Glob compile(String pattern) throws PatternError {
        return new Glob(pattern);
    }

    /** The crate's checks, with its positions (in characters). */
    private static void validate(String pattern) throws PatternError {
        int[] cs = pattern.codePoints().toArray();
        int i = 0;
        while (i < cs.length) {
            if (cs[i] == '*') {
                int old = i;
                while (i < cs.length && cs[i] == '*') {
                    i++;
                }
                int count = i - old;
                if (count > 2) {
                    throw new PatternError(old + 2, WILDCARDS);
                }
                if (count == 2) {
                    boolean startsComponent = old == 0 || cs[old - 1] == '/';
                    if (!startsComponent) {
                        throw new PatternError(old - 1, RECURSIVE);
                    }
                    if (i < cs.length && cs[i] != '/') {
                        throw new PatternError(i, RECURSIVE);
                    }
                }
                continue;
            }
            if (cs[i] == '[') {
                int close = classEnd(cs, i);
                if (close < 0) {
                    throw new PatternError(i, RANGE);
                }
                i = close + 1;
                continue;
            }
            i++;
        }
    }

    /** The index of the {@code ]} closing the class opened at {@code i}, or -1. */
    private static int classEnd(int[] cs, int i) {
        int from;
        if (i + 4 <= cs.length && cs[i + 1] == '!') {
            from = i + 3;
        } else if (i + 3 <= cs.length && cs[i + 1] != '!') {
            from = i + 2;
        } else {
            return -1;
        }
        for (int j = from; j < cs.length; j++) {
            if (cs[j] == ']') {
                return j;
            }
        }
        return -1;
    }

    /** One component of the pattern: {@code **}, a literal name, or a name pattern. */
    private static final class Component {
        final boolean recursive;
        final byte[] literal; // non-null when there are no metacharacters
        final int[] tokens;

        Component(String piece) {
            recursive = piece.equals("**");
            tokens = piece.codePoints().toArray();
            boolean meta = false;
            for (int c : tokens) {
                meta |= c == '*' || c == '?' || c == '[';
            }
            literal = meta ? null : piece.getBytes(StandardCharsets.UTF_8);
        }

        boolean matches(byte[] name) {
            int[] s = new String(name, StandardCharsets.UTF_8).codePoints().toArray();
            return match(tokens, 0, s, 0);
        }

        private static boolean match(int[] p, int pi, int[] s, int si) {
            while (pi < p.length) {
                int c = p[pi];
                if (c == '*') {
                    while (pi < p.length && p[pi] == '*') {
                        pi++;
                    }
                    for (int k = si; k <= s.length; k++) {
                        if (match(p, pi, s, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                if (si >= s.length) {
                    return false;
                }
                if (c == '?') {
                    pi++;
                    si++;
                } else if (c == '[') {
                    int close = classEnd(p, pi);
                    boolean negate = p[pi + 1] == '!';
                    int from = negate ? pi + 2 : pi + 1;
                    boolean in = false;
                    for (int k = from; k < close; ) {
                        if (k + 3 <= close && p[k + 1] == '-') {
                            in |= s[si] >= p[k] && s[si] <= p[k + 2];
                            k += 3;
                        } else {
                            in |= s[si] == p[k];
                            k++;
                        }
                    }
                    if (in == negate) {
                        return false;
                    }
                    pi = close + 1;
                    si++;
                } else {
                    if (c != s[si]) {
                        return false;
                    }
                    pi++;
                    si++;
                }
            }
            return si == s.length;
        }
    }

    /** The matching paths; an unreadable directory fails the whole walk. */
    List<byte[]> walk() throws IOException {
        List<byte[]> out = new ArrayList<>();
        if (components.isEmpty()) {
            if (absolute) {
                out.add(new byte[] {'/'});
            }
            return out;
        }
        walk(absolute ? new byte[] {'/'} : new byte[0], 0, out);
        return out;
    }

    private void walk(byte[] prefix, int index, List<byte[]> out) throws IOException {
        Component c = components.get(index);
        boolean last = index == components.size() - 1;
        if (c.recursive) {
            if (!last) {
                walk(prefix, index + 1, out); // zero directories
            }
            for (byte[] name : sortedNames(prefix)) {
                byte[] next = PathSyntax.push(prefix, name);
                if (Predicates.isDirectory(FileNames.toPath(next))) {
                    if (last) {
                        out.add(next);
                    }
                    walk(next, index, out);
                }
            }
            return;
        }
        if (c.literal != null) {
            byte[] next = PathSyntax.push(prefix, c.literal);
            if (last) {
                if (Predicates.attributes(FileNames.toPath(next)) != null) {
                    out.add(next);
                }
            } else if (Predicates.isDirectory(FileNames.toPath(next))) {
                walk(next, index + 1, out);
            }
            return;
        }
        for (byte[] name : sortedNames(prefix)) {
            if (!c.matches(name)) {
                continue;
            }
            byte[] next = PathSyntax.push(prefix, name);
            if (last) {
                out.add(next);
            } else if (Predicates.isDirectory(FileNames.toPath(next))) {
                walk(next, index + 1, out);
            }
        }
    }

    /** The names in {@code dir} in byte order; a directory that cannot be read fails the glob. */
    private static List<byte[]> sortedNames(byte[] dir) throws IOException {
        Path p = dir.length == 0 ? Paths.get(".") : FileNames.toPath(dir);
        if (!Predicates.isDirectory(p)) {
            return List.of();
        }
        List<byte[]> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(p)) {
            for (Path e : entries) {
                names.add(FileNames.toBytes(e.getFileName()));
            }
        } catch (IOException | RuntimeException e) {
            String shown = new String(dir.length == 0 ? new byte[] {'.'} : dir, StandardCharsets.UTF_8);
            throw new FsFailure("attempting to read `" + shown + "` resulted in an error: " + OsErrors.text(e));
        }
        names.sort(Arrays::compareUnsigned);
        return names;
    }
}
