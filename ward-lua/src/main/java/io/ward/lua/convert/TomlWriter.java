package io.ward.lua.convert;

import io.ward.lua.LuaData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a TOML document in upstream's (toml-rs) shape: a table's plain keys first as
 * {@code key = value}, then its sub-tables as {@code [a.b]} sections and its arrays of tables
 * as {@code [[a.b]]}; other arrays and tables inside arrays inline; keys sorted, bare where
 * TOML allows, quoted otherwise. Hand-written: Jackson's TOML writer puts everything on
 * dotted keys and cannot write an empty key. Stateless and thread-safe.
 */
final class TomlWriter {
    private final StringBuilder out = new StringBuilder();

    private TomlWriter() {
    }

    /** The document for {@code root}; raises {@link LuaData.DataException} on null. */
    static String write(Map<?, ?> root) {
        TomlWriter w = new TomlWriter();
        w.table(new ArrayList<>(), root, false);
        return w.out.toString();
    }

    private void table(List<String> path, Map<?, ?> map, boolean headerWritten) {
        List<Map.Entry<?, ?>> entries = Keys.sortedEntries(map);
        boolean hasPlain = false;
        for (Map.Entry<?, ?> e : entries) {
            if (!isSection(e.getValue()) && !isTableArray(e.getValue())) {
                hasPlain = true;
            }
        }
        if (!headerWritten && !path.isEmpty() && (hasPlain || entries.isEmpty())) {
            header("[", path, "]");
        }
        for (Map.Entry<?, ?> e : entries) {
            if (!isSection(e.getValue()) && !isTableArray(e.getValue())) {
                out.append(key((String) e.getKey())).append(" = ");
                inline(e.getValue());
                out.append('\n');
            }
        }
        for (Map.Entry<?, ?> e : entries) {
            List<String> sub = new ArrayList<>(path);
            sub.add((String) e.getKey());
            if (isSection(e.getValue())) {
                table(sub, (Map<?, ?>) e.getValue(), false);
            } else if (isTableArray(e.getValue())) {
                for (Object t : (List<?>) e.getValue()) {
                    header("[[", sub, "]]");
                    table(sub, (Map<?, ?>) t, true);
                }
            }
        }
    }

    private static boolean isSection(Object v) {
        return v instanceof Map;
    }

    private static boolean isTableArray(Object v) {
        if (!(v instanceof List) || ((List<?>) v).isEmpty()) {
            return false;
        }
        for (Object e : (List<?>) v) {
            if (!(e instanceof Map)) {
                return false;
            }
        }
        return true;
    }

    private void header(String open, List<String> path, String close) {
        if (out.length() > 0) {
            out.append('\n');
        }
        out.append(open);
        for (int i = 0; i < path.size(); i++) {
            out.append(i == 0 ? "" : ".").append(key(path.get(i)));
        }
        out.append(close).append('\n');
    }

    private void inline(Object v) {
        if (v == null) {
            throw new LuaData.DataException("invalid type: null (TOML has no null)");
        } else if (v instanceof String) {
            quoted((String) v);
        } else if (v instanceof Double) {
            double d = (Double) v;
            out.append(Double.isNaN(d) ? "nan" : Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf") : Double.toString(d));
        } else if (v instanceof List) {
            out.append('[');
            String sep = "";
            for (Object e : (List<?>) v) {
                out.append(sep);
                inline(e);
                sep = ", ";
            }
            out.append(']');
        } else if (v instanceof Map) {
            out.append('{');
            String sep = " ";
            for (Map.Entry<?, ?> e : Keys.sortedEntries((Map<?, ?>) v)) {
                out.append(sep).append(key((String) e.getKey())).append(" = ");
                inline(e.getValue());
                sep = ", ";
            }
            out.append(((Map<?, ?>) v).isEmpty() ? "}" : " }");
        } else {
            out.append(v); // Long, Boolean
        }
    }

    private static String key(String k) {
        if (!k.isEmpty() && k.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-'))) {
            return k;
        }
        StringBuilder q = new StringBuilder();
        quoted(q, k);
        return q.toString();
    }

    private void quoted(String s) {
        quoted(out, s);
    }

    /** A basic string: {@code "}, {@code \} and control characters escaped. */
    private static void quoted(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\b': out.append("\\b"); break;
                case '\t': out.append("\\t"); break;
                case '\n': out.append("\\n"); break;
                case '\f': out.append("\\f"); break;
                case '\r': out.append("\\r"); break;
                default:
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
