package io.ward.lua.compiler;

import org.luaj.vm2.Prototype;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.function.IntConsumer;

/**
 * Stateless. Generates the direct entries of a compiled class ({@link CompiledFunction#call0}
 * to {@code call3}, {@link CompiledFunction#invoke}): what {@code LuaClosure.call(...)} and
 * {@code onInvoke} do for that prototype (a new register array, the parameters in place, the
 * extra arguments as {@code varargs}, exactly LuaJ's rules) followed by what the patched counting
 * {@code LuaClosure.execute} does for a call from a Lua call instruction ({@code CallDepth}:
 * the stack limit, entered "from Lua", so no C call), then the class's own {@code execute}, a
 * direct call the JIT can inline. Compiled callers use them when the callee is compiled
 * already, skipping two megamorphic calls ({@code LuaValue.call}, {@code CompiledFunction.execute})
 * per Lua call.
 */
final class EntryPoints {
    private static final String CLOSURE = FunctionCompiler.CLOSURE;
    private static final String VALUE = FunctionCompiler.VALUE;
    private static final String VARARGS = FunctionCompiler.VARARGS;
    private static final String SUPPORT = FunctionCompiler.SUPPORT;
    private static final String L_VALUE = FunctionCompiler.L_VALUE;
    private static final String L_VARARGS = FunctionCompiler.L_VARARGS;
    private static final String EXEC_DESC = FunctionCompiler.EXEC_DESC;
    private static final String DEPTH = "io/ward/lua/patch/CallDepth";

    private EntryPoints() {
    }

    /** The descriptor of {@code call<n>}: the closure and n values, one value back. */
    static String callDesc(int n) {
        return "(L" + CLOSURE + ";" + L_VALUE.repeat(n) + ")" + L_VALUE;
    }

    /** The descriptor of {@code invoke}: the closure and the arguments, all results back. */
    static final String INVOKE_DESC = "(L" + CLOSURE + ";" + L_VARARGS + ")" + L_VARARGS;

