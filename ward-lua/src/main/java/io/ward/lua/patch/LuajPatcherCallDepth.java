package io.ward.lua.patch;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.List;
import java.util.Map;

/**
 * Build-time only, like {@link LuajPatcher}, which applies it to {@code LuaClosure}: the bytecode
 * that counts nested Lua calls ({@link CallDepth}) where every Lua function is entered.
 *
 * <ul>
 *   <li>{@code execute(stack, varargs)}, the interpreter, becomes {@value #INTERPRETER}; a new
 *       {@code execute} with the same signature (so every entry, {@code call()} to
 *       {@code onInvoke}, goes through it) does
 *       {@code d = CallDepth.of(globals); saved = CallDepth.enter(d, fromLua); try { varargs =
 *       CallDepth.varargs(d, this, varargs); return wardExecute(stack, varargs); } finally {
 *       CallDepth.exit(d, saved); }} (the extra arguments are copied only for the full debug
 *       library's {@code setlocal(level, -n)}: {@link FrameVarargs}).</li>
 *   <li>{@code fromLua} is the field {@value #FROM_LUA}, set on the callee just before the
 *       interpreter's own call instructions ({@code OP_CALL}, {@code OP_TFORCALL}: their
 *       {@code LuaValue.call}/{@code invoke} calls go through static helpers that set it when
 *       the callee is a {@code LuaClosure}; {@code OP_TAILCALL}: its {@code TailcallVarargs}
 *       marks the function it will call), and read and cleared on entry. Every other entry
 *       comes from Java: a C call in Lua's terms.</li>
 *   <li>{@code OP_TAILCALL} of a Java function runs it at once, inside the frame, as Lua 5.2
 *       does ({@code wardTail}); LuaJ's deferred tail call is kept for Lua functions.</li>
 * </ul>
 *
 * <p>Cost: a field store per Lua call and a few loads and stores per entry, no allocation
 * (measured with ward-bench's {@code LuaCpuBench}, see docs/LUA.md).
 */
final class LuajPatcherCallDepth {
    static final String CLOSURE = "org/luaj/vm2/LuaClosure";
    static final String EXECUTE = "execute";
    static final String EXECUTE_DESC = "([Lorg/luaj/vm2/LuaValue;Lorg/luaj/vm2/Varargs;)Lorg/luaj/vm2/Varargs;";
    /** The interpreter's new name. */
    static final String INTERPRETER = "wardInterpret";
    /** The interpreter with its loop exits ({@link LuajPatcherCompiler#addLoopExits}): what every entry runs. */
    static final String INTERPRETED = "wardExecute";
    /** The callee's "entered by a Lua call instruction" flag. */
    static final String FROM_LUA = "wardFromLua";
    /** Set when the tail call being set up is one of a Java function. */
    static final String TAIL_JAVA = "wardTailJava";

    private static final String VALUE = "org/luaj/vm2/LuaValue";
    private static final String VARARGS = "org/luaj/vm2/Varargs";
    private static final String DEPTH = "io/ward/lua/patch/CallDepth";
    private static final String JAVA_CALLS = "io/ward/lua/patch/JavaCalls";
    private static final String TAILCALL_INIT = "org/luaj/vm2/TailcallVarargs.<init>(L" + VALUE + ";L" + VARARGS + ";)V";

    /** {@code LuaValue} methods the interpreter calls functions with, by descriptor: helper name. */
    static final Map<String, String> CALLS = Map.of(
            "call()L" + VALUE + ";", "wardCall",
            "call(L" + VALUE + ";)L" + VALUE + ";", "wardCall",
            "call(L" + VALUE + ";L" + VALUE + ";)L" + VALUE + ";", "wardCall",
            "call(L" + VALUE + ";L" + VALUE + ";L" + VALUE + ";)L" + VALUE + ";", "wardCall",
            "invoke(L" + VARARGS + ";)L" + VARARGS + ";", "wardInvoke");

    private LuajPatcherCallDepth() {
    }

    /** Whether {@code name desc} is the method to rename to {@value #INTERPRETER}. */
    static boolean isInterpreter(String owner, String name, String desc) {
        return CLOSURE.equals(owner) && EXECUTE.equals(name) && EXECUTE_DESC.equals(desc);
    }

