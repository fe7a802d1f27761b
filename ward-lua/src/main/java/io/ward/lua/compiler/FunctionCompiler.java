package io.ward.lua.compiler;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Upvaldesc;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Stateless. Generates the JVM class of one Lua function from LuaJ's {@link Prototype}: a
 * {@link CompiledFunction} whose {@code execute} does what {@code LuaClosure}'s interpreter (as
 * Ward patches it) does for that prototype, instruction by instruction, with the registers in
 * the same {@code stack} array. Jumps become JVM branches; operations go through
 * {@link io.ward.lua.vm.LuaOps}; calls through the patched {@code LuaClosure}'s call-depth
 * helpers; errors through its error hooks. The class is defined in LuaJ's package as a nestmate
 * of {@code LuaClosure} ({@link Tiering}), which is what lets it use those helpers.
 *
 * <p>Every instruction's code is bounded by a constant (ranges go to {@link CompiledSupport}),
 * so the class is linear in the prototype's size; one that would pass the JVM's method-size
 * limit, or uses {@code LOADKX}/{@code EXTRAARG} (which LuaJ's interpreter does not run
 * either), is refused ({@link Unsupported}) and stays interpreted.
 *
 * <p>Instruction counts (docs/COMPILER.md): the code reports the instructions run since its
 * last report to the execution hook with the pc at calls and back-edges
 * ({@code CompiledSupport.tick}), without it at branches and returns ({@code count}); tells it
 * the pc before an operation that may call a metamethod ({@code CompiledSupport.add} and the
 * like) and on errors; and keeps the pc in a local for the error path.
 *
 * <p>Over 400 lines on purpose: one case per opcode, in the interpreter's order, so that a
 * change to the interpreter (LuajPatcher) is mirrored here in one place.
 */
final class FunctionCompiler {
    /** A prototype this compiler does not take: it stays interpreted. */
    static final class Unsupported extends Exception {
        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    private static final String CLOSURE = "org/luaj/vm2/LuaClosure";
    private static final String VALUE = "org/luaj/vm2/LuaValue";
    private static final String VARARGS = "org/luaj/vm2/Varargs";
    private static final String UPVALUE = "org/luaj/vm2/UpValue";
    private static final String PROTO = "org/luaj/vm2/Prototype";
    private static final String GLOBALS = "org/luaj/vm2/Globals";
    private static final String ERROR = "org/luaj/vm2/LuaError";
    private static final String HOOK = "io/ward/lua/limits/ExecutionHook";
    private static final String SUPPORT = "io/ward/lua/compiler/CompiledSupport";
    private static final String OPS = "io/ward/lua/vm/LuaOps";
    private static final String BASE = "io/ward/lua/compiler/CompiledFunction";
    private static final String ERRORS = "io/ward/lua/patch/LuajErrorHooks";
    private static final String L_VALUE = "L" + VALUE + ";";
    private static final String L_VARARGS = "L" + VARARGS + ";";
    private static final String EXEC_DESC = "(L" + CLOSURE + ";[" + L_VALUE + L_VARARGS + ")" + L_VARARGS;
    private static final String BIN = "(" + L_VALUE + L_VALUE + ")" + L_VALUE;

    // locals of execute
    private static final int CL = 1;
    private static final int STACK = 2;
    private static final int VARARGS_ARG = 3;
    private static final int K = 4;
    private static final int OPENUPS = 5;
    private static final int V = 6;
    private static final int TOP = 7;
    private static final int PC = 8;
    private static final int HOOK_VAR = 9;
    private static final int UPVALUES = 10;
    private static final int RESULT = 11;
    private static final int TMP = 12;
    private static final int TMP2 = 13;
    private static final int TMP3 = 14;

    private final Prototype p;
    private final int[] code;
    private final MethodVisitor mv;
    private final Label[] labels;
    private final boolean[] target;
    private final Label exit = new Label();
    private final String className;

    private FunctionCompiler(Prototype p, MethodVisitor mv, String className) {
        this.p = p;
        this.className = className;
        this.code = p.code;
        this.mv = mv;
        this.labels = new Label[code.length + 2];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = new Label();
        }
        this.target = new boolean[code.length + 2];
    }

    /**
     * Instructions past which a prototype is not even tried: its code (about 25 bytes of
     * bytecode per instruction) would not fit one JVM method (64 KB).
     */
    static final int MAX_INSTRUCTIONS = 2200;

