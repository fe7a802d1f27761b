package io.ward.lua.lang;

/**
 * The operations of Lua 5.2's {@code bit32} library on 32-bit values held in Java ints (the
 * bits, read as unsigned by the caller): shifts by any count, rotations, fields.
 *
 * <p>Stateless and thread-safe. Where 5.2.4's C shifts by a count outside 0..31 (a huge field
 * that passed the check through int overflow), Java's int shifts take the count modulo 32 as
 * x86-64 does. Arguments come already converted by {@link LuaCasts}; field
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

    /**
     * {@code x} shifted left by {@code n} (right when negative); 0 once 32 or more bits go. As
     * gcc compiles 5.2.4, a count of {@code -2^31} also gives 0.
     */
    public static int shift(int x, int n) {
        if (n < 0) {
            return n <= -32 ? 0 : x >>> -n;
        }
        return n >= 32 ? 0 : x << n;
    }

    /** {@code bit32.arshift}: negative counts shift left; otherwise the sign bit is replicated. */
    public static int arithmeticShift(int x, int n) {
        if (n < 0 || x >= 0) {
            return shift(x, -n);
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

    /** The low {@code width} bits; shift counts are taken modulo 32, as x86-64 does for 5.2.4. */
    private static int mask(int width) {
        return ~((-1 << 1) << (width - 1));
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
