package io.ward.lua.lang;

/**
 * The operations of Lua 5.2's {@code bit32} library on 32-bit values held in Java ints (the
 * bits, read as unsigned by the caller): shifts by any count, rotations, fields.
 *
 * <p>Stateless and thread-safe. Arguments come already converted by {@link LuaCasts}; field
 * checks report through {@link FieldError} with Lua's text.
 */
public final class Bit32 {
    /** A bad {@code extract}/{@code replace} field: the argument index (0: no argument) and Lua's text. */
    public static final class FieldError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int argument;

        FieldError(int argument, String message) {
            super(message, null, false, false);
            this.argument = argument;
        }

        /** The 1-based argument to blame, or 0 for an error not tied to one argument. */
        public int argument() {
            return argument;
        }
    }

    private Bit32() {
    }

    /** {@code x} shifted left by {@code n} (right when negative); 0 once 32 or more bits go. */
    public static int shift(int x, int n) {
        if (n < 0) {
            int m = -n; // -MIN_VALUE stays negative, as the C int does
            if (m >= 32) {
                return 0;
            }
            return x >>> m;
        }
        return n >= 32 ? 0 : x << n;
    }

    /** {@code bit32.arshift}: negative counts shift left; otherwise the sign bit is replicated. */
    public static int arithmeticShift(int x, int n) {
        if (n < 0 || x >= 0) {
            return shift(x, n == Integer.MIN_VALUE ? n : -n);
        }
        return n >= 32 ? -1 : x >> n;
    }

    /** {@code x} rotated left by {@code n} modulo 32 (right for negative {@code n}). */
    public static int rotate(int x, int n) {
        return Integer.rotateLeft(x, n & 31);
    }

    /** Checks {@code field}/{@code width} (arguments {@code fieldArg}, {@code fieldArg + 1}). */
    public static void checkField(int field, int width, int fieldArg) {
        if (field < 0) {
            throw new FieldError(fieldArg, "field cannot be negative");
        }
        if (width <= 0) {
            throw new FieldError(fieldArg + 1, "width must be positive");
        }
        if (field + width > 32) {
            throw new FieldError(0, "trying to access non-existent bits");
        }
    }

    private static int mask(int width) {
        return width >= 32 ? -1 : (1 << width) - 1;
    }

    /** {@code bit32.extract} after {@link #checkField}. */
    public static int extract(int x, int field, int width) {
        return (x >>> field) & mask(width);
    }

    /** {@code bit32.replace} after {@link #checkField}. */
    public static int replace(int x, int v, int field, int width) {
        int m = mask(width);
        return (x & ~(m << field)) | ((v & m) << field);
    }
}
