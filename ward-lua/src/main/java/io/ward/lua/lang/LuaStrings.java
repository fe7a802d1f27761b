package io.ward.lua.lang;

/**
 * Lua 5.2's order of strings ({@code l_strcmp} in {@code lvm.c}): {@code strcoll} in the C
 * locale, that is {@code strcmp}'s UNSIGNED bytes, applied chunk by chunk around embedded
 * zeros, which comes down to a byte-wise comparison where a proper prefix is smaller
 * ({@code "\xe1" > "a"}, {@code "a" < "a\0"}).
 */
public final class LuaStrings {
    private LuaStrings() {
    }

    /**
     * Negative, zero or positive as {@code a[aOff..aOff+aLen)} sorts before, with or after
     * {@code b[bOff..bOff+bLen)}; bytes compare as 0-255.
     */
    public static int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        int n = Math.min(aLen, bLen);
        for (int k = 0; k < n; k++) {
            int ca = a[aOff + k] & 0xFF;
            int cb = b[bOff + k] & 0xFF;
            if (ca != cb) {
                return ca - cb;
            }
        }
        return Integer.compare(aLen, bLen);
    }
}
