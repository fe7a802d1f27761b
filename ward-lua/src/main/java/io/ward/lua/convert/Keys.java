package io.ward.lua.convert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Key order for the formats that sort: strings by code point (UTF-8 byte order). Stateless. */
final class Keys {
    private Keys() {
    }

    /** Code point order; {@link String#compareTo} orders UTF-16 units, which differs past U+FFFF. */
    static final Comparator<String> CODE_POINTS = (a, b) -> {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                boolean sx = Character.isSurrogate(x);
                boolean sy = Character.isSurrogate(y);
                if (sx != sy) {
                    return sx ? 1 : -1; // a surrogate starts a code point above every BMP one
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    };

    /**
     * The entries of a map in key order: booleans, then numbers by value, then strings by code
     * point (only YAML mixes key types); keys of other types (null) stay where they are, last.
     */
    static List<Map.Entry<?, ?>> sortedEntries(Map<?, ?> map) {
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        entries.sort((a, b) -> compare(a.getKey(), b.getKey()));
        return entries;
    }

    private static int compare(Object a, Object b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return ra - rb;
        }
        if (a instanceof String) {
            return CODE_POINTS.compare((String) a, (String) b);
        }
        if (a instanceof Number) {
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        if (a instanceof Boolean) {
            return Boolean.compare((Boolean) a, (Boolean) b);
        }
        return 0;
    }

    private static int rank(Object k) {
        return k instanceof Boolean ? 0 : k instanceof Number ? 1 : k instanceof String ? 2 : 3;
    }
}
