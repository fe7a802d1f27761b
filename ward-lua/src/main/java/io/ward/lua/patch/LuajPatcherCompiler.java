package io.ward.lua.patch;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Build-time only, like {@link LuajPatcher}, which applies it: the switch-in point of Ward's Lua
 * compiler ({@code io.ward.lua.compiler}, docs/COMPILER.md).
 *
 * <ul>
 *   <li>{@code Prototype} gets {@code public volatile Object wardCompiled} (the compiled body, or
 *       a marker: queued, stays interpreted) and {@code public int wardHeat} (calls and loop
 *       iterations counted in the interpreter).</li>
 *   <li>The counting {@code LuaClosure.execute} ({@link LuajPatcherCallDepth}) calls
 *       {@code Tiering.body(this, globals)} and runs the compiled body it returns, else the interpreter;
 *       the call counting, the execution hook's calls and the error hooks stay where they are.</li>
 * </ul>
 */
final class LuajPatcherCompiler {
    static final String PROTOTYPE = "org/luaj/vm2/Prototype";
    static final String COMPILED_FIELD = "wardCompiled";
    static final String HEAT_FIELD = "wardHeat";
    /** The interface {@code Prototype} gets, over the two fields. */
    static final String SLOT = "io/ward/lua/patch/CompiledSlot";
    private static final String CLOSURE = "org/luaj/vm2/LuaClosure";
    private static final String TIERING = "io/ward/lua/compiler/Tiering";
    private static final String BODY = "io/ward/lua/compiler/CompiledFunction";
    private static final String LOOP_EXIT = "io/ward/lua/compiler/LoopExit";
    private static final String EXEC_DESC = "([Lorg/luaj/vm2/LuaValue;Lorg/luaj/vm2/Varargs;)Lorg/luaj/vm2/Varargs;";

    /** What {@link #loopCounting} must have redirected exactly once each. */
    static final java.util.List<String> REQUIRED = java.util.List.of("forloop", "tforloop");

    private LuajPatcherCompiler() {
    }

