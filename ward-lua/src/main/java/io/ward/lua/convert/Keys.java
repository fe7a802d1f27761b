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

    /** The entries of a map whose keys are all strings, sorted; others in their own order. */
    static List<Map.Entry<?, ?>> sortedEntries(Map<?, ?> map) {
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        for (Map.Entry<?, ?> e : entries) {
            if (!(e.getKey() instanceof String)) {
                return entries;
            }
        }
        entries.sort((a, b) -> CODE_POINTS.compare((String) a.getKey(), (String) b.getKey()));
        return entries;
    }
}
