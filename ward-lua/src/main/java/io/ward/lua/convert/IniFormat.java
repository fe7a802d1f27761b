package io.ward.lua.convert;

import io.ward.lua.LuaData;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.luaj.vm2.Varargs;

/**
 * {@code ward.convert.ini}: configparser's case-insensitive dialect, hand-written because no
 * maintained Java INI library has it (ini4j is unmaintained and keeps case; the others differ
 * in delimiters and comments). A document is {@code {section = {key = "value"}}}; keys before
 * any header live in section {@code ""}. Section names and keys are lower-cased, values are
 * strings, output is sorted. Stateless and thread-safe.
 */
final class IniFormat extends TextFormat {
    @Override
    public String name() {
        return "ini";
    }

    @Override
    public LuaData.Keys keys() {
        return LuaData.Keys.STRINGS_OR_NUMBERS;
    }

    @Override
    public Writer writer(Varargs args, String fname) {
        return data -> write(data).getBytes(StandardCharsets.UTF_8);
    }

    private static String write(Object data) {
        if (!(data instanceof Map)) {
            throw new LuaData.DataException("ini.encode expects a table");
        }
        Map<String, Map<String, String>> doc = new TreeMap<>(Keys.CODE_POINTS); // sorted once lower-cased
        for (Map.Entry<?, ?> s : Keys.sortedEntries((Map<?, ?>) data)) {
            Map<?, ?> section = section(s.getValue());
            Map<String, String> keys = doc.computeIfAbsent(lower(s.getKey()), k -> new TreeMap<>(Keys.CODE_POINTS));
            for (Map.Entry<?, ?> e : Keys.sortedEntries(section)) {
                keys.put(lower(e.getKey()), value(e.getValue()));
            }
        }
        StringBuilder out = new StringBuilder();
        Map<String, String> top = doc.remove("");
        if (top != null) {
            top.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        }
        doc.entrySet().stream()
                .filter(s -> !s.getValue().isEmpty())
                .forEach(s -> {
                    out.append('[').append(s.getKey()).append("]\n");
                    s.getValue().forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
                });
        return out.toString();
    }

    /** A section's table; an array-shaped one ({@code {"x"}}) has the keys 1, 2, ... */
    private static Map<?, ?> section(Object v) {
        if (v instanceof Map) {
            return (Map<?, ?>) v;
        }
        if (v instanceof List) {
            Map<String, Object> m = new LinkedHashMap<>();
            List<?> l = (List<?>) v;
            for (int i = 0; i < l.size(); i++) {
                m.put(String.valueOf(i + 1), l.get(i));
            }
            return m;
        }
        throw new LuaData.DataException("ini section must be a table");
    }

    private static String lower(Object key) {
        return key.toString().toLowerCase(Locale.ROOT);
    }

    /** Strings as they are; numbers never in exponent form, integral ones without {@code .0}. */
    private static String value(Object v) {
        if (v instanceof String || v instanceof Boolean || v instanceof Long) {
            return v.toString();
        }
        if (v instanceof Double) {
            double d = (Double) v;
            if (Double.isNaN(d)) {
                return "NaN";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "inf" : "-inf";
            }
            String s = BigDecimal.valueOf(d).toPlainString();
            return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
        }
        String type = v == null ? "userdata" : v instanceof Map || v instanceof List ? "table" : "value";
        throw new LuaData.DataException("ini values must be boolean, number, or string, got " + type);
    }

    @Override
    Object read(String text) {
        Map<String, Map<String, String>> doc = new LinkedHashMap<>();
        Map<String, String> section = null;
        int lineNo = 0;
        for (String raw : lines(text)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new LuaData.DataException("section header not closed with ']' at line " + lineNo);
                }
                String name = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
                section = doc.computeIfAbsent(name, k -> new LinkedHashMap<>());
                continue;
            }
            if (section == null) {
                section = doc.computeIfAbsent("", k -> new LinkedHashMap<>());
            }
            int eq = firstDelimiter(line);
            if (eq < 0) {
                section.put(line.toLowerCase(Locale.ROOT), "");
            } else {
                section.put(line.substring(0, eq).strip().toLowerCase(Locale.ROOT), line.substring(eq + 1).strip());
            }
        }
        return doc;
    }

    private static int firstDelimiter(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        return eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
    }

    /** Lines split at {@code \n}, {@code \r\n} or {@code \r}. */
    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        text.lines().forEach(out::add);
        return out;
    }
}
