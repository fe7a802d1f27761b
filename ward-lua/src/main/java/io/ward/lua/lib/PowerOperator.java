package io.ward.lua.lib;

import org.luaj.vm2.lib.MathLib;

/**
 * Stateless and thread-safe: Lua's {@code ^} operator as C's {@code pow} ({@link WardMathLib}'s
 * {@code math.pow}). LuaJ's VM computes {@code a ^ b} through the JVM-wide
 * {@code MathLib.MATHLIB}, set by whichever LuaJ math library was made last; with none, it
 * falls back to a loop of square roots good to 16 bits of the exponent's fraction
 * ({@code 2^0.3} printed {@code 1.2311339963446}; Lua: {@code 1.2311444133449}). Making one of
 * these (LuaJ's constructor sets {@code MATHLIB}) puts Ward's {@code pow} there.
 */
final class PowerOperator extends MathLib {
    private PowerOperator() {
    }

    /** Makes Ward's {@code pow} the {@code ^} of every runtime in this JVM. Idempotent. */
    static void install() {
        if (!(MathLib.MATHLIB instanceof PowerOperator)) {
            new PowerOperator();
        }
    }

    @Override
    public double dpow_lib(double a, double b) {
        return WardMathLib.pow(a, b);
    }
}
