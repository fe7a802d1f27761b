package io.ward.lua;

/**
 * JSON text pieces that modules writing JSON by hand share ({@code ward.log}'s JSON lines,
 * {@code ward.net}'s request bodies). Stateless; any thread.
 */
public final class JsonText {
    private JsonText() {
    }

    /** Appends {@code s} as a JSON string: quotes, the two-character escapes, a six-character escape for other controls. */
    public static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
