package io.ward.lua.lang;

/**
 * One parsed conversion of a format string ({@code %-+ #0}, width, precision, conversion) and
 * C's rule for padding its output to the width.
 */
final class FormatSpec {
    final boolean leftAlign; // -
    final boolean plus;      // +
    final boolean space;     // ' '
    final boolean alternate; // #
    final boolean zeroPad;   // 0
    final int width;         // 0 when absent
    final int precision;     // -1 when absent
    final byte conversion;

    /** The spec of each conversion without flags, width or precision ({@code %d}, {@code %s}), made once. */
    private static final FormatSpec[] PLAIN = new FormatSpec[256];

    static {
        for (int c = 0; c < PLAIN.length; c++) {
            PLAIN[c] = new FormatSpec(false, false, false, false, false, 0, -1, (byte) c);
        }
    }

    FormatSpec(boolean leftAlign, boolean plus, boolean space, boolean alternate, boolean zeroPad,
               int width, int precision, byte conversion) {
        this.leftAlign = leftAlign;
        this.plus = plus;
        this.space = space;
        this.alternate = alternate;
        this.zeroPad = zeroPad;
        this.width = width;
        this.precision = precision;
        this.conversion = conversion;
    }

    /** The spec of a {@code %} followed directly by the conversion byte {@code conversion} (0-255). */
    static FormatSpec plain(int conversion) {
        return PLAIN[conversion];
    }

    /** The sign C prints before a number: {@code -}, else {@code +} or a space on request. */
    String sign(boolean negative) {
        return negative ? "-" : plus ? "+" : space ? " " : "";
    }

    /**
     * Writes {@code prefix} (sign, {@code 0x}) and {@code body} padded to the width: spaces on the
     * right with {@code -}, zeros between prefix and body with {@code 0} when the conversion
     * allows it, spaces on the left otherwise.
     */
    void pad(ByteOutput out, String prefix, char[] body, int len, boolean zerosAllowed) {
        int fill = width - prefix.length() - len;
        if (leftAlign) {
            out.appendLatin1(prefix);
            out.appendLatin1(body, 0, len);
            out.repeat(' ', fill);
        } else if (zeroPad && zerosAllowed) {
            out.appendLatin1(prefix);
            out.repeat('0', fill);
            out.appendLatin1(body, 0, len);
        } else {
            out.repeat(' ', fill);
            out.appendLatin1(prefix);
            out.appendLatin1(body, 0, len);
        }
    }

    /** {@link #pad} for a byte body, which C pads with spaces only ({@code %c}, {@code %s}). */
    void padBytes(ByteOutput out, byte[] body, int len) {
        if (!leftAlign) {
            out.repeat(' ', width - len);
        }
        out.append(body, 0, len);
        if (leftAlign) {
            out.repeat(' ', width - len);
        }
    }
}
