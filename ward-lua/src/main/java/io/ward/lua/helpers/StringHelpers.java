package io.ward.lua.helpers;

import io.ward.lua.Args;
import io.ward.lua.LuaData;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code ward.helpers.string}: 22 functions on UTF-8 text (numbers are converted; other types
 * and invalid UTF-8 raise). Patterns are {@link RustRegex}. Stateless; the table is confined to
 * the runtime's context.
 */
final class StringHelpers {
    /** Words of the case functions (ASCII only), upstream's pattern verbatim. */
    private static final Pattern WORDS = Pattern.compile("[A-Z]+([A-Z][a-z]|[0-9]|$)|[A-Z]?[a-z]+|[0-9]+");

    private StringHelpers() {
    }

    static LuaTable create(WardRuntime rt) {
        LuaTable m = new LuaTable();
        m.set("trim", fn("trim", a -> text(trimStart(trimEnd(str(a, 1, "trim"))))));
        m.set("ltrim", fn("ltrim", a -> text(trimStart(str(a, 1, "ltrim")))));
        m.set("rtrim", fn("rtrim", a -> text(trimEnd(str(a, 1, "rtrim")))));
        m.set("contains", fn("contains", a -> LuaValue.valueOf(str(a, 1, "contains").contains(str(a, 2, "contains")))));
        m.set("starts_with", fn("starts_with", a -> LuaValue.valueOf(str(a, 1, "starts_with").startsWith(str(a, 2, "starts_with")))));
        m.set("ends_with", fn("ends_with", a -> LuaValue.valueOf(str(a, 1, "ends_with").endsWith(str(a, 2, "ends_with")))));
        m.set("replace", fn("replace", a -> {
            String s = str(a, 1, "replace");
            String from = str(a, 2, "replace");
            String to = str(a, 3, "replace");
            int i = s.indexOf(from);
            return text(i < 0 ? s : s.substring(0, i) + to + s.substring(i + from.length()));
        }));
        m.set("replace_all", fn("replace_all", a -> {
            String s = str(a, 1, "replace_all");
            String from = str(a, 2, "replace_all");
            String to = str(a, 3, "replace_all");
            if (from.isEmpty()) { // before every character and at the end
                StringBuilder b = new StringBuilder(to);
                s.codePoints().forEach(c -> b.appendCodePoint(c).append(to));
                return text(b.toString());
            }
            return text(s.replace(from, to));
        }));
        m.set("split", fn("split", a -> split(str(a, 1, "split"), str(a, 2, "split"))));
        m.set("join", fn("join", a -> {
            String sep = str(a, 1, "join");
            StringBuilder b = new StringBuilder();
            for (int i = 2; i <= a.narg(); i++) {
                b.append(i == 2 ? "" : sep).append(str(a, i, "join"));
            }
            return text(b.toString());
        }));
        m.set("to_lower", fn("to_lower", a -> text(str(a, 1, "to_lower").toLowerCase(Locale.ROOT))));
        m.set("to_upper", fn("to_upper", a -> text(str(a, 1, "to_upper").toUpperCase(Locale.ROOT))));
        m.set("to_title", fn("to_title", a -> text(String.join(" ", map(words(str(a, 1, "to_title")), StringHelpers::capitalize)))));
        m.set("to_snake", fn("to_snake", a -> text(String.join("_", map(words(str(a, 1, "to_snake")), StringHelpers::lower)))));
        m.set("to_kebab", fn("to_kebab", a -> text(String.join("-", map(words(str(a, 1, "to_kebab")), StringHelpers::lower)))));
        m.set("to_slug", fn("to_slug", a -> text(String.join("-", map(words(str(a, 1, "to_slug")), StringHelpers::lower)))));
        m.set("to_pascal", fn("to_pascal", a -> text(String.join("", map(words(str(a, 1, "to_pascal")), StringHelpers::capitalize)))));
        m.set("to_camel", fn("to_camel", a -> {
            List<String> w = map(words(str(a, 1, "to_camel")), StringHelpers::capitalize);
            if (!w.isEmpty()) {
                w.set(0, lower(w.get(0)));
            }
            return text(String.join("", w));
        }));
        m.set("match", fn("match", a -> {
            String s = str(a, 1, "match");
            Matcher mt = RustRegex.compile(str(a, 2, "match")).matcher(s);
            return mt.find() ? groups(mt) : new LuaTable();
        }));
        m.set("match_all", fn("match_all", a -> {
            String s = str(a, 1, "match_all");
            Matcher mt = RustRegex.compile(str(a, 2, "match_all")).matcher(s);
            LuaTable all = new LuaTable();
            int n = 0;
            while (mt.find()) {
                all.rawset(++n, groups(mt));
            }
            return all;
        }));
        m.set("match_replace", fn("match_replace", a -> replace(a, "match_replace", false)));
        m.set("match_replace_all", fn("match_replace_all", a -> replace(a, "match_replace_all", true)));
        return m;
    }

