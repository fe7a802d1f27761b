package io.ward.lua.patch;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.Map;

/**
 * Build-time only, like {@link LuajPatcher}, which applies it: Lua 5.2's closure cache
 * ({@link ClosureCache}).
 *
 * <ul>
 *   <li>{@code Prototype} gets the field {@value #FIELD} and implements {@link ClosureSlot}
 *       over it ({@link #addSlot}).</li>
 *   <li>{@code LuaClosure} gets {@code static LuaClosure wardReuse(LuaClosure made)}:
 *       {@code c = ClosureCache.cached(made); if (c != null && c.globals == made.globals) return c;
 *       ClosureCache.remember(made); return made;} ({@link #addReuse}).</li>
 *   <li>In the interpreter, {@code OP_CLOSURE}'s final {@code stack[a] = ncl} stores
 *       {@code wardReuse(ncl)} instead ({@link #interpreter}): the one {@code aload ncl} directly
 *       followed by {@code aastore}, {@code ncl} being the local that the one
 *       {@code new LuaClosure(Prototype, LuaValue)} of the interpreter is stored in.</li>
 * </ul>
 *
 * <p>Cost: a weak reference per closure made (when not taken from the cache) and a look at the
 * cached closure's upvalues.
 */
final class LuajPatcherClosures {
    static final String PROTOTYPE = "org/luaj/vm2/Prototype";
    static final String SLOT = "io/ward/lua/patch/ClosureSlot";
    static final String FIELD = "wardClosure";
    static final String REUSE = "wardReuse";
    /** The key of {@link #interpreter}'s count: the patcher fails unless it is 1. */
    static final String STORES = "closure stores";

    private static final String CLOSURE = "org/luaj/vm2/LuaClosure";
    private static final String CACHE = "io/ward/lua/patch/ClosureCache";
    private static final String WEAK = "java/lang/ref/WeakReference";
    private static final String CLOSURE_INIT = "(L" + PROTOTYPE + ";Lorg/luaj/vm2/LuaValue;)V";
    private static final String REUSE_DESC = "(L" + CLOSURE + ";)L" + CLOSURE + ";";

    private LuajPatcherClosures() {
    }

    /** The field and the {@link ClosureSlot} methods, added to {@code Prototype}. */
    static void addSlot(ClassVisitor cv) {
        cv.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_TRANSIENT | Opcodes.ACC_SYNTHETIC, FIELD, "L" + WEAK + ";",
                null, null).visitEnd();
        MethodVisitor get = cv.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, "wardCachedClosure",
                "()L" + WEAK + ";", null, null);
        get.visitCode();
        get.visitVarInsn(Opcodes.ALOAD, 0);
        get.visitFieldInsn(Opcodes.GETFIELD, PROTOTYPE, FIELD, "L" + WEAK + ";");
        get.visitInsn(Opcodes.ARETURN);
        get.visitMaxs(0, 0);
        get.visitEnd();
        MethodVisitor set = cv.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, "wardCacheClosure",
                "(L" + WEAK + ";)V", null, null);
        set.visitCode();
        set.visitVarInsn(Opcodes.ALOAD, 0);
        set.visitVarInsn(Opcodes.ALOAD, 1);
        set.visitFieldInsn(Opcodes.PUTFIELD, PROTOTYPE, FIELD, "L" + WEAK + ";");
        set.visitInsn(Opcodes.RETURN);
        set.visitMaxs(0, 0);
        set.visitEnd();
    }

    /** {@code LuaClosure.wardReuse}, as in the class comment. */
    static void addReuse(ClassVisitor cv) {
        MethodVisitor mv = cv.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, REUSE,
                REUSE_DESC, null, null);
        mv.visitCode();
        Label miss = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, CACHE, "cached", REUSE_DESC, false);
        mv.visitVarInsn(Opcodes.ASTORE, 1);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitJumpInsn(Opcodes.IFNULL, miss);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "globals", "Lorg/luaj/vm2/Globals;");
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "globals", "Lorg/luaj/vm2/Globals;");
        mv.visitJumpInsn(Opcodes.IF_ACMPNE, miss);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitLabel(miss);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, CACHE, "remember", "(L" + CLOSURE + ";)V", false);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** The interpreter's code with {@code OP_CLOSURE}'s store going through {@code wardReuse}; counts {@link #STORES}. */
    static MethodVisitor interpreter(MethodVisitor mv, Map<String, Integer> count) {
        return new MethodVisitor(Opcodes.ASM9, mv) {
            private boolean afterNew;
            private int closureVar = -1;
            private boolean loadHeld;

            /** Emits a held {@code aload} that turned out not to be the store. */
            private void flush() {
                if (loadHeld) {
                    loadHeld = false;
                    super.visitVarInsn(Opcodes.ALOAD, closureVar);
                }
            }

            @Override
            public void visitVarInsn(int opcode, int var) {
                flush();
                if (afterNew && opcode == Opcodes.ASTORE) {
                    afterNew = false;
                    closureVar = var;
                } else if (opcode == Opcodes.ALOAD && var == closureVar) {
                    loadHeld = true;
                    return;
                }
                super.visitVarInsn(opcode, var);
            }

            @Override
            public void visitInsn(int opcode) {
                if (loadHeld && opcode == Opcodes.AASTORE) {
                    loadHeld = false;
                    super.visitVarInsn(Opcodes.ALOAD, closureVar);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, CLOSURE, REUSE, REUSE_DESC, false);
                    count.merge(STORES, 1, Integer::sum);
                    closureVar = -1;
                }
                flush();
                super.visitInsn(opcode);
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
                flush();
                super.visitMethodInsn(opcode, owner, name, desc, itf);
                if (opcode == Opcodes.INVOKESPECIAL && CLOSURE.equals(owner) && "<init>".equals(name)
                        && CLOSURE_INIT.equals(desc)) {
                    afterNew = true;
                }
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String desc) {
                flush();
                super.visitFieldInsn(opcode, owner, name, desc);
            }

            @Override
            public void visitIntInsn(int opcode, int operand) {
                flush();
                super.visitIntInsn(opcode, operand);
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                flush();
                super.visitTypeInsn(opcode, type);
            }

            @Override
            public void visitJumpInsn(int opcode, Label label) {
                flush();
                super.visitJumpInsn(opcode, label);
            }

            @Override
            public void visitLabel(Label label) {
                flush();
                super.visitLabel(label);
            }

            @Override
            public void visitLdcInsn(Object value) {
                flush();
                super.visitLdcInsn(value);
            }

            @Override
            public void visitIincInsn(int var, int increment) {
                flush();
                super.visitIincInsn(var, increment);
            }

            @Override
            public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
                flush();
                super.visitTableSwitchInsn(min, max, dflt, labels);
            }

            @Override
            public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
                flush();
                super.visitLookupSwitchInsn(dflt, keys, labels);
            }

            @Override
            public void visitMultiANewArrayInsn(String desc, int dims) {
                flush();
                super.visitMultiANewArrayInsn(desc, dims);
            }

            @Override
            public void visitInvokeDynamicInsn(String name, String desc, Handle bsm, Object... args) {
                flush();
                super.visitInvokeDynamicInsn(name, desc, bsm, args);
            }

            @Override
            public void visitFrame(int type, int nLocal, Object[] local, int nStack, Object[] stack) {
                flush();
                super.visitFrame(type, nLocal, local, nStack, stack);
            }

            @Override
            public void visitLineNumber(int line, Label start) {
                flush();
                super.visitLineNumber(line, start);
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                flush();
                super.visitMaxs(maxStack, maxLocals);
            }
        };
    }
}
