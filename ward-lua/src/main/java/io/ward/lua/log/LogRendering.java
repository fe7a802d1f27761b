package io.ward.lua.log;

import io.ward.lua.JsonText;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * How {@code ward.log} renders Lua values (stateless, thread-safe; reads tables raw, so no
 * metamethod ever runs): strings as text, {@code nil} as {@code null}, numbers in JSON's
 * shortest form, tables as pretty-printed JSON (an array when {@code #t > 0}, its other keys
 * dropped; else an object), and {@code <unknown>} for a table that holds a function, a
 * coroutine, a userdata or itself.
 */
final class LogRendering {
    private LogRendering() {
    }

    /** Every argument from {@code first} on, rendered and joined with single spaces. */
    static String message(Varargs args, int first) {
        StringBuilder sb = new StringBuilder();
        for (int i = first; i <= args.narg(); i++) {
            if (i > first) {
                sb.append(' ');
            }
            sb.append(render(args.arg(i)));
        }
        return sb.toString();
    }

    static String render(LuaValue v) {
        switch (v.type()) {
            case LuaValue.TSTRING:
                return text(v.checkstring());
            case LuaValue.TNIL:
                return "null";
            case LuaValue.TBOOLEAN:
                return v.toboolean() ? "true" : "false";
            case LuaValue.TNUMBER:
                return number(v.todouble());
            case LuaValue.TTABLE:
                StringBuilder sb = new StringBuilder();
                return json(v, sb, 0, new IdentityHashMap<>()) ? sb.toString() : "<unknown>";
            case LuaValue.TFUNCTION:
                return "<function None>";
            case LuaValue.TTHREAD:
                return "<thread 0x" + Integer.toHexString(System.identityHashCode(v)) + ">";
            default:
                return "<userdata>";
        }
    }

    /** A Lua string's bytes as text; invalid UTF-8 becomes U+FFFD. */
    static String text(LuaString s) {
        return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.UTF_8);
    }

    /**
     * A number as JSON writes it: integral values below 1e16 as integers (Lua 5.2 has no float
     * subtype to tell {@code 2.0} from {@code 2}); other finite values in the shortest digits
     * that read back exactly, plain between 1e-5 and 1e16, else {@code <mantissa>e<exponent>};
     * NaN and the infinities as {@code null}.
     */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return Long.toString((long) d);
        }
        BigDecimal shortest = shortest(d);
        double abs = Math.abs(d);
        if (abs >= 1e-5 && abs < 1e16) {
            String plain = shortest.toPlainString();
            return plain.indexOf('.') < 0 ? plain + ".0" : plain;
        }
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "") + mantissa + "e" + exponent;
    }

    private static BigDecimal shortest(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int p = 1; p < 17; p++) {
            BigDecimal r = exact.round(new MathContext(p));
            if (r.doubleValue() == d) {
                return r.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17)).stripTrailingZeros();
    }

    /** Appends {@code v} as pretty JSON; {@code false} when it cannot be serialized. */
    private static boolean json(LuaValue v, StringBuilder sb, int depth, Map<LuaValue, Boolean> path) {
        switch (v.type()) {
            case LuaValue.TSTRING:
                JsonText.quote(text(v.checkstring()), sb);
                return true;
            case LuaValue.TNIL:
                sb.append("null");
                return true;
            case LuaValue.TBOOLEAN:
            case LuaValue.TNUMBER:
                sb.append(render(v));
                return true;
            case LuaValue.TTABLE:
                break;
            default:
                return false;
        }
        if (path.put(v, Boolean.TRUE) != null) {
            return false; // refers to itself
        }
        LuaTable t = (LuaTable) v;
        int n = t.rawlen();
        boolean ok = n > 0 ? array(t, n, sb, depth, path) : object(t, sb, depth, path);
        path.remove(v);
        return ok;
    }

    private static boolean array(LuaTable t, int n, StringBuilder sb, int depth, Map<LuaValue, Boolean> path) {
        sb.append('[');
        for (int i = 1; i <= n; i++) {
            sb.append(i > 1 ? ",\n" : "\n");
            indent(sb, depth + 1);
            if (!json(t.rawget(i), sb, depth + 1, path)) {
                return false;
            }
        }
        sb.append('\n');
        indent(sb, depth);
        sb.append(']');
        return true;
    }

    private static boolean object(LuaTable t, StringBuilder sb, int depth, Map<LuaValue, Boolean> path) {
        sb.append('{');
        boolean first = true;
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
            LuaValue k = e.arg1();
            String key;
            if (k.type() == LuaValue.TSTRING) {
                key = text(k.checkstring());
            } else if (k.type() == LuaValue.TNUMBER) {
                key = number(k.todouble());
            } else {
                return false; // JSON keys are strings
            }
            sb.append(first ? "\n" : ",\n");
            first = false;
            indent(sb, depth + 1);
            JsonText.quote(key, sb);
            sb.append(": ");
            if (!json(e.arg(2), sb, depth + 1, path)) {
                return false;
            }
        }
        if (first) {
            sb.append('}');
            return true;
        }
        sb.append('\n');
        indent(sb, depth);
        sb.append('}');
        return true;
    }

    private static void indent(StringBuilder sb, int depth) {
        for (int i = 0; i < depth; i++) {
            sb.append("  ");
        }
    }
}
