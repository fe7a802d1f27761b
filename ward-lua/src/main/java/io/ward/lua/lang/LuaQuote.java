package io.ward.lua.lang;

/**
 * {@code %q} of Lua 5.2.4: the string in double quotes so that Lua reads back the same bytes.
 * {@code "}, {@code \} and newline get a backslash (a newline stays a real newline after it);
 * a zero byte and C control chars (0-31, 127) become a decimal escape, padded to three digits
 * only when a digit follows so that it is not read as part of the escape; other bytes
 * (including 128-255) are written as they are.
 */
final class LuaQuote {
    private LuaQuote() {
    }

    static void quote(byte[] s, ByteOutput out) {
        out.append('"');
        for (int i = 0; i < s.length; i++) {
            int b = s[i] & 0xff;
            if (b == '"' || b == '\\' || b == '\n') {
                out.append('\\');
                out.append(b);
            } else if (b < 32 || b == 127) {
                boolean digitFollows = i + 1 < s.length && s[i + 1] >= '0' && s[i + 1] <= '9';
                String code = Integer.toString(b);
                out.append('\\');
                if (digitFollows) {
                    out.repeat('0', 3 - code.length());
                }
                out.appendLatin1(code);
            } else {
                out.append(b);
            }
        }
        out.append('"');
    }
}
