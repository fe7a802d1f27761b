package io.ward.lua.fs;

import io.ward.lua.OsErrorText;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * File names as bytes: a Lua string (any bytes but NUL) becomes a {@link Path} naming exactly
 * those bytes, and a path from the file system becomes its exact bytes again, on every JDK and
 * under every locale. Stateless and thread-safe.
 *
 * <p>Why not {@code Paths.get(String)}: on Unix the JDK encodes and decodes file names with
 * {@code sun.jnu.encoding}, which comes from the locale ({@code LC_ALL}/{@code LANG}) and which
 * {@code -Dsun.jnu.encoding=...} cannot change (JDK 17 and 25 both override it). Under UTF-8 a
 * name with invalid UTF-8 decodes to U+FFFD and cannot be opened again; under the C locale
 * (ASCII) no non-ASCII name can be made at all. A {@code file:} URI does not go through that
 * charset: {@code Path.of(URI)} turns each {@code %XX} into one byte of the name, and
 * {@code Path.toUri()} writes each byte of a non-ASCII name as {@code %XX} (both on JDK 17 and
 * 25, see {@code FileNamesTest}). So ASCII names take the plain route, others the URI route; a
 * relative name is made as {@code /name} and cut back to its names with {@code subpath}, which
 * keeps their bytes. Caveat: on the URI route repeated and trailing slashes are dropped.
 */
final class FileNames {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FileNames() {
    }

    /** Thrown for a name no file can have (empty, or with a NUL byte); its text is upstream's. */
    static final class BadName extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadName(String text) {
            super(text, null, false, false);
        }
    }

    /** The path naming exactly {@code bytes}. */
    static Path toPath(byte[] bytes) {
        if (bytes.length == 0) {
            throw new BadName(OsErrorText.NOT_FOUND); // Java's "" is the working directory; the kernel's is nothing
        }
        boolean ascii = true;
        for (byte b : bytes) {
            if (b == 0) {
                throw new BadName("file name contained an unexpected NUL byte");
            }
            if (b < 0) {
                ascii = false;
            }
        }
        if (ascii) {
            return Paths.get(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        boolean relative = !PathSyntax.isAbsolute(bytes);
        StringBuilder uri = new StringBuilder(bytes.length * 3 + 8).append(relative ? "file:///" : "file://");
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == '/' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '-' || c == '_' || c == '~') {
                uri.append((char) c);
            } else {
                uri.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        Path absolute;
        try {
            absolute = Path.of(new URI(uri.toString()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("unreachable: every other byte is escaped", e);
        }
        // a relative name: the names after the root (subpath keeps their bytes, "." and "..")
        return relative ? absolute.subpath(0, absolute.getNameCount()) : absolute;
    }

    /** The exact bytes of {@code p} as the file system sees them. */
    static byte[] toBytes(Path p) {
        String s = p.toString();
        if (isAscii(s)) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        // component by component: toUri() of one name is "<cwd>/<name>[/]", the name is the last piece
        byte[] out = p.isAbsolute() ? new byte[] {'/'} : new byte[0];
        for (Path name : p) {
            out = PathSyntax.push(out, nameBytes(name));
        }
        return out;
    }

    private static byte[] nameBytes(Path name) {
        String s = name.toString();
        if (isAscii(s)) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        String raw = name.toUri().getRawPath();
        int end = raw.endsWith("/") ? raw.length() - 1 : raw.length();
        int start = raw.lastIndexOf('/', end - 1) + 1;
        return unescape(raw.substring(start, end));
    }

    private static byte[] unescape(String s) {
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out[n++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
