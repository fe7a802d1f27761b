package io.ward.lua.compiler;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.LuaC;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * The operands of arithmetic into an unboxed register are unboxed too when they are results of
     * arithmetic themselves ({@code dx} in {@code dx * dx}): the subtraction of two fields is a
     * double operation, not the boxed {@code HookedOps.sub}.
     */
    @Test
    void formulasAreUnboxedThroughout() throws Exception {
        String source = "local t = ...; local dx = t.x - t.y; local d2 = dx * dx; return t.m / d2";
        List<String> calls = calls(source);
        assertTrue(calls.contains("io/ward/lua/vm/LuaOps.sub(DD)D"), calls.toString());
        assertTrue(calls.contains("io/ward/lua/vm/LuaOps.mul(DD)D"), calls.toString());
        assertTrue(calls.contains("io/ward/lua/vm/LuaOps.div(DD)D"), calls.toString());
    }

    /**
     * Arithmetic tests and reads its boxed operands through {@code CompiledSupport.isNumber} and
     * {@code toDouble}, never with an {@code instanceof} or {@code todouble()} of its own: a
     * profile per site made the JIT recompile a function once per site when a field that had
     * held fractions held a whole number ({@code LuaInteger}), as n_body's Sun does.
     */
    @Test
    void numbersAreTestedThroughSharedHelpers() throws Exception {
        List<String> calls = calls("local t = ...; local dx = t.x - t.y; return t.m / (dx * dx)");
        assertTrue(calls.contains("io/ward/lua/compiler/CompiledSupport.isNumber(Lorg/luaj/vm2/LuaValue;)Z"), calls.toString());
        assertTrue(calls.contains("io/ward/lua/compiler/CompiledSupport.toDouble(Lorg/luaj/vm2/LuaValue;)D"), calls.toString());
        assertFalse(calls.contains("org/luaj/vm2/LuaValue.todouble()D"), calls.toString());
        assertFalse(calls.contains("instanceof org/luaj/vm2/LuaNumber"), calls.toString());
    }

    /**
     * A body past {@link FunctionCompiler#LINK_ABOVE} bytes calls its operations through
     * {@code invokedynamic} (C2 inlines those past its budget); a small one makes plain calls.
     */
    @Test
    void largeBodiesLinkTheirOperations() throws Exception {
        StringBuilder large = new StringBuilder("local t, dt = ...; local s = 0\n");
        for (int i = 0; i < 40; i++) {
            large.append("s = s + (t.x - t.y) * dt / (t.m + ").append(i).append(")\n");
        }
        large.append("return s");
        String small = "local t = ...; return t.x / t.y";
        org.junit.jupiter.api.Assumptions.assumeTrue(FunctionCompiler.LINK_ABOVE > 0, "every body linked in this run");
        assertTrue(linked(large.toString()).contains("io/ward/lua/vm/LuaOps.div(DD)D"));
        assertEquals(List.of(), linked(small));
    }

    /** The targets of the {@code invokedynamic} sites of compiled {@code source}. */
    private static List<String> linked(String source) throws Exception {
        return calls(source, false);
    }

    /** Every operation call compiled code makes (owner.name and descriptor) and its {@code instanceof}s, in code order. */
    private static List<String> calls(String source) throws Exception {
        return calls(source, true);
    }

    /** The calls of compiled {@code source}: its {@code invokedynamic} sites' targets, and plain calls if {@code plain}. */
    private static List<String> calls(String source, boolean plain) throws Exception {
        Prototype p = LuaC.instance.compile(new ByteArrayInputStream(source.getBytes(StandardCharsets.UTF_8)), "u");
        List<String> calls = new ArrayList<>();
        new ClassReader(FunctionCompiler.generate(p, "org/luaj/vm2/LuaClosure$WardCompiled")).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInvokeDynamicInsn(String n, String d, Handle bsm, Object... args) {
                        Handle target = (Handle) args[0];
                        calls.add(target.getOwner() + "." + target.getName() + target.getDesc());
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String n, String d, boolean itf) {
                        if (plain) {
                            calls.add(owner + "." + n + d);
                        }
                    }

                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        if (plain && opcode == Opcodes.INSTANCEOF) {
                            calls.add("instanceof " + type);
                        }
                    }
                };
            }
        }, 0);
        return calls;
    }

    @Test
    void compilingBoxedUnboxesNothing() throws Exception {
        String source = "local a, b = ...; return a / b";
        Prototype p = LuaC.instance.compile(new ByteArrayInputStream(source.getBytes(StandardCharsets.UTF_8)), "u");
        byte[] bytes = FunctionCompiler.generate(p, "org/luaj/vm2/LuaClosure$WardCompiled", false);
        assertEquals(false, new String(bytes, StandardCharsets.ISO_8859_1).contains("(DD)D"), source);
    }
}