    /** The class file of {@code p}'s compiled body, named {@code internalName}. */
    static byte[] generate(Prototype p, String internalName) throws Unsupported {
        if (p.code.length > MAX_INSTRUCTIONS) {
            throw new Unsupported("too large for one JVM method: " + p.code.length + " instructions");
        }
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return LuaClosure.class.getClassLoader();
            }
        };
        cw.visit(Opcodes.V11, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, internalName, null, BASE,
                null);
        String source = p.source == null ? "?" : p.source.tojstring();
        cw.visitSource(source.length() > 200 ? source.substring(0, 200) : source, null);
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, BASE, "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        boolean closes = false;
        for (int i : p.code) {
            if (Lua.GET_OPCODE(i) == Lua.OP_JMP && Lua.GETARG_A(i) > 0) {
                closes = true;
            }
        }
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "execute", EXEC_DESC, null, null);
        new FunctionCompiler(p, mv, internalName).method();
        if (closes) {
            closeFrom(cw);
        }
        cw.visitEnd();
        try {
            return cw.toByteArray();
        } catch (RuntimeException e) { // ASM's MethodTooLargeException, ClassTooLargeException
            throw new Unsupported("too large for one JVM method: " + e.getMessage());
        }
    }

    private void method() throws Unsupported {
        findTargets();
        mv.visitCode();
        Label interpret = new Label();
        // a foreign debug library or a Lua hook: the interpreter (before onCall: it makes its own)
        mv.visitVarInsn(Opcodes.ALOAD, CL);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "globals", "L" + GLOBALS + ";");
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "interpretInstead", "(L" + GLOBALS + ";)Z", false);
        mv.visitJumpInsn(Opcodes.IFNE, interpret);
        // prologue, as the interpreter's
        mv.visitVarInsn(Opcodes.ALOAD, CL);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "globals", "L" + GLOBALS + ";");
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "hook", "(L" + GLOBALS + ";)L" + HOOK + ";", false);
        mv.visitVarInsn(Opcodes.ASTORE, HOOK_VAR);
        mv.visitVarInsn(Opcodes.ALOAD, CL);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "p", "L" + PROTO + ";");
        mv.visitFieldInsn(Opcodes.GETFIELD, PROTO, "k", "[" + L_VALUE);
        mv.visitVarInsn(Opcodes.ASTORE, K);
        mv.visitVarInsn(Opcodes.ALOAD, CL);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "upValues", "[L" + UPVALUE + ";");
        mv.visitVarInsn(Opcodes.ASTORE, UPVALUES);
        if (p.p.length > 0) {
            mv.visitVarInsn(Opcodes.ALOAD, STACK);
            mv.visitInsn(Opcodes.ARRAYLENGTH);
            mv.visitTypeInsn(Opcodes.ANEWARRAY, UPVALUE);
        } else {
            mv.visitInsn(Opcodes.ACONST_NULL);
        }
        mv.visitVarInsn(Opcodes.ASTORE, OPENUPS);
        mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, "NONE", L_VALUE);
        mv.visitVarInsn(Opcodes.ASTORE, V);
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitVarInsn(Opcodes.ISTORE, TOP);
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitVarInsn(Opcodes.ISTORE, PC);
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitVarInsn(Opcodes.ASTORE, RESULT);
        Label noHook = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
        mv.visitJumpInsn(Opcodes.IFNULL, noHook);
        mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
        mv.visitVarInsn(Opcodes.ALOAD, CL);
        mv.visitVarInsn(Opcodes.ALOAD, VARARGS_ARG);
        mv.visitVarInsn(Opcodes.ALOAD, STACK);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HOOK, "onCall", "(L" + CLOSURE + ";" + L_VARARGS + "[" + L_VALUE + ")V",
                false);
        mv.visitLabel(noHook);

        Label tryStart = new Label();
        Label tryEnd = new Label();
        Label onLuaError = new Label();
        Label onException = new Label();
        Label handlersEnd = new Label();
        Label onAny = new Label();
        mv.visitTryCatchBlock(tryStart, tryEnd, onLuaError, ERROR);
        mv.visitTryCatchBlock(tryStart, tryEnd, onException, "java/lang/Exception");
        mv.visitTryCatchBlock(tryStart, tryEnd, onAny, null);
        mv.visitTryCatchBlock(onLuaError, handlersEnd, onAny, null);
        mv.visitLabel(tryStart);
        body();
        mv.visitLabel(tryEnd);

        // catch (LuaError le) { if (le.traceback == null) cl.wardErrorHooks(le, p, pc, stack); throw le; }
        mv.visitLabel(onLuaError);
        mv.visitVarInsn(Opcodes.ASTORE, TMP);
        Label rethrow = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, TMP);
        mv.visitFieldInsn(Opcodes.GETFIELD, ERROR, "traceback", "Ljava/lang/String;");
        mv.visitJumpInsn(Opcodes.IFNONNULL, rethrow);
        errorHooks();
        mv.visitLabel(rethrow);
        mv.visitVarInsn(Opcodes.ALOAD, TMP);
        mv.visitInsn(Opcodes.ATHROW);
        // catch (Exception e) { le = new LuaError(e); cl.wardErrorHooks(le, p, pc, stack); throw le; }
        mv.visitLabel(onException);
        mv.visitVarInsn(Opcodes.ASTORE, TMP2);
        mv.visitTypeInsn(Opcodes.NEW, ERROR);
        mv.visitInsn(Opcodes.DUP);
        mv.visitVarInsn(Opcodes.ALOAD, TMP2);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, ERROR, "<init>", "(Ljava/lang/Throwable;)V", false);
        mv.visitVarInsn(Opcodes.ASTORE, TMP);
        errorHooks();
        mv.visitVarInsn(Opcodes.ALOAD, TMP);
        mv.visitInsn(Opcodes.ATHROW);
        mv.visitLabel(handlersEnd);
        // finally, when throwing
        mv.visitLabel(onAny);
        mv.visitVarInsn(Opcodes.ASTORE, TMP2);
        frameEnd();
        mv.visitVarInsn(Opcodes.ALOAD, TMP2);
        mv.visitInsn(Opcodes.ATHROW);
        // finally, when returning
        mv.visitLabel(exit);
        frameEnd();
        mv.visitVarInsn(Opcodes.ALOAD, RESULT);
        mv.visitInsn(Opcodes.ARETURN);

        mv.visitLabel(interpret);
        mv.visitVarInsn(Opcodes.ALOAD, CL);
        mv.visitVarInsn(Opcodes.ALOAD, STACK);
        mv.visitVarInsn(Opcodes.ALOAD, VARARGS_ARG);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CLOSURE, "wardExecute", "([" + L_VALUE + L_VARARGS + ")" + L_VARARGS,
                false);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** {@code CompiledSupport.at(hook, pc); cl.wardErrorHooks((LuaError) tmp, cl.p, pc, stack)}. */
    private void errorHooks() {
        mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
        mv.visitVarInsn(Opcodes.ILOAD, PC);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "at", "(L" + HOOK + ";I)V", false);
        mv.visitVarInsn(Opcodes.ALOAD, CL);
        mv.visitVarInsn(Opcodes.ALOAD, TMP);
        mv.visitVarInsn(Opcodes.ALOAD, CL);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "p", "L" + PROTO + ";");
        mv.visitVarInsn(Opcodes.ILOAD, PC);
        mv.visitVarInsn(Opcodes.ALOAD, STACK);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CLOSURE, "wardErrorHooks",
                "(L" + ERROR + ";L" + PROTO + ";I[" + L_VALUE + ")V", false);
    }

    /** Closes the open upvalues and reports the return to the hook. */
    private void frameEnd() {
        if (p.p.length > 0) {
            mv.visitVarInsn(Opcodes.ALOAD, OPENUPS);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "closeAll", "([L" + UPVALUE + ";)V", false);
        }
        Label none = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
        mv.visitJumpInsn(Opcodes.IFNULL, none);
        mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HOOK, "onReturn", "()V", false);
        mv.visitLabel(none);
    }

    private void findTargets() throws Unsupported {
        for (int i = 0; i < code.length; i++) {
            int ins = code[i];
            int op = Lua.GET_OPCODE(ins);
            switch (op) {
                case Lua.OP_JMP, Lua.OP_FORLOOP, Lua.OP_FORPREP, Lua.OP_TFORLOOP -> mark(i + 1 + Lua.GETARG_sBx(ins));
                case Lua.OP_LOADBOOL -> {
                    if (Lua.GETARG_C(ins) != 0) {
                        mark(i + 2);
                    }
                }
                case Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE, Lua.OP_TEST, Lua.OP_TESTSET -> mark(i + 2);
                case Lua.OP_SETLIST -> {
                    if (Lua.GETARG_C(ins) == 0) {
                        i++; // the count is the next word, not an instruction
                    }
                }
                case Lua.OP_LOADKX, Lua.OP_EXTRAARG -> throw new Unsupported("opcode " + op);
                default -> {
                    if (op > Lua.OP_EXTRAARG) {
                        throw new Unsupported("opcode " + op);
                    }
                }
            }
        }
    }

    private void mark(int pc) throws Unsupported {
        if (pc < 0 || pc > code.length) {
            throw new Unsupported("jump out of the function to " + pc);
        }
        target[pc] = true;
    }

    /** Instructions run since the last report to the hook. */
    private int pending;
    /** Whether the code being emitted can be reached by falling through. */
    private boolean reachable = true;
    private int lastPc;

    private void body() throws Unsupported {
        for (int i = 0; i < code.length; i++) {
            if (target[i] && pending > 0 && reachable) {
                flush(); // the fall-through path's count, before the block others jump into
            }
            if (target[i]) {
                pending = 0;
            }
            mv.visitLabel(labels[i]);
            reachable = true;
            if (p.lineinfo != null && i < p.lineinfo.length && p.lineinfo[i] > 0) {
                mv.visitLineNumber(p.lineinfo[i], labels[i]);
            }
            if (target[i] || i == 0 || p.lineinfo == null || i >= p.lineinfo.length
                    || p.lineinfo[i] != p.lineinfo[i - 1]) {
                mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR); // a Lua hook set while this call runs
                push(i);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "lineStart", "(L" + HOOK + ";I)V", false);
            }
            pending++;
            lastPc = i;
            i = instruction(i, code[i]);
        }
        if (reachable) { // LuaJ always ends a function with RETURN; this is never reached
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitInsn(Opcodes.ATHROW);
        }
        mv.visitLabel(labels[code.length]);
    }

    /** Reports the pending instructions and the pc to the hook; the pc to the local too (calls, back-edges). */
    private void tick(int pc) {
        mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
        push(pc);
        push(pending);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "tick", "(L" + HOOK + ";II)I", false);
        mv.visitVarInsn(Opcodes.ISTORE, PC);
        pending = 0;
    }

    /** Reports the pending instructions to the hook (before a branch, a return, a block others jump into). */
    private void flush() {
        if (pending > 0) {
            mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
            push(pending);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "count", "(L" + HOOK + ";I)V", false);
            pending = 0;
        }
    }

    /** The pc to the local, for the error path, before an instruction that can raise. */
    private void setPc(int pc) {
        push(pc);
        mv.visitVarInsn(Opcodes.ISTORE, PC);
    }

    /** Calls {@code CompiledSupport.name(operands..., hook, pc)}, which tells the hook the pc before any metamethod. */
    private void op(String name, String operands, String result, int pc) {
        mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
        push(pc);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, name, "(" + operands + "L" + HOOK + ";I)" + result, false);
    }

    /** Emits instruction {@code pc}; returns the index of the last word it used. */
    private int instruction(int pc, int i) throws Unsupported {
        int op = Lua.GET_OPCODE(i);
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int c = Lua.GETARG_C(i);
        switch (op) {
            case Lua.OP_MOVE -> {
                setRegStart(a);
                reg(b);
                mv.visitInsn(Opcodes.AASTORE);
            }
            case Lua.OP_LOADK -> {
                setRegStart(a);
                constant(Lua.GETARG_Bx(i));
                mv.visitInsn(Opcodes.AASTORE);
            }
            case Lua.OP_LOADBOOL -> {
                if (c != 0) {
                    flush();
                }
                setRegStart(a);
                mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, b != 0 ? "TRUE" : "FALSE", "Lorg/luaj/vm2/LuaBoolean;");
                mv.visitInsn(Opcodes.AASTORE);
                if (c != 0) {
                    jump(pc + 2);
                }
            }
            case Lua.OP_LOADNIL -> {
                if (b < 3) {
                    for (int j = a; j <= a + b; j++) {
                        setRegStart(j);
                        mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, "NIL", L_VALUE);
                        mv.visitInsn(Opcodes.AASTORE);
                    }
                } else {
                    mv.visitVarInsn(Opcodes.ALOAD, STACK);
                    push(a);
                    push(b + 1);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "nils", "([" + L_VALUE + "II)V", false);
                }
            }
            case Lua.OP_GETUPVAL -> {
                setRegStart(a);
                upvalue(b);
                mv.visitInsn(Opcodes.AASTORE);
            }
            case Lua.OP_GETTABUP -> {
                setPc(pc);
                setRegStart(a);
                upvalue(b);
                rk(c);
                op("index", L_VALUE + L_VALUE, L_VALUE, pc);
                mv.visitInsn(Opcodes.AASTORE);
            }
            case Lua.OP_GETTABLE -> {
                setPc(pc);
                setRegStart(a);
                reg(b);
                rk(c);
                op("index", L_VALUE + L_VALUE, L_VALUE, pc);
                mv.visitInsn(Opcodes.AASTORE);
            }
            case Lua.OP_SETTABUP -> {
                setPc(pc);
                upvalue(a);
                rk(b);
                rk(c);
                op("setIndex", L_VALUE + L_VALUE + L_VALUE, "V", pc);
            }
            case Lua.OP_SETUPVAL -> {
                mv.visitVarInsn(Opcodes.ALOAD, UPVALUES);
                push(b);
                mv.visitInsn(Opcodes.AALOAD);
                reg(a);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, UPVALUE, "setValue", "(" + L_VALUE + ")V", false);
            }
            case Lua.OP_SETTABLE -> {
                setPc(pc);
                reg(a);
                rk(b);
                rk(c);
                op("setIndex", L_VALUE + L_VALUE + L_VALUE, "V", pc);
            }
            case Lua.OP_NEWTABLE -> {
                setRegStart(a);
                mv.visitTypeInsn(Opcodes.NEW, "org/luaj/vm2/LuaTable");
                mv.visitInsn(Opcodes.DUP);
                push(b);
                push(c);
                mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "org/luaj/vm2/LuaTable", "<init>", "(II)V", false);
                mv.visitInsn(Opcodes.AASTORE);
            }
            case Lua.OP_SELF -> {
                setPc(pc);
                reg(b);
                mv.visitVarInsn(Opcodes.ASTORE, TMP);
                setRegStart(a + 1);
                mv.visitVarInsn(Opcodes.ALOAD, TMP);
                mv.visitInsn(Opcodes.AASTORE);
                setRegStart(a);
                mv.visitVarInsn(Opcodes.ALOAD, TMP);
                rk(c);
                op("index", L_VALUE + L_VALUE, L_VALUE, pc);
                mv.visitInsn(Opcodes.AASTORE);
            }
            case Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_MOD, Lua.OP_POW -> {
                setPc(pc);
                setRegStart(a);
                rk(b);
                rk(c);
                String name = switch (op) {
                    case Lua.OP_ADD -> "add";
                    case Lua.OP_SUB -> "sub";
                    case Lua.OP_MUL -> "mul";
                    case Lua.OP_DIV -> "div";
                    case Lua.OP_MOD -> "mod";
                    default -> "pow";
                };
                op(name, L_VALUE + L_VALUE, L_VALUE, pc);
                mv.visitInsn(Opcodes.AASTORE);
            }
            case Lua.OP_UNM, Lua.OP_LEN -> {
                setPc(pc);
                setRegStart(a);
                reg(b);
                op(op == Lua.OP_UNM ? "unm" : "len", L_VALUE, L_VALUE, pc);
                mv.visitInsn(Opcodes.AASTORE);
            }
            case Lua.OP_NOT -> {
                setRegStart(a);
                reg(b);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VALUE, "not", "()" + L_VALUE, false);
                mv.visitInsn(Opcodes.AASTORE);
            }
            case Lua.OP_CONCAT -> {
                setPc(pc);
                setRegStart(a);
                if (c > b + 1) {
                    mv.visitVarInsn(Opcodes.ALOAD, STACK);
                    push(b);
                    push(c);
                    op("concat", "[" + L_VALUE + "II", L_VALUE, pc);
                } else {
                    reg(c - 1);
                    reg(c);
                    op("concat", L_VALUE + L_VALUE, L_VALUE, pc);
                }
                mv.visitInsn(Opcodes.AASTORE);
            }
            case Lua.OP_JMP -> {
                if (Lua.GETARG_sBx(i) < 0) {
                    tick(pc); // a back-edge: the limit and interrupts must see a loop
                } else {
                    flush();
                }
                if (a > 0) {
                    mv.visitVarInsn(Opcodes.ALOAD, OPENUPS);
                    push(a - 1);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, className, "closeFrom", "([L" + UPVALUE + ";I)V", false);
                }
                jump(pc + 1 + Lua.GETARG_sBx(i));
            }
            case Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE -> {
                setPc(pc);
                flush();
                rk(b);
                rk(c);
                op(op == Lua.OP_EQ ? "eq" : op == Lua.OP_LT ? "lt" : "le", L_VALUE + L_VALUE, "Z", pc);
                // if (result != (a != 0)) skip the next instruction
                mv.visitJumpInsn(a != 0 ? Opcodes.IFEQ : Opcodes.IFNE, labels[pc + 2]);
            }
            case Lua.OP_TEST -> {
                flush();
                reg(a);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VALUE, "toboolean", "()Z", false);
                mv.visitJumpInsn(c != 0 ? Opcodes.IFEQ : Opcodes.IFNE, labels[pc + 2]);
            }
            case Lua.OP_TESTSET -> {
                flush();
                reg(b);
                mv.visitVarInsn(Opcodes.ASTORE, TMP);
                mv.visitVarInsn(Opcodes.ALOAD, TMP);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VALUE, "toboolean", "()Z", false);
                mv.visitJumpInsn(c != 0 ? Opcodes.IFEQ : Opcodes.IFNE, labels[pc + 2]);
                setRegStart(a);
                mv.visitVarInsn(Opcodes.ALOAD, TMP);
                mv.visitInsn(Opcodes.AASTORE);
            }
            case Lua.OP_CALL -> {
                tick(pc);
                call(a, b, c);
            }
            case Lua.OP_TAILCALL -> {
                tick(pc);
                tailcall(a, b);
            }
            case Lua.OP_RETURN -> {
                flush();
                ret(a, b);
            }
            case Lua.OP_FORLOOP -> {
                tick(pc);
                forLoop(a, pc + 1 + Lua.GETARG_sBx(i));
            }
            case Lua.OP_FORPREP -> {
                setPc(pc);
                flush();
                mv.visitVarInsn(Opcodes.ALOAD, STACK);
                push(a);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "forPrep", "([" + L_VALUE + "I)V", false);
                jump(pc + 1 + Lua.GETARG_sBx(i));
            }
            case Lua.OP_TFORCALL -> {
                tick(pc);
                reg(a);
                reg(a + 1);
                reg(a + 2);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "varargsOf", "(" + L_VALUE + L_VARARGS + ")" + L_VARARGS,
                        false);
                invoke();
                mv.visitVarInsn(Opcodes.ASTORE, V);
                mv.visitVarInsn(Opcodes.ALOAD, V);
                mv.visitVarInsn(Opcodes.ALOAD, STACK);
                push(a + 3);
                push(c);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "spread", "(" + L_VARARGS + "[" + L_VALUE + "II)V", false);
                none();
            }
            case Lua.OP_TFORLOOP -> {
                tick(pc);
                Label end = new Label();
                reg(a + 1);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VALUE, "isnil", "()Z", false);
                mv.visitJumpInsn(Opcodes.IFNE, end);
                setRegStart(a);
                reg(a + 1);
                mv.visitInsn(Opcodes.AASTORE);
                mv.visitJumpInsn(Opcodes.GOTO, labels[pc + 1 + Lua.GETARG_sBx(i)]);
                mv.visitLabel(end);
            }
            case Lua.OP_SETLIST -> {
                setPc(pc);
                int last = pc;
                if (c == 0) {
                    if (pc + 1 >= code.length) {
                        throw new Unsupported("SETLIST without its count");
                    }
                    c = code[pc + 1];
                    last = pc + 1;
                }
                mv.visitVarInsn(Opcodes.ALOAD, STACK);
                push(a);
                push(b);
                push((c - 1) * Lua.LFIELDS_PER_FLUSH);
                mv.visitVarInsn(Opcodes.ILOAD, TOP);
                mv.visitVarInsn(Opcodes.ALOAD, V);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "setList", "([" + L_VALUE + "IIII" + L_VARARGS + ")V",
                        false);
                if (last != pc) {
                    flush();
                    jump(last + 1);
                }
                return last;
            }
            case Lua.OP_CLOSURE -> closure(a, Lua.GETARG_Bx(i));
            case Lua.OP_VARARG -> {
                if (b == 0) {
                    mv.visitVarInsn(Opcodes.ALOAD, VARARGS_ARG);
                    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VARARGS, "narg", "()I", false);
                    push(a);
                    mv.visitInsn(Opcodes.IADD);
                    mv.visitVarInsn(Opcodes.ISTORE, TOP);
                    mv.visitVarInsn(Opcodes.ALOAD, VARARGS_ARG);
                    mv.visitVarInsn(Opcodes.ASTORE, V);
                } else if (b > 1) {
                    mv.visitVarInsn(Opcodes.ALOAD, VARARGS_ARG);
                    mv.visitVarInsn(Opcodes.ALOAD, STACK);
                    push(a);
                    push(b);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "varargs", "(" + L_VARARGS + "[" + L_VALUE + "II)V",
                            false);
                }
            }
            default -> throw new Unsupported("opcode " + op);
        }
        return pc;
    }

    private void call(int a, int b, int c) {
        boolean fixed = b >= 1 && b <= 4 && ((c == 0 && b <= 2) || c == 1 || c == 2);
        if (fixed && c != 0) {
            if (c == 2) {
                setRegStart(a);
            }
            for (int j = 0; j < b; j++) {
                reg(a + j);
            }
            StringBuilder desc = new StringBuilder("(");
            for (int j = 0; j < b; j++) {
                desc.append(L_VALUE);
            }
            mv.visitVarInsn(Opcodes.ALOAD, CL); // the caller, last argument of the patcher's call helpers
            desc.append("L").append(CLOSURE).append(";");
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, CLOSURE, "wardCall", desc.append(")").append(L_VALUE).toString(),
                    false);
            if (c == 2) {
                mv.visitInsn(Opcodes.AASTORE);
            } else {
                mv.visitInsn(Opcodes.POP);
            }
            return;
        }
        if (fixed) { // c == 0, b 1 or 2: v = f.invoke(NONE or stack[a+1]); top = a + v.narg()
            reg(a);
            if (b == 1) {
                mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, "NONE", L_VALUE);
            } else {
                reg(a + 1);
            }
            invoke();
            mv.visitVarInsn(Opcodes.ASTORE, V);
            topFromV(a);
            return;
        }
        reg(a);
        args(a, b);
        invoke();
        mv.visitVarInsn(Opcodes.ASTORE, V);
        if (c > 0) {
            mv.visitVarInsn(Opcodes.ALOAD, V);
            mv.visitVarInsn(Opcodes.ALOAD, STACK);
            push(a);
            push(c - 1);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VARARGS, "copyto", "([" + L_VALUE + "II)V", false);
            none();
        } else {
            topFromV(a);
            mv.visitVarInsn(Opcodes.ALOAD, V);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VARARGS, "dealias", "()" + L_VARARGS, false);
            mv.visitVarInsn(Opcodes.ASTORE, V);
        }
    }

    /** Pushes the arguments of a call at {@code a} with B = {@code b}: a fixed count, or up to {@code top}. */
    private void args(int a, int b) {
        if (b > 0) {
            mv.visitVarInsn(Opcodes.ALOAD, STACK);
            push(a + 1);
            push(b - 1);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "varargsOf", "([" + L_VALUE + "II)" + L_VARARGS, false);
        } else {
            // varargsOf(stack, a+1, top - v.narg() - (a+1), v)
            mv.visitVarInsn(Opcodes.ALOAD, STACK);
            push(a + 1);
            mv.visitVarInsn(Opcodes.ILOAD, TOP);
            mv.visitVarInsn(Opcodes.ALOAD, V);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VARARGS, "narg", "()I", false);
            mv.visitInsn(Opcodes.ISUB);
            push(a + 1);
            mv.visitInsn(Opcodes.ISUB);
            mv.visitVarInsn(Opcodes.ALOAD, V);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "varargsOf", "([" + L_VALUE + "II" + L_VARARGS + ")" + L_VARARGS,
                    false);
        }
    }

    /** {@code LuaClosure.wardInvoke(f, args)}: the interpreter's call, which marks a Lua callee. */
    private void invoke() {
        mv.visitVarInsn(Opcodes.ALOAD, CL); // the caller (JavaCalls records Java callees for the debug library)
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, CLOSURE, "wardInvoke", "(" + L_VALUE + L_VARARGS + "L" + CLOSURE + ";)"
                + L_VARARGS, false);
    }

    private void topFromV(int a) {
        mv.visitVarInsn(Opcodes.ALOAD, V);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VARARGS, "narg", "()I", false);
        push(a);
        mv.visitInsn(Opcodes.IADD);
        mv.visitVarInsn(Opcodes.ISTORE, TOP);
    }

    private void none() {
        mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, "NONE", L_VALUE);
        mv.visitVarInsn(Opcodes.ASTORE, V);
    }

    private void tailcall(int a, int b) {
        // t = new TailcallVarargs(cl.wardTailMark(LuajErrorHooks.callable(f)), args); result = cl.wardTail(t)
        mv.visitVarInsn(Opcodes.ALOAD, CL);
        mv.visitTypeInsn(Opcodes.NEW, "org/luaj/vm2/TailcallVarargs");
        mv.visitInsn(Opcodes.DUP);
        mv.visitVarInsn(Opcodes.ALOAD, CL);
        reg(a);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, ERRORS, "callable", "(" + L_VALUE + ")" + L_VALUE, false);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CLOSURE, "wardTailMark", "(" + L_VALUE + ")" + L_VALUE, false);
        switch (b) {
            case 1 -> mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, "NONE", L_VALUE);
            case 2 -> reg(a + 1);
            case 3 -> {
                reg(a + 1);
                reg(a + 2);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "varargsOf", "(" + L_VALUE + L_VARARGS + ")" + L_VARARGS,
                        false);
            }
            case 4 -> {
                reg(a + 1);
                reg(a + 2);
                reg(a + 3);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "varargsOf",
                        "(" + L_VALUE + L_VALUE + L_VARARGS + ")" + L_VARARGS, false);
            }
            default -> args(a, b);
        }
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "org/luaj/vm2/TailcallVarargs", "<init>",
                "(" + L_VALUE + L_VARARGS + ")V", false);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CLOSURE, "wardTail", "(Lorg/luaj/vm2/TailcallVarargs;)" + L_VARARGS,
                false);
        mv.visitVarInsn(Opcodes.ASTORE, RESULT);
        jumpTo(exit);
    }

    private void ret(int a, int b) {
        switch (b) {
            case 0 -> {
                // varargsOf(stack, a, top - v.narg() - a, v)
                mv.visitVarInsn(Opcodes.ALOAD, STACK);
                push(a);
                mv.visitVarInsn(Opcodes.ILOAD, TOP);
                mv.visitVarInsn(Opcodes.ALOAD, V);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VARARGS, "narg", "()I", false);
                mv.visitInsn(Opcodes.ISUB);
                push(a);
                mv.visitInsn(Opcodes.ISUB);
                mv.visitVarInsn(Opcodes.ALOAD, V);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "varargsOf", "([" + L_VALUE + "II" + L_VARARGS + ")"
                        + L_VARARGS, false);
            }
            case 1 -> mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, "NONE", L_VALUE);
            case 2 -> reg(a);
            default -> {
                mv.visitVarInsn(Opcodes.ALOAD, STACK);
                push(a);
                push(b - 1);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "varargsOf", "([" + L_VALUE + "II)" + L_VARARGS, false);
            }
        }
        mv.visitVarInsn(Opcodes.ASTORE, RESULT);
        jumpTo(exit);
    }

    private void forLoop(int a, int target) {
        // idx = LuaOps.forStep(stack[a], step); if (LuaOps.forContinues(idx, limit, step)) {...}
        Label end = new Label();
        reg(a);
        reg(a + 2);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, OPS, "forStep", BIN, false);
        mv.visitVarInsn(Opcodes.ASTORE, TMP);
        mv.visitVarInsn(Opcodes.ALOAD, TMP);
        reg(a + 1);
        reg(a + 2);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, OPS, "forContinues", "(" + L_VALUE + L_VALUE + L_VALUE + ")Z", false);
        mv.visitJumpInsn(Opcodes.IFEQ, end);
        setRegStart(a);
        mv.visitVarInsn(Opcodes.ALOAD, TMP);
        mv.visitInsn(Opcodes.AASTORE);
        setRegStart(a + 3);
        mv.visitVarInsn(Opcodes.ALOAD, TMP);
        mv.visitInsn(Opcodes.AASTORE);
        mv.visitJumpInsn(Opcodes.GOTO, labels[target]);
        mv.visitLabel(end);
    }

    private void closure(int a, int bx) throws Unsupported {
        if (bx >= p.p.length) {
            throw new Unsupported("no prototype " + bx);
        }
        Prototype np = p.p[bx];
        // ncl = new LuaClosure(cl.p.p[bx], cl.globals)
        mv.visitTypeInsn(Opcodes.NEW, CLOSURE);
        mv.visitInsn(Opcodes.DUP);
        mv.visitVarInsn(Opcodes.ALOAD, CL);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "p", "L" + PROTO + ";");
        mv.visitFieldInsn(Opcodes.GETFIELD, PROTO, "p", "[L" + PROTO + ";");
        push(bx);
        mv.visitInsn(Opcodes.AALOAD);
        mv.visitVarInsn(Opcodes.ALOAD, CL);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "globals", "L" + GLOBALS + ";");
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, CLOSURE, "<init>", "(L" + PROTO + ";" + L_VALUE + ")V", false);
        mv.visitVarInsn(Opcodes.ASTORE, TMP3);
        Upvaldesc[] uv = np.upvalues;
        for (int j = 0; j < uv.length; j++) {
            mv.visitVarInsn(Opcodes.ALOAD, TMP3);
            mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "upValues", "[L" + UPVALUE + ";");
            push(j);
            if (uv[j].instack) {
                mv.visitVarInsn(Opcodes.ALOAD, CL);
                mv.visitVarInsn(Opcodes.ALOAD, STACK);
                push(uv[j].idx);
                mv.visitVarInsn(Opcodes.ALOAD, OPENUPS);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CLOSURE, "findupval",
                        "([" + L_VALUE + "S[L" + UPVALUE + ";)L" + UPVALUE + ";", false);
            } else {
                mv.visitVarInsn(Opcodes.ALOAD, UPVALUES);
                push(uv[j].idx);
                mv.visitInsn(Opcodes.AALOAD);
            }
            mv.visitInsn(Opcodes.AASTORE);
        }
        setRegStart(a);
        mv.visitVarInsn(Opcodes.ALOAD, TMP3);
        // Lua 5.2's closure cache, as the interpreter's OP_CLOSURE (LuajPatcherClosures)
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, CLOSURE, "wardReuse", "(L" + CLOSURE + ";)L" + CLOSURE + ";", false);
        mv.visitInsn(Opcodes.AASTORE);
    }

    /** {@code static void closeFrom(UpValue[] openups, int a)}: OP_JMP's closing of upvalues at or above a. */
    private static void closeFrom(ClassWriter cw) {
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC, "closeFrom", "([L" + UPVALUE + ";I)V",
                null, null);
        m.visitCode();
        // for (b = openups.length; --b >= 0; ) if (openups[b] != null && openups[b].index >= a) { close; null }
        Label loop = new Label();
        Label next = new Label();
        Label done = new Label();
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitInsn(Opcodes.ARRAYLENGTH);
        m.visitVarInsn(Opcodes.ISTORE, 2);
        m.visitLabel(loop);
        m.visitIincInsn(2, -1);
        m.visitVarInsn(Opcodes.ILOAD, 2);
        m.visitJumpInsn(Opcodes.IFLT, done);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ILOAD, 2);
        m.visitInsn(Opcodes.AALOAD);
        m.visitJumpInsn(Opcodes.IFNULL, loop);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ILOAD, 2);
        m.visitInsn(Opcodes.AALOAD);
        m.visitFieldInsn(Opcodes.GETFIELD, UPVALUE, "index", "I");
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitJumpInsn(Opcodes.IF_ICMPLT, loop);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ILOAD, 2);
        m.visitInsn(Opcodes.AALOAD);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, UPVALUE, "close", "()V", false);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ILOAD, 2);
        m.visitInsn(Opcodes.ACONST_NULL);
        m.visitInsn(Opcodes.AASTORE);
        m.visitLabel(next);
        m.visitJumpInsn(Opcodes.GOTO, loop);
        m.visitLabel(done);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    private void jump(int pc) {
        jumpTo(labels[pc]);
    }

    private void jumpTo(Label l) {
        mv.visitJumpInsn(Opcodes.GOTO, l);
        reachable = false;
    }

    /** Pushes {@code stack, r} for a following {@code AASTORE}. */
    private void setRegStart(int r) {
        mv.visitVarInsn(Opcodes.ALOAD, STACK);
        push(r);
    }

    private void reg(int r) {
        mv.visitVarInsn(Opcodes.ALOAD, STACK);
        push(r);
        mv.visitInsn(Opcodes.AALOAD);
    }

    private void constant(int index) {
        mv.visitVarInsn(Opcodes.ALOAD, K);
        push(index);
        mv.visitInsn(Opcodes.AALOAD);
    }

    private void rk(int x) {
        if (Lua.ISK(x)) {
            constant(Lua.INDEXK(x));
        } else {
            reg(x);
        }
    }

    private void upvalue(int index) {
        mv.visitVarInsn(Opcodes.ALOAD, UPVALUES);
        push(index);
        mv.visitInsn(Opcodes.AALOAD);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, UPVALUE, "getValue", "()" + L_VALUE, false);
    }

    private void push(int n) {
        if (n >= -1 && n <= 5) {
            mv.visitInsn(Opcodes.ICONST_0 + n);
        } else if (n >= Byte.MIN_VALUE && n <= Byte.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.BIPUSH, n);
        } else if (n >= Short.MIN_VALUE && n <= Short.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.SIPUSH, n);
        } else {
            mv.visitLdcInsn(n);
        }
    }
}