    private static LuaValue replace(Varargs a, String fname, boolean all) {
        String s = str(a, 1, fname);
        Pattern p = RustRegex.compile(str(a, 2, fname));
        String repl = str(a, 3, fname);
        Matcher mt = p.matcher(s);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (mt.find()) {
            out.append(s, last, mt.start()).append(RustRegex.expand(repl, mt));
            last = mt.end();
            if (!all) {
                break;
            }
        }
        return text(out.append(s.substring(last)).toString());
    }

    /** {@code [1]} the whole match, {@code [2..]} the groups; a group that did not take part leaves a hole. */
    private static LuaTable groups(Matcher mt) {
        LuaTable t = new LuaTable();
        for (int g = 0; g <= mt.groupCount(); g++) {
            String v = mt.group(g);
            if (v != null) {
                t.rawset(g + 1, text(v));
            }
        }
        return t;
    }

    private static LuaTable split(String s, String sep) {
        List<String> parts = new ArrayList<>();
        if (sep.isEmpty()) {
            parts.add("");
            s.codePoints().forEach(c -> parts.add(new String(Character.toChars(c))));
            parts.add("");
        } else {
            int from = 0;
            int i;
            while ((i = s.indexOf(sep, from)) >= 0) {
                parts.add(s.substring(from, i));
                from = i + sep.length();
            }
            parts.add(s.substring(from));
        }
        LuaTable t = new LuaTable();
        for (int k = 0; k < parts.size(); k++) {
            t.rawset(k + 1, text(parts.get(k)));
        }
        return t;
    }

    private static List<String> words(String s) {
        List<String> w = new ArrayList<>();
        Matcher mt = WORDS.matcher(s);
        while (mt.find()) {
            w.add(mt.group());
        }
        return w;
    }

    private static List<String> map(List<String> in, UnaryOperator<String> f) {
        List<String> out = new ArrayList<>(in.size());
        in.forEach(x -> out.add(f.apply(x)));
        return out;
    }

    private static String lower(String w) {
        return w.toLowerCase(Locale.ROOT);
    }

    private static String capitalize(String w) {
        return w.isEmpty() ? w : w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1).toLowerCase(Locale.ROOT);
    }

    /** Unicode White_Space (Java's {@link String#strip} misses U+00A0, U+2007 and U+202F). */
    static boolean isWhiteSpace(int c) {
        return c >= 0x09 && c <= 0x0D || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
                || c >= 0x2000 && c <= 0x200A || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
    }

    private static String trimStart(String s) {
        int i = 0;
        while (i < s.length() && isWhiteSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    private static String trimEnd(String s) {
        int i = s.length();
        while (i > 0 && isWhiteSpace(s.charAt(i - 1))) {
            i--;
        }
        return s.substring(0, i);
    }

    /** A string argument as UTF-8 text; numbers are converted. */
    static String str(Varargs a, int i, String fname) {
        LuaValue v = a.arg(i);
        if (!v.isstring()) {
            throw Args.typeError(i, fname, "string", i > a.narg() ? LuaValue.NONE : v);
        }
        try {
            return LuaData.utf8((LuaString) v.strvalue());
        } catch (LuaData.DataException e) {
            throw LuaData.badArgument(i, fname, e);
        }
    }

    private static LuaValue text(String s) {
        return LuaData.text(s);
    }

    private static LuaValue fn(String name, LuaFunctions.Body body) {
        return LuaFunctions.named(name, body);
    }
}
