package io.ward.lua.fs;

/**
 * UTF-8 validation with Rust's error texts ({@code core::str::Utf8Error}), for {@code fs.read}
 * in text mode: the bytes are checked, never decoded. Stateless and thread-safe.
 */
final class Utf8Check {
    private Utf8Check() {
    }

    /**
     * Null when {@code b} is valid UTF-8, else Rust's message:
     * {@code invalid utf-8 sequence of N bytes from index I} (N is how many bytes form the
     * invalid prefix, 1 to 3) or {@code incomplete utf-8 byte sequence from index I} when the
     * input ends inside a sequence that could still be valid.
     */
    static String error(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int width = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
            if (width == 0) {
                return invalid(1, i);
            }
            if (i + 1 >= n) {
                return incomplete(i);
            }
            int c1 = b[i + 1] & 0xff;
            boolean secondOk;
            switch (c) {
                case 0xE0:
                    secondOk = c1 >= 0xA0 && c1 <= 0xBF;
                    break;
                case 0xED:
                    secondOk = c1 >= 0x80 && c1 <= 0x9F;
                    break;
                case 0xF0:
                    secondOk = c1 >= 0x90 && c1 <= 0xBF;
                    break;
                case 0xF4:
                    secondOk = c1 >= 0x80 && c1 <= 0x8F;
                    break;
                default:
                    secondOk = c1 >= 0x80 && c1 <= 0xBF;
            }
            if (!secondOk) {
                return invalid(1, i);
            }
            for (int k = 2; k < width; k++) {
                if (i + k >= n) {
                    return incomplete(i);
                }
                int ck = b[i + k] & 0xff;
                if (ck < 0x80 || ck > 0xBF) {
                    return invalid(k, i);
                }
            }
            i += width;
        }
        return null;
    }

    private static String invalid(int len, int index) {
        return "invalid utf-8 sequence of " + len + " bytes from index " + index;
    }

    private static String incomplete(int index) {
        return "incomplete utf-8 byte sequence from index " + index;
    }
}
