package io.ward.lua.lang;

/**
 * The conversions from a Lua number to a C integer that Lua 5.2.4's C libraries make on
 * x86-64, where scripts can see them.
 *
 * <p>Stateless and thread-safe.
 * <ul>
 *   <li>{@link #toInt(double)} is {@code luaL_checkint}: truncation toward zero to a 64-bit
 *       integer ({@code cvttsd2si}: NaN and values outside the 64-bit range become
 *       {@code -2^63}), then the low 32 bits. So {@code 2.7} is 2, {@code -1.5} is -1 and
 *       {@code 2^40} is 0.
 *   <li>{@link #toUnsigned(double)} is {@code luaL_checkunsigned}: Lua 5.2 adds
 *       {@code 2^52 + 2^51} and keeps the low 32 bits of the sum's representation, which for
 *       {@code |x| < 2^51} is {@code x} rounded to the nearest integer (ties to even) modulo
 *       {@code 2^32}; infinities and NaN give 0.
 * </ul>
 */
public final class LuaCasts {
    private static final double MAGIC = 6755399441055744.0; // 2^52 + 2^51

    private LuaCasts() {
    }

    /** {@code luaL_checkint}'s conversion (see the class comment). */
    public static int toInt(double d) {
        return (int) toInteger(d);
    }

    /** {@code (ptrdiff_t) d} on x86-64: truncation, {@code -2^63} when out of range or NaN. */
    public static long toInteger(double d) {
        if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
            return Long.MIN_VALUE;
        }
        return (long) d;
    }

    /** {@code luaL_checkunsigned}'s conversion, as an int holding the 32 bits. */
    public static int toUnsigned(double d) {
        return (int) Double.doubleToRawLongBits(d + MAGIC);
    }

    /** The 32 bits as the non-negative number Lua pushes ({@code lua_pushunsigned}). */
    public static double unsignedValue(int bits) {
        return bits & 0xFFFFFFFFL;
    }
}
