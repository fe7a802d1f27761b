package io.ward.lua.module;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The names and ids of external modules (spec §5.2, §5.3): the default name taken from a URL,
 * its canonical form, and the store id. Stateless, thread-safe.
 */
final class ModuleNames {
    private static final String[] SUFFIXES = {".git", ".lua", ".zip", ".tar.gz", ".tgz"};

    private ModuleNames() {
    }

    /** The URL trimmed, cut at the first {@code ?} or {@code #}, without trailing {@code /}. */
    static String normalizedUrl(String url) {
        String u = url.trim();
        int cut = indexOfAny(u, '?', '#');
        if (cut >= 0) {
            u = u.substring(0, cut);
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    /**
     * The name a URL gives: the part after the last {@code :} and then the last {@code /}, less
     * {@code .git}, {@code .lua}, {@code .zip}, {@code .tar.gz}, {@code .tgz} (in that order,
     * each at most once); {@code module} when nothing is left.
     */
    static String defaultName(String url) {
        String u = normalizedUrl(url);
        u = u.substring(u.lastIndexOf(':') + 1);
        u = u.substring(u.lastIndexOf('/') + 1);
        for (String suffix : SUFFIXES) {
            if (u.endsWith(suffix)) {
                u = u.substring(0, u.length() - suffix.length());
            }
        }
        return u.isEmpty() ? "module" : u;
    }

    /**
     * The canonical name: ASCII letters (lower-cased), digits and {@code _} kept; {@code -},
     * {@code .} and space become {@code _}; anything else dropped; runs of {@code _} collapsed,
     * leading and trailing ones removed; {@code module} when empty; {@code _} before a leading digit.
     */
    static String canonical(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            char out;
            if (c < 128 && (Character.isLetterOrDigit(c) || c == '_')) {
                out = Character.toLowerCase(c);
            } else if (c == '-' || c == '.' || c == ' ') {
                out = '_';
            } else {
                continue;
            }
            if (out == '_' && (sb.length() == 0 || sb.charAt(sb.length() - 1) == '_')) {
                continue; // collapsed, and no leading '_'
            }
            sb.append(out);
        }
        while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '_') {
            sb.setLength(sb.length() - 1);
        }
        if (sb.length() == 0) {
            return "module";
        }
        if (Character.isDigit(sb.charAt(0))) {
            sb.insert(0, '_');
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** Lowercase hex SHA-256 of {@code normalizedUrl + "\n" + selector}. */
    static String id(String url, String selector) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] d = sha.digest((normalizedUrl(url) + "\n" + selector).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
