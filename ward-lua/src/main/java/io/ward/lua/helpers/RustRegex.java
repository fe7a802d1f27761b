package io.ward.lua.helpers;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.luaj.vm2.LuaError;

/**
 * Patterns and replacements in the syntax of Rust's {@code regex} crate (upstream's), on
 * {@link java.util.regex}: Unicode classes, {@code (?P<name>...)} groups; backreferences and
 * look-around are refused so that scripts stay portable to upstream. Stateless, thread-safe.
 */
final class RustRegex {
    private RustRegex() {
    }

    /** The compiled pattern, or {@code Invalid pattern: <detail>}. */
    static Pattern compile(String pattern) {
        String p = pattern.replace("(?P<", "(?<");
        String refused = refused(p);
        if (refused != null) {
            throw new LuaError("Invalid pattern: " + refused + " is not supported");
        }
        try {
            return Pattern.compile(p, Pattern.UNICODE_CHARACTER_CLASS);
        } catch (PatternSyntaxException e) {
            throw new LuaError("Invalid pattern: " + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /** What Java has and Rust's regex has not, outside character classes and escapes. */
    private static String refused(String p) {
        boolean inClass = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                char n = p.charAt(i + 1);
                if (!inClass && (n >= '1' && n <= '9' || n == 'k')) {
                    return "backreference";
                }
                i++;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (!inClass && p.startsWith("(?=", i) || !inClass && p.startsWith("(?!", i)
                    || !inClass && p.startsWith("(?<=", i) || !inClass && p.startsWith("(?<!", i)) {
                return "look-around";
            }
        }
        return null;
    }

    /**
     * A replacement with Rust's syntax: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}},
     * {@code $$}. {@code $name} takes the longest run of letters, digits and {@code _} (so
     * {@code $1a} is group {@code 1a}); a group that does not exist or did not match is empty.
     */
    static String expand(String repl, Matcher m) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < repl.length(); i++) {
            char c = repl.charAt(i);
            if (c != '$' || i + 1 >= repl.length()) {
                out.append(c);
                continue;
            }
            char n = repl.charAt(i + 1);
            if (n == '$') {
                out.append('$');
                i++;
                continue;
            }
            String name;
            int end;
            if (n == '{') {
                end = repl.indexOf('}', i + 2);
                if (end < 0) {
                    out.append(c);
                    continue;
                }
                name = repl.substring(i + 2, end);
            } else {
                end = i + 1;
                while (end < repl.length() && (Character.isLetterOrDigit(repl.charAt(end)) || repl.charAt(end) == '_')) {
                    end++;
                }
                if (end == i + 1) {
                    out.append(c);
                    continue;
                }
                name = repl.substring(i + 1, end);
                end--;
            }
            out.append(group(m, name));
            i = end;
        }
        return out.toString();
    }

    private static String group(Matcher m, String name) {
        String v = null;
        try {
            if (name.chars().allMatch(Character::isDigit)) {
                int g = Integer.parseInt(name);
                v = g <= m.groupCount() ? m.group(g) : null;
            } else {
                v = m.group(name);
            }
        } catch (IllegalArgumentException e) {
            v = null; // no such group: empty, as in Rust
        }
        return v == null ? "" : v;
    }
}
