package io.ward.lua.lib;

/**
 * Stateless. The {@code math} library's functions ({@link WardMathLib}); those of one number
 * carry their {@link WardMathLib.Unary}, one class each, which compiled Lua code applies
 * directly. A top-level enum, not nested in {@code WardMathLib}: JDK 25's AOT cache dump
 * crashed (SIGSEGV in {@code AOTClassLinker::write_to_archive}) on the lambdas of the same enum
 * nested there (WardMathLib extends one of LuaJ's pre-Java-6 classes, which the cache leaves out).
 */
enum MathOp {
    ABS(x -> Double.longBitsToDouble(Double.doubleToRawLongBits(x) & Long.MAX_VALUE)),
    ACOS(x -> WardMathLib.positiveNaN(StrictMath.acos(x), x)),
    ASIN(x -> WardMathLib.positiveNaN(StrictMath.asin(x), x)),
    ATAN(x -> WardMathLib.invalid(StrictMath.atan(x), x)),
    ATAN2(null),
    CEIL(Math::ceil),
    COS(x -> WardMathLib.invalid(Math.cos(x), x)),
    COSH(x -> WardMathLib.invalid(StrictMath.cosh(x), x)),
    DEG(x -> WardMathLib.invalid(x / WardMathLib.RADIANS_PER_DEGREE, x)),
    EXP(x -> WardMathLib.invalid(Math.exp(x), x)),
    FLOOR(Math::floor),
    FMOD(null),
    FREXP(null),
    LDEXP(null),
    LOG(null),
    LOG10(x -> WardMathLib.positiveNaN(Math.log10(x), x)),
    MAX(null),
    MIN(null),
    MODF(null),
    POW(null),
    RAD(x -> WardMathLib.invalid(x * WardMathLib.RADIANS_PER_DEGREE, x)),
    RANDOM(null),
    RANDOMSEED(null),
    SIN(x -> WardMathLib.invalid(Math.sin(x), x)),
    SINH(x -> WardMathLib.invalid(StrictMath.sinh(x), x)),
    SQRT(x -> WardMathLib.invalid(Math.sqrt(x), x)),
    TAN(x -> WardMathLib.invalid(Math.tan(x), x)),
    TANH(x -> WardMathLib.invalid(StrictMath.tanh(x), x));

    final WardMathLib.Unary unary;

    MathOp(WardMathLib.Unary unary) {
        this.unary = unary;
    }
}