    /**
     * Adds {@code call0} to {@code call3} and {@code invoke} to the class {@code owner} of
     * {@code p}; {@code direct}: its {@code run} takes the parameters without a register array.
     */
    static void generate(ClassWriter cw, Prototype p, String owner, boolean direct) {
        for (int n = 0; n <= 3; n++) {
            MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, "call" + n, callDesc(n), null, null);
            mv.visitCode();
            int stack = n + 2;
            if (direct) {
                mv.visitInsn(Opcodes.ACONST_NULL);
                mv.visitVarInsn(Opcodes.ASTORE, stack);
            } else {
                newStack(mv, p, stack);
                for (int i = 0; i < Math.min(n, p.numparams); i++) {
                    mv.visitVarInsn(Opcodes.ALOAD, stack);
                    FunctionCompiler.push(mv, i);
                    mv.visitVarInsn(Opcodes.ALOAD, 2 + i);
                    mv.visitInsn(Opcodes.AASTORE);
                }
            }
            // LuaClosure.call's extra arguments: one is passed as it is, more only to a vararg function
            int extra = n - p.numparams;
            if (extra <= 0 || (extra > 1 && p.is_vararg == 0)) {
                mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, "NONE", L_VALUE);
            } else if (extra == 1) {
                mv.visitVarInsn(Opcodes.ALOAD, 2 + p.numparams);
            } else {
                for (int i = p.numparams; i < n; i++) {
                    mv.visitVarInsn(Opcodes.ALOAD, 2 + i);
                }
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "varargsOf",
                        "(" + L_VALUE.repeat(extra - 1) + L_VARARGS + ")" + L_VARARGS, false);
            }
            mv.visitVarInsn(Opcodes.ASTORE, stack + 1);
            final int count = n;
            counted(mv, owner, stack, true, p.is_vararg != 0, direct ? i -> {
                if (i < Math.min(count, p.numparams)) {
                    mv.visitVarInsn(Opcodes.ALOAD, 2 + i);
                } else if (i < p.numparams) {
                    mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, "NIL", L_VALUE);
                } else {
                    mv.visitInsn(Opcodes.ACONST_NULL);
                }
            } : null);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, "invoke", INVOKE_DESC, null, null);
        mv.visitCode();
        int stack = 3;
        if (direct) {
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitVarInsn(Opcodes.ASTORE, stack);
        } else {
            newStack(mv, p, stack);
            for (int i = 0; i < p.numparams; i++) { // onInvoke: stack[i] = args.arg(i + 1)
                mv.visitVarInsn(Opcodes.ALOAD, stack);
                FunctionCompiler.push(mv, i);
                mv.visitVarInsn(Opcodes.ALOAD, 2);
                FunctionCompiler.push(mv, i + 1);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VARARGS, "arg", "(I)" + L_VALUE, false);
                mv.visitInsn(Opcodes.AASTORE);
            }
        }
        if (p.is_vararg != 0) {
            mv.visitVarInsn(Opcodes.ALOAD, 2);
            FunctionCompiler.push(mv, p.numparams + 1);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VARARGS, "subargs", "(I)" + L_VARARGS, false);
        } else {
            mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, "NONE", L_VALUE);
        }
        mv.visitVarInsn(Opcodes.ASTORE, stack + 1);
        counted(mv, owner, stack, false, p.is_vararg != 0, direct ? i -> {
            if (i < p.numparams) {
                mv.visitVarInsn(Opcodes.ALOAD, 2);
                FunctionCompiler.push(mv, i + 1);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VARARGS, "arg", "(I)" + L_VALUE, false);
            } else {
                mv.visitInsn(Opcodes.ACONST_NULL);
            }
        } : null);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** {@code stack = CompiledSupport.newStack(p.maxstacksize)} into local {@code local}. */
    private static void newStack(MethodVisitor mv, Prototype p, int local) {
        FunctionCompiler.push(mv, p.maxstacksize);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "newStack", "(I)[" + L_VALUE, false);
        mv.visitVarInsn(Opcodes.ASTORE, local);
    }

    /**
     * With the register array in local {@code stack} and the extra arguments in {@code stack + 1}:
     * {@code d = CallDepth.of(cl.globals); saved = CallDepth.enter(d, true); try { varargs =
     * CallDepth.varargs(d, cl, varargs); return execute(cl, stack, varargs)[.arg1()]; } finally
     * { CallDepth.exit(d, saved); }}; with {@code parameter} (a direct function, {@code stack}
     * null) {@code run(cl, null, varargs, p1, p2, p3, null, -1)} in place of {@code execute}.
     */
    private static void counted(MethodVisitor mv, String owner, int stack, boolean oneValue, boolean vararg,
            IntConsumer parameter) {
        int varargs = stack + 1;
        int depth = stack + 2;
        int saved = stack + 3; // and + 4: a long
        int result = stack + 5;
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "globals", "Lorg/luaj/vm2/Globals;");
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, DEPTH, "of", "(Lorg/luaj/vm2/Globals;)L" + DEPTH + ";", false);
        mv.visitVarInsn(Opcodes.ASTORE, depth);
        mv.visitVarInsn(Opcodes.ALOAD, depth);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, DEPTH, "enter", "(L" + DEPTH + ";Z)J", false);
        mv.visitVarInsn(Opcodes.LSTORE, saved);
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        mv.visitTryCatchBlock(start, end, handler, null);
        mv.visitLabel(start);
        if (vararg) { // CallDepth.varargs returns the others' unchanged
            mv.visitVarInsn(Opcodes.ALOAD, depth);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitVarInsn(Opcodes.ALOAD, varargs);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, DEPTH, "varargs",
                    "(L" + DEPTH + ";L" + CLOSURE + ";" + L_VARARGS + ")" + L_VARARGS, false);
            mv.visitVarInsn(Opcodes.ASTORE, varargs);
        }
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitVarInsn(Opcodes.ALOAD, stack);
        mv.visitVarInsn(Opcodes.ALOAD, varargs);
        if (parameter != null) { // run(cl, null, varargs, p1, p2, p3, null, -1)
            for (int i = 0; i < 3; i++) {
                parameter.accept(i);
            }
            mv.visitInsn(Opcodes.ACONST_NULL); // a call, no loop entry
            mv.visitInsn(Opcodes.ICONST_M1);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, owner, "run", FunctionCompiler.RUN_DESC, false);
        } else {
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, owner, "execute", EXEC_DESC, false);
        }
        if (oneValue) {
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VARARGS, "arg1", "()" + L_VALUE, false);
        }
        mv.visitVarInsn(Opcodes.ASTORE, result);
        mv.visitLabel(end);
        exit(mv, depth, saved);
        mv.visitVarInsn(Opcodes.ALOAD, result);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitLabel(handler);
        mv.visitVarInsn(Opcodes.ASTORE, result);
        exit(mv, depth, saved);
        mv.visitVarInsn(Opcodes.ALOAD, result);
        mv.visitInsn(Opcodes.ATHROW);
    }

    private static void exit(MethodVisitor mv, int depth, int saved) {
        mv.visitVarInsn(Opcodes.ALOAD, depth);
        mv.visitVarInsn(Opcodes.LLOAD, saved);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, DEPTH, "exit", "(L" + DEPTH + ";J)V", false);
    }
}