    /**
     * The interpreter's code with its calls redirected; {@code count} gets
     * {@code "calls"} and {@code "tailcalls"} (the patcher fails when either stays zero).
     */
    static MethodVisitor interpreter(MethodVisitor mv, Map<String, Integer> count) {
        return new MethodVisitor(Opcodes.ASM9, mv) {
            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
                String helper = opcode == Opcodes.INVOKEVIRTUAL && VALUE.equals(owner) ? CALLS.get(name + desc) : null;
                if (helper != null) {
                    count.merge("calls", 1, Integer::sum);
                    super.visitVarInsn(Opcodes.ALOAD, 0); // the caller, last argument of the helper
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, CLOSURE, helper, helperDesc(desc), false);
                    return;
                }
                if ((owner + "." + name + desc).equals(TAILCALL_INIT)) {
                    count.merge("tailcalls", 1, Integer::sum);
                    // under the constructor's arguments (f, args): this.wardTailMark(f), keep both
                    super.visitInsn(Opcodes.SWAP);
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitInsn(Opcodes.SWAP);
                    super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CLOSURE, "wardTailMark",
                            "(L" + VALUE + ";)L" + VALUE + ";", false);
                    super.visitInsn(Opcodes.SWAP);
                    super.visitMethodInsn(opcode, owner, name, desc, itf);
                    // the new TailcallVarargs t: this.wardTail(t)
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitInsn(Opcodes.SWAP);
                    super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CLOSURE, "wardTail",
                            "(Lorg/luaj/vm2/TailcallVarargs;)L" + VARARGS + ";", false);
                    return;
                }
                super.visitMethodInsn(opcode, owner, name, desc, itf);
            }
        };
    }

    /** Adds the flag, the counting {@code execute} and the helpers to {@code LuaClosure}. */
    static void addMembers(ClassVisitor cv, int interpreterAccess) {
        cv.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC, FROM_LUA, "Z", null, null).visitEnd();
        cv.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC, TAIL_JAVA, "Z", null, null).visitEnd();
        addExecute(cv, interpreterAccess);
        LuajPatcherCompiler.addLoopExits(cv, interpreterAccess, INTERPRETED, INTERPRETER);
        addTailMark(cv);
        addTail(cv);
        for (Map.Entry<String, String> e : CALLS.entrySet()) {
            addCall(cv, e.getKey(), e.getValue());
        }
    }

    private static void addExecute(ClassVisitor cv, int access) {
        MethodVisitor mv = cv.visitMethod(access, EXECUTE, EXECUTE_DESC, null, null);
        mv.visitCode();
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        mv.visitTryCatchBlock(start, end, handler, null);
        // locals: 0 this, 1 stack, 2 varargs (replaced by CallDepth.varargs), 3 CallDepth, 4-5 saved counts, 6 result or throwable, 7 fromLua
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "globals", "Lorg/luaj/vm2/Globals;");
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, DEPTH, "of", "(Lorg/luaj/vm2/Globals;)L" + DEPTH + ";", false);
        mv.visitVarInsn(Opcodes.ASTORE, 3);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, FROM_LUA, "Z");
        mv.visitVarInsn(Opcodes.ISTORE, 7);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitFieldInsn(Opcodes.PUTFIELD, CLOSURE, FROM_LUA, "Z");
        mv.visitVarInsn(Opcodes.ALOAD, 3);
        mv.visitVarInsn(Opcodes.ILOAD, 7);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, DEPTH, "enter", "(L" + DEPTH + ";Z)J", false);
        mv.visitVarInsn(Opcodes.LSTORE, 4);
        mv.visitLabel(start);
        // varargs = CallDepth.varargs(d, this, varargs): a copy setlocal can change (full debug library)
        mv.visitVarInsn(Opcodes.ALOAD, 3);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, DEPTH, "varargs",
                "(L" + DEPTH + ";L" + CLOSURE + ";L" + VARARGS + ";)L" + VARARGS + ";", false);
        mv.visitVarInsn(Opcodes.ASTORE, 2);
        LuajPatcherCompiler.callBody(mv, INTERPRETED); // the compiled body when there is one, else the interpreter
        mv.visitVarInsn(Opcodes.ASTORE, 6);
        mv.visitLabel(end);
        exit(mv);
        mv.visitVarInsn(Opcodes.ALOAD, 6);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitLabel(handler);
        mv.visitVarInsn(Opcodes.ASTORE, 6);
        exit(mv);
        mv.visitVarInsn(Opcodes.ALOAD, 6);
        mv.visitInsn(Opcodes.ATHROW);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void exit(MethodVisitor mv) {
        mv.visitVarInsn(Opcodes.ALOAD, 3);
        mv.visitVarInsn(Opcodes.LLOAD, 4);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, DEPTH, "exit", "(L" + DEPTH + ";J)V", false);
    }

    /**
     * {@code LuaValue wardTailMark(LuaValue f)}: a tail call of f is being set up; marks f when it
     * is a LuaClosure (and tells {@link CallDepth#tailCall} the frame is leaving by a tail call), else notes in {@value #TAIL_JAVA} that it is a Java function; returns f.
     */
    private static void addTailMark(ClassVisitor cv) {
        MethodVisitor mv = cv.visitMethod(Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC, "wardTailMark",
                "(L" + VALUE + ";)L" + VALUE + ";", null, null);
        mv.visitCode();
        Label java = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitTypeInsn(Opcodes.INSTANCEOF, CLOSURE);
        mv.visitJumpInsn(Opcodes.IFEQ, java);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitTypeInsn(Opcodes.CHECKCAST, CLOSURE);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitFieldInsn(Opcodes.PUTFIELD, CLOSURE, FROM_LUA, "Z");
        // CallDepth.tailCall(CallDepth.of(globals)): hooks and getinfo tell the tail call apart
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "globals", "Lorg/luaj/vm2/Globals;");
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, DEPTH, "of", "(Lorg/luaj/vm2/Globals;)L" + DEPTH + ";", false);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, DEPTH, "tailCall", "(L" + DEPTH + ";)V", false);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitLabel(java);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitFieldInsn(Opcodes.PUTFIELD, CLOSURE, TAIL_JAVA, "Z");
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /**
     * {@code Varargs wardTail(TailcallVarargs t)}: a tail call of a Java function runs now, inside
     * this frame, as in Lua 5.2 (so its C calls count, and its errors and tracebacks see this
     * frame); a tail call of a Lua function stays LuaJ's, made after this frame returns.
     */
    private static void addTail(ClassVisitor cv) {
        MethodVisitor mv = cv.visitMethod(Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC, "wardTail",
                "(Lorg/luaj/vm2/TailcallVarargs;)L" + VARARGS + ";", null, null);
        mv.visitCode();
        Label lua = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, TAIL_JAVA, "Z");
        mv.visitJumpInsn(Opcodes.IFEQ, lua);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitFieldInsn(Opcodes.PUTFIELD, CLOSURE, TAIL_JAVA, "Z");
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "org/luaj/vm2/TailcallVarargs", "eval", "()L" + VARARGS + ";", false);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitLabel(lua);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** The helper's descriptor for {@code LuaValue} method descriptor {@code desc}: (f, args..., caller). */
    private static String helperDesc(String desc) {
        int close = desc.indexOf(')');
        return "(L" + VALUE + ";" + desc.substring(1, close) + "L" + CLOSURE + ";" + desc.substring(close);
    }

    /**
     * {@code static R helper(LuaValue f, args..., LuaClosure caller)}: a {@code LuaClosure} f is
     * marked and called, {@code f.method(args...)}; anything else goes through
     * {@code JavaCalls.method(f, args..., caller.globals)}, which records the Java function as a
     * frame when the debug library asks for it.
     */
    private static void addCall(ClassVisitor cv, String methodDesc, String helper) {
        String name = methodDesc.substring(0, methodDesc.indexOf('('));
        String desc = methodDesc.substring(name.length());
        org.objectweb.asm.Type[] args = org.objectweb.asm.Type.getArgumentTypes(desc);
        MethodVisitor mv = cv.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, helper,
                helperDesc(desc), null, null);
        mv.visitCode();
        Label java = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitTypeInsn(Opcodes.INSTANCEOF, CLOSURE);
        mv.visitJumpInsn(Opcodes.IFEQ, java);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitTypeInsn(Opcodes.CHECKCAST, CLOSURE);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitFieldInsn(Opcodes.PUTFIELD, CLOSURE, FROM_LUA, "Z");
        for (int i = 0; i <= args.length; i++) {
            mv.visitVarInsn(Opcodes.ALOAD, i);
        }
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VALUE, name, desc, false);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitLabel(java);
        for (int i = 0; i <= args.length; i++) {
            mv.visitVarInsn(Opcodes.ALOAD, i);
        }
        mv.visitVarInsn(Opcodes.ALOAD, args.length + 1);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "globals", "Lorg/luaj/vm2/Globals;");
        int close = desc.indexOf(')');
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, JAVA_CALLS, name,
                "(L" + VALUE + ";" + desc.substring(1, close) + "Lorg/luaj/vm2/Globals;" + desc.substring(close), false);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** What {@link #interpreter} must have redirected at least once. */
    static final List<String> REQUIRED = List.of("calls", "tailcalls");
}
