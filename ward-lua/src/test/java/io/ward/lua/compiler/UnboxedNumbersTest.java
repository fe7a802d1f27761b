package io.ward.lua.compiler;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.LuaC;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which functions the compiler gives unboxed number registers ({@code FunctionCompiler.numeric}):
 * their code calls {@code LuaOps}' double operations, {@code (DD)D}. What that code computes is
 * {@link CompilerDifferentialTest}'s (the unboxed-* snippets); this test keeps those snippets
 * meaningful, and the choice deliberate: whole-number code stays boxed (LuaJ caches small
 * integers, so boxing them costs no allocation).
 */
class UnboxedNumbersTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "local a, b = ...; return a / b                                    | true",
        "local a = ...; return a * 0.5 + 1                                 | true",
        "local s = 0; for i = 1, 10 do s = s + i * 2 end; return s          | true",
        "local x = ...; local y = x / 2; local z = y; return z - 1          | true",
        "local a, b = ...; return a + b, a * b, a - b                       | false",
        "local n = 0; for i = 1, 10 do n = n + 1 end; return n              | false",
        "local function f(n) return f(n - 1) + f(n - 2) end; return f      | false",
        "local t = {}; t.x = 1.5; return t.x                                | false",
    })
    void unboxesWhereNumbersAreLikelyFractions(String source, boolean unboxed) throws Exception {
        Prototype p = LuaC.instance.compile(new ByteArrayInputStream(source.getBytes(StandardCharsets.UTF_8)), "u");
        byte[] bytes = FunctionCompiler.generate(p, "org/luaj/vm2/LuaClosure$WardCompiled");
        assertEquals(unboxed, new String(bytes, StandardCharsets.ISO_8859_1).contains("(DD)D"), source);
    }

    @Test
    void compilingBoxedUnboxesNothing() throws Exception {
        String source = "local a, b = ...; return a / b";
        Prototype p = LuaC.instance.compile(new ByteArrayInputStream(source.getBytes(StandardCharsets.UTF_8)), "u");
        byte[] bytes = FunctionCompiler.generate(p, "org/luaj/vm2/LuaClosure$WardCompiled", false);
        assertEquals(false, new String(bytes, StandardCharsets.ISO_8859_1).contains("(DD)D"), source);
    }
}
