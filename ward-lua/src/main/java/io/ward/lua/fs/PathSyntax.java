package io.ward.lua.fs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rust's {@code std::path} rules for Unix paths (ward-fs.md section 6), on the path's bytes:
 * components, parent, file name, extension, push, equality and lexical normalization.
 * {@code java.nio.file.Path} differs (it keeps interior {@code .}, returns null parents, compares
 * strings) and decodes names, so it is used only to hand a finished path to the file system.
 *
 * <p>Stateless and thread-safe; every method is pure.
 */
final class PathSyntax {
    private static final byte SLASH = '/';
    private static final byte[] ROOT = {SLASH};
    private static final byte[] CUR = {'.'};
    private static final byte[] PARENT = {'.', '.'};

    private PathSyntax() {
    }

    /** One component: its kind and where it is in the path ({@code start} inclusive, {@code end} exclusive). */
    static final class Component {
        enum Kind { ROOT, CUR, PARENT, NORMAL }

        final Kind kind;
        final int start;
        final int end;

        Component(Kind kind, int start, int end) {
            this.kind = kind;
            this.start = start;
            this.end = end;
        }

        byte[] bytes(byte[] path) {
            switch (kind) {
                case ROOT:
                    return ROOT;
                case CUR:
                    return CUR;
                case PARENT:
                    return PARENT;
                default:
                    return Arrays.copyOfRange(path, start, end);
            }
        }
    }

    static boolean isAbsolute(byte[] p) {
        return p.length > 0 && p[0] == SLASH;
    }

    /**
     * The components: a root for leading slashes, a {@code .} only when it is the first piece of
     * a relative path, {@code ..}, and names; empty and other {@code .} pieces dropped.
     */
    static List<Component> components(byte[] p) {
        List<Component> out = new ArrayList<>();
        int i = 0;
        boolean absolute = isAbsolute(p);
        if (absolute) {
            out.add(new Component(Component.Kind.ROOT, 0, 1));
            while (i < p.length && p[i] == SLASH) {
                i++;
            }
        }
        boolean first = true;
        while (i <= p.length) {
            int end = i;
            while (end < p.length && p[end] != SLASH) {
                end++;
            }
            int len = end - i;
            if (len == 1 && p[i] == '.') {
                if (first && !absolute) {
                    out.add(new Component(Component.Kind.CUR, i, end));
                }
            } else if (len == 2 && p[i] == '.' && p[i + 1] == '.') {
                out.add(new Component(Component.Kind.PARENT, i, end));
            } else if (len > 0) {
                out.add(new Component(Component.Kind.NORMAL, i, end));
            }
            first = false;
            i = end + 1;
        }
        return out;
    }

    /** The parent as a substring of {@code p}, or null when there is none (empty path, root). */
    static byte[] parent(byte[] p) {
        List<Component> cs = components(p);
        if (cs.isEmpty()) {
            return null;
        }
        Component last = cs.get(cs.size() - 1);
        if (last.kind == Component.Kind.ROOT) {
            return null;
        }
        Component first = cs.get(0);
        // a leading root or "." stays even when everything after it is trimmed
        int min = first != last && (first.kind == Component.Kind.ROOT || first.kind == Component.Kind.CUR) ? 1 : 0;
        int end = last.start;
        while (end > min) {
            if (p[end - 1] == SLASH) {
                end--;
                continue;
            }
            int s = end - 1;
            while (s > 0 && p[s - 1] != SLASH) {
                s--;
            }
            if (end - s == 1 && p[s] == '.' && s > 0) { // an interior "." piece at the end
                end = s;
                continue;
            }
            break;
        }
        return Arrays.copyOfRange(p, 0, end);
    }

    /** {@code fs.dirname}: the parent, {@code "."} when there is none. */
    static byte[] dirname(byte[] p) {
        byte[] parent = parent(p);
        return parent == null ? CUR.clone() : parent;
    }

    /** The last component when it is a name, else null. */
    static byte[] fileName(byte[] p) {
        List<Component> cs = components(p);
        if (cs.isEmpty()) {
            return null;
        }
        Component last = cs.get(cs.size() - 1);
        return last.kind == Component.Kind.NORMAL ? last.bytes(p) : null;
    }

    /** {@code fs.basename}: the file name, empty when there is none. */
    static byte[] basename(byte[] p) {
        byte[] name = fileName(p);
        return name == null ? new byte[0] : name;
    }

    /** The file name without its last extension, or null when there is no file name. */
    static byte[] stem(byte[] p) {
        byte[] name = fileName(p);
        if (name == null) {
            return null;
        }
        int dot = lastDot(name);
        return dot <= 0 ? name : Arrays.copyOfRange(name, 0, dot);
    }

    /** The extension without its dot (maybe empty), or null when there is none. */
    static byte[] extension(byte[] p) {
        byte[] name = fileName(p);
        if (name == null) {
            return null;
        }
        int dot = lastDot(name);
        return dot <= 0 ? null : Arrays.copyOfRange(name, dot + 1, name.length);
    }

    private static int lastDot(byte[] name) {
        for (int i = name.length - 1; i >= 0; i--) {
            if (name[i] == '.') {
                return i;
            }
        }
        return -1;
    }

    /** The push rule: an absolute segment replaces the path, else a slash is added when needed. */
    static byte[] push(byte[] base, byte[] segment) {
        if (isAbsolute(segment)) {
            return segment.clone();
        }
        boolean slash = base.length > 0 && base[base.length - 1] != SLASH;
        byte[] out = new byte[base.length + (slash ? 1 : 0) + segment.length];
        System.arraycopy(base, 0, out, 0, base.length);
        if (slash) {
            out[base.length] = SLASH;
        }
        System.arraycopy(segment, 0, out, out.length - segment.length, segment.length);
        return out;
    }

    /** The components as byte strings: {@code "/"}, {@code "."}, {@code ".."} and names. */
    static List<byte[]> parts(byte[] p) {
        List<byte[]> out = new ArrayList<>();
        for (Component c : components(p)) {
            out.add(c.bytes(p));
        }
        return out;
    }

    /** Component-wise equality. */
    static boolean sameComponents(byte[] a, byte[] b) {
        List<byte[]> x = parts(a);
        List<byte[]> y = parts(b);
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!Arrays.equals(x.get(i), y.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Lexical clean-up: drops {@code .}, folds {@code name/..}, keeps leading {@code ..}; empty gives {@code "."}. */
    static byte[] normalize(byte[] p) {
        List<byte[]> kept = new ArrayList<>();
        List<Component.Kind> kinds = new ArrayList<>();
        for (Component c : components(p)) {
            Component.Kind lastKind = kinds.isEmpty() ? null : kinds.get(kinds.size() - 1);
            if (c.kind == Component.Kind.CUR) {
                continue;
            }
            if (c.kind == Component.Kind.PARENT) {
                if (lastKind == Component.Kind.NORMAL) {
                    kept.remove(kept.size() - 1);
                    kinds.remove(kinds.size() - 1);
                } else if (lastKind == null || lastKind == Component.Kind.PARENT) {
                    kept.add(c.bytes(p));
                    kinds.add(c.kind);
                } // right after the root: dropped
                continue;
            }
            kept.add(c.bytes(p));
            kinds.add(c.kind);
        }
        byte[] out = new byte[0];
        for (byte[] piece : kept) {
            out = push(out, piece);
        }
        return out.length == 0 ? CUR.clone() : out;
    }
}
