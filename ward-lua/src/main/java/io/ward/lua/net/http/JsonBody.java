package io.ward.lua.net.http;

import io.ward.lua.JsonText;

import io.ward.lua.lang.LuaNumberFormat;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * A Lua value as a compact JSON request body, by the rules of {@code ward.convert.json.encode}
 * (spec ward-convert-template.md 1.1): sorted object keys, a table with {@code #t > 0} is an
 * array, {@code {}} an object, NaN and infinities {@code null}. Merge note: once
 * {@code ward.convert} publishes its encoder in {@code io.ward.lua}, use that one instead.
 *
 * <p>Stateless, thread-safe; the values it reads are confined to the runtime's context.
 */
final class JsonBody {
    private JsonBody() {
    }

    static byte[] encode(LuaValue v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, new IdentityHashMap<>());
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder sb, LuaValue v, IdentityHashMap<LuaValue, Boolean> seen) {
        switch (v.type()) {
            case LuaValue.TNIL:
                sb.append("null");
                return;
            case LuaValue.TBOOLEAN:
                sb.append(v.toboolean());
                return;
            case LuaValue.TNUMBER:
                number(sb, v.todouble());
                return;
            case LuaValue.TSTRING:
                string(sb, v);
                return;
            case LuaValue.TTABLE:
                table(sb, (LuaTable) v, seen);
                return;
            default:
                throw new LuaError("unsupported value type: " + v.typename());
        }
    }

    private static void table(StringBuilder sb, LuaTable t, IdentityHashMap<LuaValue, Boolean> seen) {
        if (seen.put(t, Boolean.TRUE) != null) {
            throw new LuaError("recursive table detected");
        }
        int n = t.rawlen();
        if (n > 0) {
            sb.append('[');
            for (int i = 1; i <= n; i++) {
                LuaValue e = t.rawget(i);
                if (e.isnil()) {
                    break;
                }
                if (i > 1) {
                    sb.append(',');
                }
                write(sb, e, seen);
            }
            sb.append(']');
        } else {
            List<LuaValue> keys = new ArrayList<>();
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs next = t.next(k);
                k = next.arg1();
                if (k.isnil()) {
                    break;
                }
                if (k.type() != LuaValue.TSTRING) {
                    throw new LuaError("invalid type: " + keyDescription(k) + ", expected a string");
                }
                keys.add(k);
            }
            keys.sort((a, b) -> a.strcmp(b.strvalue())); // byte-wise
            sb.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                string(sb, keys.get(i));
                sb.append(':');
                write(sb, t.rawget(keys.get(i)), seen);
            }
            sb.append('}');
        }
        seen.remove(t);
    }

    private static String keyDescription(LuaValue k) {
        if (k.isnumber()) {
            double d = k.todouble();
            return d == Math.rint(d) && Math.abs(d) < 9.2e18 ? "integer `" + (long) d + "`"
                    : "floating point `" + LuaNumberFormat.toLuaString(d) + "`";
        }
        return k.typename() + " `" + k.tojstring() + "`";
    }

    private static void number(StringBuilder sb, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            sb.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 9.2e18) {
            sb.append((long) d);
        } else {
            double a = Math.abs(d);
            if (a >= 1e-5 && a < 1e16) {
                sb.append(new BigDecimal(Double.toString(d)).toPlainString());
            } else {
                String s = Double.toString(d).replace("E", "e"); // shortest digits, exponent form
                sb.append(s.replace(".0e", "e"));
            }
        }
    }

    private static void string(StringBuilder sb, LuaValue v) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(v.checkstring().m_bytes, v.checkstring().m_offset,
                            v.checkstring().m_length)).toString();
        } catch (CharacterCodingException e) {
            throw new LuaError("invalid type: byte array, expected a valid UTF-8 string");
        }
        JsonText.quote(s, sb);
    }
}