    /**
     * The interpreter with its loops counted for {@code Tiering}: OP_FORLOOP's
     * {@code step.gt_b(0)} (its only {@code gt_b(int)} call) becomes
     * {@code Tiering.forLoop(step, 0, this, globals)}, OP_TFORLOOP's {@code isnil()} (its only
     * one) {@code Tiering.genericLoop(v, this, globals)}: same results, and a function looping
     * long gets compiled for its next call. {@code count} gets {@code "forloop"} and {@code "tforloop"}.
     */
    static MethodVisitor loopCounting(MethodVisitor mv, java.util.Map<String, Integer> count) {
        return new MethodVisitor(Opcodes.ASM9, mv) {
            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
                String kind = !"org/luaj/vm2/LuaValue".equals(owner) ? null
                        : (name + desc).equals("gt_b(I)Z") ? "forloop" : (name + desc).equals("isnil()Z") ? "tforloop" : null;
                if (kind == null) {
                    super.visitMethodInsn(opcode, owner, name, desc, itf);
                    return;
                }
                count.merge(kind, 1, Integer::sum);
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "globals", "Lorg/luaj/vm2/Globals;");
                String helperDesc = kind.equals("forloop") ? "(Lorg/luaj/vm2/LuaValue;IL" + CLOSURE + ";Lorg/luaj/vm2/Globals;)Z"
                        : "(Lorg/luaj/vm2/LuaValue;L" + CLOSURE + ";Lorg/luaj/vm2/Globals;)Z";
                super.visitMethodInsn(Opcodes.INVOKESTATIC, TIERING, kind.equals("forloop") ? "forLoop" : "genericLoop",
                        helperDesc, false);
            }
        };
    }

    /** What {@link #loopEntries} must have done exactly once each. */
    static final java.util.List<String> LOOP_ENTRIES = java.util.List.of("forloop entry", "tforloop entry", "jmp entry");

    /**
     * The interpreter handing a call to compiled code at its loops: the code of {@code OP_FORLOOP}
     * and {@code OP_TFORLOOP} (the cases of the instruction switch, a {@code tableswitch} from 0)
     * starts with {@code Tiering.loopEntry(this, globals, stack, varargs, openups, pc)}, which returns when
     * the interpreter goes on and throws a {@code LoopExit} when compiled code ran the call to its
     * end; {@code OP_JMP}'s with {@code Tiering.jumpEntry(...)}, which counts a backward jump (a
     * {@code while}, {@code repeat} or {@code goto} loop) as a loop iteration and does the same.
     * {@code openups} is the local the one {@code new UpValue[...]} is stored in, {@code pc} the
     * index the instruction is fetched with (the last {@code iload} before an {@code iaload} ahead
     * of the switch). {@code count} gets each of {@link #LOOP_ENTRIES} once.
     */
    static MethodVisitor loopEntries(MethodVisitor mv, java.util.Map<String, Integer> count) {
        return new MethodVisitor(Opcodes.ASM9, mv) {
            private int openups = -1;
            private boolean upvalueArray;
            private int lastIload = -1;
            private int pc = -1;
            private final java.util.Map<Label, String> cases = new java.util.HashMap<>();

            @Override
            public void visitTypeInsn(int opcode, String type) {
                upvalueArray = opcode == Opcodes.ANEWARRAY && "org/luaj/vm2/UpValue".equals(type) && openups < 0;
                super.visitTypeInsn(opcode, type);
            }

            @Override
            public void visitVarInsn(int opcode, int var) {
                if (opcode == Opcodes.ASTORE && upvalueArray && openups < 0) {
                    openups = var;
                }
                if (opcode == Opcodes.ILOAD) {
                    lastIload = var;
                }
                super.visitVarInsn(opcode, var);
            }

            @Override
            public void visitInsn(int opcode) {
                if (opcode == Opcodes.IALOAD && cases.isEmpty()) {
                    pc = lastIload;
                }
                super.visitInsn(opcode);
            }

            @Override
            public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
                if (min == 0 && cases.isEmpty() && max >= org.luaj.vm2.Lua.OP_TFORLOOP) {
                    cases.put(labels[org.luaj.vm2.Lua.OP_FORLOOP], "forloop entry");
                    cases.put(labels[org.luaj.vm2.Lua.OP_TFORLOOP], "tforloop entry");
                    cases.put(labels[org.luaj.vm2.Lua.OP_JMP], "jmp entry");
                }
                super.visitTableSwitchInsn(min, max, dflt, labels);
            }

            @Override
            public void visitLabel(Label label) {
                super.visitLabel(label);
                String kind = cases.remove(label);
                if (kind == null || openups < 0 || pc < 0) {
                    return;
                }
                count.merge(kind, 1, Integer::sum);
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "globals", "Lorg/luaj/vm2/Globals;");
                super.visitVarInsn(Opcodes.ALOAD, 1);
                super.visitVarInsn(Opcodes.ALOAD, 2);
                super.visitVarInsn(Opcodes.ALOAD, openups);
                super.visitVarInsn(Opcodes.ILOAD, pc);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, TIERING, kind.equals("jmp entry") ? "jumpEntry" : "loopEntry",
                        "(L" + CLOSURE + ";Lorg/luaj/vm2/Globals;[Lorg/luaj/vm2/LuaValue;Lorg/luaj/vm2/Varargs;"
                                + "[Lorg/luaj/vm2/UpValue;I)V", false);
            }
        };
    }

    /**
     * {@code Varargs wardExecute(LuaValue[] stack, Varargs varargs)}: {@code try { return
     * interpreter(stack, varargs); } catch (LoopExit e) { return e.results(); }}, the interpreter
     * with the end of a call compiled code took over at a loop ({@link #loopEntries}).
     */
    static void addLoopExits(ClassVisitor cv, int access, String name, String interpreter) {
        MethodVisitor mv = cv.visitMethod(access, name, EXEC_DESC, null, null);
        mv.visitCode();
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        mv.visitTryCatchBlock(start, end, handler, LOOP_EXIT);
        mv.visitLabel(start);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CLOSURE, interpreter, EXEC_DESC, false);
        mv.visitLabel(end);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitLabel(handler);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LOOP_EXIT, "results", "()Lorg/luaj/vm2/Varargs;", false);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** The two fields {@code Prototype} gains. */
    static void addPrototypeFields(ClassVisitor cv) {
        cv.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_VOLATILE | Opcodes.ACC_SYNTHETIC, COMPILED_FIELD,
                "Ljava/lang/Object;", null, null).visitEnd();
        cv.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, HEAT_FIELD, "I", null, null).visitEnd();
        accessor(cv, "wardCompiledBody", COMPILED_FIELD, "Ljava/lang/Object;", Opcodes.ALOAD, Opcodes.ARETURN);
        accessor(cv, "wardHeat", HEAT_FIELD, "I", Opcodes.ILOAD, Opcodes.IRETURN);
    }

    /** The getter {@code T name()} and setter {@code void name(T)} of {@link CompiledSlot} over {@code field}. */
    private static void accessor(ClassVisitor cv, String name, String field, String desc, int load, int ret) {
        MethodVisitor get = cv.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, name, "()" + desc, null, null);
        get.visitCode();
        get.visitVarInsn(Opcodes.ALOAD, 0);
        get.visitFieldInsn(Opcodes.GETFIELD, PROTOTYPE, field, desc);
        get.visitInsn(ret);
        get.visitMaxs(0, 0);
        get.visitEnd();
        MethodVisitor set = cv.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, name, "(" + desc + ")V", null, null);
        set.visitCode();
        set.visitVarInsn(Opcodes.ALOAD, 0);
        set.visitVarInsn(load, 1);
        set.visitFieldInsn(Opcodes.PUTFIELD, PROTOTYPE, field, desc);
        set.visitInsn(Opcodes.RETURN);
        set.visitMaxs(0, 0);
        set.visitEnd();
    }

    /**
     * In place of {@code this.wardExecute(stack, varargs)} (locals 0-2): {@code b =
     * Tiering.body(this, globals); b != null ? b.execute(this, stack, varargs) : this.wardExecute(stack,
     * varargs)}, the result on the operand stack.
     */
    static void callBody(MethodVisitor mv, String interpreter) {
        Label interpret = new Label();
        Label done = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "globals", "Lorg/luaj/vm2/Globals;");
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, TIERING, "body", "(L" + CLOSURE + ";Lorg/luaj/vm2/Globals;)L" + BODY + ";",
                false);
        mv.visitInsn(Opcodes.DUP);
        mv.visitJumpInsn(Opcodes.IFNULL, interpret);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BODY, "execute", "(L" + CLOSURE + ";" + EXEC_DESC.substring(1),
                false);
        mv.visitJumpInsn(Opcodes.GOTO, done);
        mv.visitLabel(interpret);
        mv.visitInsn(Opcodes.POP);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CLOSURE, interpreter, EXEC_DESC, false);
        mv.visitLabel(done);
    }
}
