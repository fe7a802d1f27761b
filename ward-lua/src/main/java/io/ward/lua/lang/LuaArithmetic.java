package io.ward.lua.lang;

/**
 * Stateless. Lua 5.2's division and modulo of two numbers as its reference interpreter computes
 * them on x86-64, for both LuaJ's patched number classes ({@code io.ward.lua.patch.LuajHooks})
 * and compiled code's unboxed numbers ({@code io.ward.lua.vm.LuaOps}).
 */
public final class LuaArithmetic {
    private LuaArithmetic() {
    }

    /**
     * {@code a / b}: the plain IEEE quotient ({@code 1/-0} is {@code -inf}), with the NaN an
     * invalid operation makes on x86 (sign bit set, prints {@code -nan}).
     */
    public static double divide(double a, double b) {
        return invalid(a / b, a, b);
    }

    /** {@code a % b}: Lua 5.2's {@code luai_nummod}, {@code a - floor(a/b)*b}, NaN as in {@link #divide}. */
    public static double modulo(double a, double b) {
        return invalid(a - Math.floor(a / b) * b, a, b);
    }

    /**
     * The NaN that x86-64 makes for an invalid operation (sign bit set) when {@code result} is
     * a NaN that neither operand was: Java leaves that NaN's sign to the processor, Lua's
     * reference prints the x86 one.
     */
    private static double invalid(double result, double a, double b) {
        if (result != result && a == a && b == b) {
            return LuaNumberFormat.X86_DEFAULT_NAN;
        }
        return result;
    }
}
