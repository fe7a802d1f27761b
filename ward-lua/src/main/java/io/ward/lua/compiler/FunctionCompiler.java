package io.ward.lua.compiler;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Upvaldesc;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Confined to the thread that compiles. Generates the JVM class of one Lua function from LuaJ's
 * {@link Prototype}: a {@link CompiledFunction} whose {@code run} does what {@code LuaClosure}'s
 * interpreter (as Ward patches it) does for that prototype, instruction by instruction, with the
 * registers in JVM locals except those closures capture, which stay in the {@code stack} array
 * (or all of them there: array mode, see {@link #registersInLocals}), plus the direct entries of
 * {@link EntryPoints}. Jumps become JVM branches; operations go through
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
 * the pc before an operation that may call a metamethod ({@link HookedOps}) and on
 * errors; and keeps the pc in a local for the error path.
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

    static final String CLOSURE = "org/luaj/vm2/LuaClosure";
    static final String VALUE = "org/luaj/vm2/LuaValue";
    static final String VARARGS = "org/luaj/vm2/Varargs";
    private static final String UPVALUE = "org/luaj/vm2/UpValue";
    private static final String PROTO = "org/luaj/vm2/Prototype";
    private static final String GLOBALS = "org/luaj/vm2/Globals";
    private static final String ERROR = "org/luaj/vm2/LuaError";
    private static final String HOOK = "io/ward/lua/limits/ExecutionHook";
    static final String SUPPORT = "io/ward/lua/compiler/CompiledSupport";
    private static final String OPS = "io/ward/lua/vm/LuaOps";
    private static final String BASE = "io/ward/lua/compiler/CompiledFunction";
    private static final String ERRORS = "io/ward/lua/patch/LuajErrorHooks";
    private static final String HOOKED = "io/ward/lua/compiler/HookedOps";
    private static final String STRING = "org/luaj/vm2/LuaString";
    static final String L_VALUE = "L" + VALUE + ";";
    static final String L_VARARGS = "L" + VARARGS + ";";
    static final String CURSOR = "org/luaj/vm2/TableCursor";
    static final String UNARY = "io/ward/lua/lib/WardMathLib$Unary";
    static final String L_UNARY = "L" + UNARY + ";";
    static final String L_CURSOR = "L" + CURSOR + ";";
    static final String EXEC_DESC = "(L" + CLOSURE + ";[" + L_VALUE + L_VARARGS + ")" + L_VARARGS;
    private static final String BIN = "(" + L_VALUE + L_VALUE + ")" + L_VALUE;

    // locals of run
    private static final int CL = 1;
    private static final int STACK = 2;
    private static final int VARARGS_ARG = 3;
    /** The first three parameters, when the caller gave no register array ({@link #direct}). */
    private static final int A0 = 4;
    /** A loop entry's open upvalues: the interpreter's ({@link #resume}); null for a call. */
    private static final int LOOP_UPS = 7;
    /** A loop entry's pc (the loop instruction the interpreter was about to run); -1 for a call. */
    private static final int LOOP_PC = 8;
    private static final int K = 9;
    private static final int OPENUPS = 10;
    private static final int V = 11;
    private static final int TOP = 12;
    private static final int PC = 13;
    private static final int HOOK_VAR = 14;
    private static final int UPVALUES = 15;
    private static final int RESULT = 16;
    private static final int TMP = 17;
    private static final int TMP2 = 18;
    private static final int TMP3 = 19;
    /** A call's arguments while the callee is looked at. */
    private static final int ARGS = 20;
    /** Register r's JVM local (registers mode {@link #inArray} says are not in {@code stack}). */
    private static final int REG0 = 21;
    /**
     * {@code run}: the body; the caller's register array or null, the extra arguments, parameters
     * 1-3, and for a loop entry ({@link #resume}) the interpreter's open upvalues and the loop's pc
     * (null and -1 for a call).
     */
    static final String RUN_DESC = "(L" + CLOSURE + ";[" + L_VALUE + L_VARARGS + L_VALUE + L_VALUE + L_VALUE + "[L"
            + UPVALUE + ";I)" + L_VARARGS;
    /** {@link CompiledFunction#resume}. */
    static final String RESUME_DESC = "(L" + CLOSURE + ";[" + L_VALUE + L_VARARGS + "[L" + UPVALUE
            + ";I)" + L_VARARGS;

    private final Prototype p;
    private final int[] code;
    private final MethodVisitor mv;
    private final Label[] labels;
    private final boolean[] target;
    /**
     * How many ways lead into each instruction: jumps to it, and the fall-through from the one
     * before wherever that one may fall through (so never too few). A block whose only way in is
     * a forward branch takes over the branch's pending count ({@link #carried}) instead of the
     * branch reporting it: fewer reports per call (docs/COMPILER.md, "Speed" 15).
     */
    private final int[] waysIn;
    /**
     * The pending count a forward branch, or a loop's back-edge ({@link #findCarriedBackEdges},
     * {@link #handedOver}), hands over to its target, the target's only way in; -1: none.
     */
    private final int[] carried;
    /**
     * For a {@code FORLOOP}, the place past its report where its {@code FORPREP} enters it: the
     * loop's first test is counted by the {@code FORPREP}, so that the block before the
     * {@code FORLOOP} (the body's end) is its only way in and needs no report of its own.
     */
    private final Label[] loopTests;
    private final Label exit = new Label();
    private final String className;
    /**
     * Whether register r lives in the {@code stack} array (where LuaJ's {@code UpValue}s point):
     * the registers a closure captures; every register in array mode ({@link #registersInLocals}
     * false). The others are JVM locals, which the JIT keeps in machine registers and whose
     * boxed numbers it can often leave unallocated.
     */
    private final boolean[] inArray;
    /**
     * Registers in JVM locals: when every instruction that takes values "up to top" (B = 0)
     * directly follows the one that produced them ({@link #openFrom}), so the count of registers
     * before the open values is known when compiling.
     */
    private final boolean registersInLocals;
    /** For an instruction with open operands (B = 0): the first register of the open values. */
    private final int[] openFrom;
    /**
     * Whether the function needs no register array: registers in locals, none captured, at most
     * three parameters. Its direct entries then pass the parameters as JVM arguments and no array
     * ({@code stack} null), which is made only if the interpreter or the error hooks need it.
     */
    private final boolean direct;
    /**
     * Whether register r may hold an unboxed number: it is in a JVM local and likely to hold
     * fractions ({@link #findNumericRegisters}). Such a register is two locals: its value, or
     * null when the number is in its {@code double} local ({@link #doubleLocal}); reading it as a
     * value boxes the number. Arithmetic into it computes with doubles when its operands are
     * numbers, else takes the boxed path and stores the value.
     */
    private final boolean[] numeric;

    /**
     * Whether numbers may be kept unboxed ({@link #numeric}) and compared as doubles: the faster
     * code, which is larger; a function whose fast code does not fit one JVM method is compiled
     * again without ({@link #generate}).
     */
    private final boolean unboxed;

    /** Whether operations are called through {@code invokedynamic} ({@link #call}, {@link #LINK_ABOVE}). */
    private final boolean linked;

    private FunctionCompiler(Prototype p, MethodVisitor mv, String className, boolean unboxed, boolean linked) {
        this.unboxed = unboxed;
        this.linked = linked;
        this.p = p;
        this.className = className;
        this.code = p.code;
        this.mv = mv;
        this.labels = new Label[code.length + 2];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = new Label();
        }
        this.target = new boolean[code.length + 2];
        this.waysIn = new int[code.length + 2];
        this.carried = new int[code.length + 2];
        java.util.Arrays.fill(carried, -1);
        this.loopTests = new Label[code.length];
        for (int pc = 0; pc < code.length; pc++) {
            if (Lua.GET_OPCODE(code[pc]) == Lua.OP_FORLOOP) {
                loopTests[pc] = new Label();
            }
        }
        this.loopPending = new int[code.length];
        this.unreported = new int[code.length];
        java.util.Arrays.fill(loopPending, -1);
        this.openFrom = new int[code.length];
        this.groupStart = new boolean[code.length + 2];
        this.registersInLocals = findOpenOperands() && !Boolean.getBoolean("ward.lua.compile.arrayRegisters");
        this.inArray = new boolean[Math.max(p.maxstacksize, 1)];
        for (int r = 0; r < inArray.length; r++) {
            inArray[r] = !registersInLocals;
        }
        boolean captures = false;
        for (Prototype child : p.p) {
            for (Upvaldesc u : child.upvalues) {
                if (u.instack && u.idx < inArray.length) {
                    inArray[u.idx] = true;
                    captures = true;
                }
            }
        }
        this.direct = registersInLocals && !captures && p.numparams <= 3;
        this.numeric = new boolean[inArray.length];
        if (registersInLocals && unboxed) {
            findNumericRegisters();
        }
    }

    /**
     * Fills {@link #numeric}: the registers likely to hold numbers that are not whole, to a
     * fixpoint. A whole number boxes into one of LuaJ's cached {@code LuaInteger}s (no
     * allocation), so an integer is best left boxed; a fraction allocates a {@code LuaDouble} each
     * time. Seeds: the results of DIV, of arithmetic with a fractional constant, and of a local
     * set from a number constant that sums (or multiplies) registers into itself ({@code s = s +
     * x}); then the results of arithmetic with a numeric register operand, and copies of
     * numeric registers; from the fractions only (not the sums), also backwards: the operands
     * of arithmetic into a numeric register that are results of arithmetic themselves.
     */
    private void findNumericRegisters() {
        boolean[] accumulator = new boolean[numeric.length]; // set to a number constant somewhere: a local, not a temporary
        boolean[] computed = new boolean[numeric.length]; // the result of arithmetic somewhere
        for (int pc = 0; pc < code.length; pc = nextInstruction(pc)) {
            int i = code[pc];
            int op = Lua.GET_OPCODE(i);
            if (op == Lua.OP_LOADK && p.k[Lua.GETARG_Bx(i)] instanceof org.luaj.vm2.LuaNumber) {
                accumulator[Lua.GETARG_A(i)] = true;
            }
            if (op == Lua.OP_ADD || op == Lua.OP_SUB || op == Lua.OP_MUL || op == Lua.OP_DIV || op == Lua.OP_UNM) {
                computed[Lua.GETARG_A(i)] = true;
            }
        }
        spreadNumeric(null, computed); // fractions: forwards and backwards through formulas
        spreadNumeric(accumulator, null); // sums: forwards only (an integer is best left boxed)
    }

    /**
     * Marks registers numeric to a fixpoint: the results of DIV, of arithmetic with a fractional
     * operand or (given {@code accumulator}) of a sum into a local set from a number constant;
     * copies and negations of numeric registers; and (given {@code computed}) the operands of
     * arithmetic into a numeric register that are themselves results of arithmetic.
     */
    private void spreadNumeric(boolean[] accumulator, boolean[] computed) {
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int pc = 0; pc < code.length; pc = nextInstruction(pc)) {
                int i = code[pc];
                int op = Lua.GET_OPCODE(i);
                int a = Lua.GETARG_A(i);
                int b = Lua.GETARG_B(i);
                int c = Lua.GETARG_C(i);
                boolean number = switch (op) {
                    case Lua.OP_DIV -> true;
                    case Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL -> fractional(b) || fractional(c) || (accumulator != null
                            && accumulator[a] && ((a == b && !Lua.ISK(c)) || (a == c && !Lua.ISK(b))));
                    case Lua.OP_UNM, Lua.OP_MOVE -> numeric[b];
                    default -> false;
                };
                if (number && !inArray[a] && !numeric[a]) {
                    numeric[a] = true;
                    changed = true;
                }
                if (computed != null && numeric[a]
                        && (op == Lua.OP_ADD || op == Lua.OP_SUB || op == Lua.OP_MUL || op == Lua.OP_DIV)) {
                    changed |= operandNumeric(b, computed) | operandNumeric(c, computed);
                }
            }
        }
    }

    /**
     * Makes operand {@code x} of arithmetic into a numeric register numeric too when it is itself
     * the result of arithmetic somewhere ({@code computed}): an intermediate result of a formula
     * ({@code dx} in {@code dx * dx + dy * dy}) is then never boxed. Returns whether it changed.
     */
    private boolean operandNumeric(int x, boolean[] computed) {
        if (Lua.ISK(x) || inArray[x] || numeric[x] || !computed[x]) {
            return false;
        }
        numeric[x] = true;
        return true;
    }

    /** Whether operand {@code x} is a numeric register or a constant that is a fraction. */
    private boolean fractional(int x) {
        return Lua.ISK(x) ? p.k[Lua.INDEXK(x)] instanceof org.luaj.vm2.LuaDouble : numeric[x];
    }

    /** The {@code double} local of a {@link #numeric} register. */
    private int doubleLocal(int r) {
        return REG0 + inArray.length + 2 * r;
    }

    /**
     * The JVM local of the {@code TableCursor} of each {@code OP_TFORCALL} (a {@code for ... in}
     * loop's step over {@code pairs} or {@code ipairs}), after the registers' locals; -1 elsewhere.
     */
    private int[] cursors;

    private int cursorLocal(int pc) {
        if (cursors == null) {
            cursors = new int[code.length];
            int next = REG0 + 3 * inArray.length;
            for (int i = 0; i < code.length; i++) {
                cursors[i] = Lua.GET_OPCODE(code[i]) == Lua.OP_TFORCALL ? next++ : -1;
            }
        }
        return cursors[pc];
    }

    /** Where the error handlers' ranges start ({@link #method}). */
    private final boolean[] groupStart;

    /** The index of the instruction after {@code pc} (SETLIST's count word is none). */
    private int nextInstruction(int pc) {
        int i = code[pc];
        return Lua.GET_OPCODE(i) == Lua.OP_SETLIST && Lua.GETARG_C(i) == 0 ? Math.min(pc + 2, code.length) : pc + 1;
    }

    /**
     * The registers in JVM locals the error hooks may read when instruction {@code pc} raises
     * ({@code LuajErrorHooks.named}: the operands it names, a call's function and arguments).
     */
    private java.util.BitSet spillSet(int pc) {
        int i = code[pc];
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int c = Lua.GETARG_C(i);
        java.util.BitSet regs = new java.util.BitSet();
        switch (Lua.GET_OPCODE(i)) {
            case Lua.OP_GETTABLE, Lua.OP_SELF, Lua.OP_UNM, Lua.OP_LEN -> regs.set(b);
            case Lua.OP_SETTABLE -> regs.set(a);
            case Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_MOD, Lua.OP_POW, Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE -> {
                if (!Lua.ISK(b)) {
                    regs.set(b);
                }
                if (!Lua.ISK(c)) {
                    regs.set(c);
                }
            }
            case Lua.OP_CONCAT -> regs.set(b, c + 1);
            case Lua.OP_CALL, Lua.OP_TAILCALL -> regs.set(a, b > 0 ? a + b : a + 1);
            case Lua.OP_TFORCALL -> regs.set(a, a + 3);
            default -> {
            }
        }
        for (int r = regs.nextSetBit(0); r >= 0; r = regs.nextSetBit(r + 1)) {
            if (r >= inArray.length || inArray[r]) {
                regs.clear(r);
            }
        }
        return regs;
    }

    /**
     * Fills {@link #openFrom}; false when an instruction with open operands does not directly
     * follow a call with open results or a {@code VARARG} with B = 0 (then every register stays
     * in the array, whose {@code top} the code follows as the interpreter does).
     */
    private boolean findOpenOperands() {
        boolean afterWord = false; // code[pc - 1] is SETLIST's count, not an instruction
        for (int pc = 0; pc < code.length; pc++) {
            int ins = code[pc];
            int op = Lua.GET_OPCODE(ins);
            boolean open = switch (op) {
                case Lua.OP_CALL, Lua.OP_TAILCALL, Lua.OP_RETURN, Lua.OP_SETLIST -> Lua.GETARG_B(ins) == 0;
                default -> false;
            };
            if (open && (pc == 0 || afterWord)) {
                return false;
            }
            afterWord = false;
            if (op == Lua.OP_SETLIST && Lua.GETARG_C(ins) == 0) {
                pc++;
                afterWord = true;
            }
            if (!open) {
                continue;
            }
            int at = op == Lua.OP_SETLIST && afterWord ? pc - 1 : pc;
            int prev = code[at - 1];
            int prevOp = Lua.GET_OPCODE(prev);
            boolean producer = (prevOp == Lua.OP_CALL && Lua.GETARG_C(prev) == 0)
                    || (prevOp == Lua.OP_VARARG && Lua.GETARG_B(prev) == 0);
            if (!producer) {
                return false;
            }
            openFrom[at] = Lua.GETARG_A(prev);
        }
        return true;
    }

    /**
     * Instructions past which a prototype is not even tried: its code (25-40 bytes of bytecode
     * per instruction) would not fit one JVM method (64 KB). A smaller one that still does not
     * fit is refused when ASM finds out.
     */
    static final int MAX_INSTRUCTIONS = 2200;

    /** The class file of {@code p}'s compiled body, named {@code internalName}. */
    static byte[] generate(Prototype p, String internalName) throws Unsupported {
        return generate(p, internalName, Integer.MAX_VALUE);
    }

    /**
     * Bytes of bytecode past which HotSpot never compiles a method ({@code HugeMethodLimit},
     * with its default {@code DontCompileHugeMethods}): such a body would run in the JVM's
     * bytecode interpreter, several times slower than LuaJ's interpreter, which the JIT compiles.
     */
    static final int JIT_METHOD_LIMIT = 8000;

    /**
     * {@link #generate(Prototype, String)} for a body the JIT will compile: numbers unboxed when
     * its {@code run} method then fits {@code maxRunBytes}, else boxed (smaller); refused when
     * neither does.
     */
    static byte[] generate(Prototype p, String internalName, int maxRunBytes) throws Unsupported {
        if (!Boolean.getBoolean("ward.lua.compile.boxedNumbers")) {
            try {
                byte[] unboxed = generate(p, internalName, true);
                if (ClassBytes.codeLength(unboxed, "run") <= maxRunBytes) {
                    return unboxed;
                }
            } catch (Unsupported e) {
                if (!e.getMessage().startsWith(TOO_LARGE)) {
                    throw e;
                }
            }
        }
        byte[] boxed = generate(p, internalName, false);
        int length = ClassBytes.codeLength(boxed, "run");
        if (length > maxRunBytes) {
            throw new Unsupported(TOO_LARGE_FOR_JIT + length + " bytes of bytecode");
        }
        return boxed;
    }

    static final String TOO_LARGE_FOR_JIT = "too large for the JIT to compile: ";

    private static final String TOO_LARGE = "too large for one JVM method: ";

    /** {@link #generate(Prototype, String)} with numbers unboxed or not ({@link #unboxed}). */
    static byte[] generate(Prototype p, String internalName, boolean unboxed) throws Unsupported {
        byte[] plain = generate(p, internalName, unboxed, false);
        return ClassBytes.codeLength(plain, "run") > LINK_ABOVE ? generate(p, internalName, unboxed, true) : plain;
    }

    /**
     * Bytes of a body's own bytecode past which its operations are called through
     * {@code invokedynamic} ({@link #linked}): below, C2's inlining budget has room for every
     * plain call (n_body's {@code advance}, 3,861 bytes, did not), and plain calls cost less to
     * link and to compile (cold {@code n_body} 1.6-1.9 s with them, 2.1 s with linked calls).
     * {@code -Dward.lua.compile.linkAbove=0} links every body (ward-lua's {@code compiled} tests).
     */
    static final int LINK_ABOVE = Integer.getInteger("ward.lua.compile.linkAbove", 3000);

    private static byte[] generate(Prototype p, String internalName, boolean unboxed, boolean linked) throws Unsupported {
        if (p.code.length > MAX_INSTRUCTIONS) {
            throw new Unsupported(TOO_LARGE + p.code.length + " instructions");
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
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, "run", RUN_DESC, null, null);
        FunctionCompiler compiler = new FunctionCompiler(p, mv, internalName, unboxed, linked);
        compiler.method();
        execute(cw, p, internalName, compiler.direct);
        resume(cw, internalName);
        if (closes) {
            closeFrom(cw);
        }
        EntryPoints.generate(cw, p, internalName, compiler.direct);
        cw.visitEnd();
        try {
            return cw.toByteArray();
        } catch (RuntimeException e) { // ASM's MethodTooLargeException, ClassTooLargeException
            throw new Unsupported(TOO_LARGE + e.getMessage());
        }
    }


    /**
     * {@code execute(cl, stack, varargs)}: {@code run(cl, stack, varargs, stack[0], stack[1],
     * stack[2])}, the parameters it has ({@link #direct}), else nulls.
     */
    private static void execute(ClassWriter cw, Prototype p, String owner, boolean direct) {
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, "execute", EXEC_DESC, null, null);
        m.visitCode();
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitVarInsn(Opcodes.ALOAD, 2);
        m.visitVarInsn(Opcodes.ALOAD, 3);
        for (int i = 0; i < 3; i++) {
            if (direct && i < p.numparams) {
                m.visitVarInsn(Opcodes.ALOAD, 2);
                m.visitInsn(Opcodes.ICONST_0 + i);
                m.visitInsn(Opcodes.AALOAD);
            } else {
                m.visitInsn(Opcodes.ACONST_NULL);
            }
        }
        m.visitInsn(Opcodes.ACONST_NULL);
        m.visitInsn(Opcodes.ICONST_M1);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, owner, "run", RUN_DESC, false);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    /** {@code resume(cl, stack, varargs, openups, pc)}: {@code run(cl, stack, varargs, null, null, null, openups, pc)}. */
    private static void resume(ClassWriter cw, String owner) {
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, "resume", RESUME_DESC, null, null);
        m.visitCode();
        for (int i = 0; i <= 3; i++) {
            m.visitVarInsn(Opcodes.ALOAD, i);
        }
        for (int i = 0; i < 3; i++) {
            m.visitInsn(Opcodes.ACONST_NULL);
        }
        m.visitVarInsn(Opcodes.ALOAD, 4);
        m.visitVarInsn(Opcodes.ILOAD, 5);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, owner, "run", RUN_DESC, false);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    /** In a {@link #direct} function: makes the register array when the caller gave none, parameters in place. */
    private void ensureStack() {
        if (!direct) {
            return;
        }
        Label have = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, STACK);
        mv.visitJumpInsn(Opcodes.IFNONNULL, have);
        push(p.maxstacksize);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "newStack", "(I)[" + L_VALUE, false);
        mv.visitVarInsn(Opcodes.ASTORE, STACK);
        for (int i = 0; i < p.numparams; i++) {
            mv.visitVarInsn(Opcodes.ALOAD, STACK);
            push(i);
            mv.visitVarInsn(Opcodes.ALOAD, A0 + i);
            mv.visitInsn(Opcodes.AASTORE);
        }
        mv.visitLabel(have);
    }

    private void method() throws Unsupported {
        findTargets();
        findCarriedBackEdges();
        mv.visitCode();
        Label interpret = new Label();
        Label notEntered = new Label();
        // The hook, and whether it wants more than counting: a frame, or the call interpreted (a
        // Lua hook, the full debug library; before onCall: the interpreter makes its own frame).
        // A foreign debug library: the interpreter. One field's test under a limit alone.
        mv.visitVarInsn(Opcodes.ALOAD, CL);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "globals", "L" + GLOBALS + ";");
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "hook", "(L" + GLOBALS + ";)L" + HOOK + ";", false);
        mv.visitVarInsn(Opcodes.ASTORE, HOOK_VAR);
        Label hooked = new Label();
        Label entered = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
        mv.visitJumpInsn(Opcodes.IFNONNULL, hooked);
        mv.visitVarInsn(Opcodes.ALOAD, CL);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "globals", "L" + GLOBALS + ";");
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "foreignDebugLib", "(L" + GLOBALS + ";)Z", false);
        mv.visitJumpInsn(Opcodes.IFNE, interpret);
        mv.visitJumpInsn(Opcodes.GOTO, entered);
        mv.visitLabel(hooked);
        mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HOOK, "compiledEntryWork", "()Z", false);
        mv.visitJumpInsn(Opcodes.IFEQ, entered);
        mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HOOK, registersInLocals ? "interpretsLocals" : "luaHookSet", "()Z",
                false);
        mv.visitJumpInsn(Opcodes.IFNE, interpret);
        mv.visitVarInsn(Opcodes.ILOAD, LOOP_PC); // a loop entry: the interpreter's frame, entered already
        mv.visitJumpInsn(Opcodes.IFGE, entered);
        mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
        mv.visitVarInsn(Opcodes.ALOAD, CL);
        mv.visitVarInsn(Opcodes.ALOAD, VARARGS_ARG);
        mv.visitVarInsn(Opcodes.ALOAD, STACK);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HOOK, "enterCompiled",
                "(L" + CLOSURE + ";" + L_VARARGS + "[" + L_VALUE + ")V", false);
        mv.visitLabel(entered);
        // prologue, as the interpreter's
        mv.visitVarInsn(Opcodes.ALOAD, CL);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "p", "L" + PROTO + ";");
        mv.visitFieldInsn(Opcodes.GETFIELD, PROTO, "k", "[" + L_VALUE);
        mv.visitVarInsn(Opcodes.ASTORE, K);
        mv.visitVarInsn(Opcodes.ALOAD, CL);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "upValues", "[L" + UPVALUE + ";");
        mv.visitVarInsn(Opcodes.ASTORE, UPVALUES);
        if (p.p.length > 0) { // a loop entry's: the interpreter's, which its closures' upvalues are in
            Label have = new Label();
            mv.visitVarInsn(Opcodes.ALOAD, LOOP_UPS);
            mv.visitInsn(Opcodes.DUP);
            mv.visitJumpInsn(Opcodes.IFNONNULL, have);
            mv.visitInsn(Opcodes.POP);
            push(p.maxstacksize); // the register array's length
            mv.visitTypeInsn(Opcodes.ANEWARRAY, UPVALUE);
            mv.visitLabel(have);
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
        for (int i = 0; i < code.length; i++) {
            if (cursorLocal(i) >= 0) {
                mv.visitInsn(Opcodes.ACONST_NULL);
                mv.visitVarInsn(Opcodes.ASTORE, cursorLocal(i));
            }
        }
        Label loopEntry = new Label();
        mv.visitVarInsn(Opcodes.ILOAD, LOOP_PC);
        mv.visitJumpInsn(Opcodes.IFGE, loopEntry);

        for (int r = 0; r < p.maxstacksize; r++) { // registers in locals: the parameters from stack, the rest nil
            if (numeric[r]) { // (the verifier wants it set on every path)
                mv.visitInsn(Opcodes.DCONST_0);
                mv.visitVarInsn(Opcodes.DSTORE, doubleLocal(r));
            }
            if (!inArray[r]) {
                if (r < p.numparams && direct) {
                    mv.visitVarInsn(Opcodes.ALOAD, A0 + r);
                } else if (r < p.numparams) {
                    mv.visitVarInsn(Opcodes.ALOAD, STACK);
                    push(r);
                    mv.visitInsn(Opcodes.AALOAD);
                } else {
                    mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, "NIL", L_VALUE);
                }
                mv.visitVarInsn(Opcodes.ASTORE, REG0 + r);
            }
        }
        // One handler per basic block: it copies the registers the error hooks may read there to
        // the array, then the common code. (One handler reading every register would keep every
        // register alive across the whole method, which makes C2 give up on a large function.)
        Label dispatch = new Label();
        Label handlersStart = new Label();
        Label handlersEnd = new Label();
        Label onAny = new Label();
        Label plain = new Label();
        java.util.List<int[]> spills = new java.util.ArrayList<>();
        java.util.List<Label> spillLabels = new java.util.ArrayList<>();
        for (int pc = 0; pc < code.length; ) { // a run: up to the next jump target (a basic block)
            java.util.BitSet union = spillSet(pc);
            int end = nextInstruction(pc);
            while (end < code.length && !target[end]) {
                union.or(spillSet(end));
                end = nextInstruction(end);
            }
            int[] regs = union.stream().toArray();
            Label handler = plain;
            if (regs.length > 0) {
                handler = new Label();
                spills.add(regs);
                spillLabels.add(handler);
            }
            groupStart[pc] = true;
            mv.visitTryCatchBlock(labels[pc], labels[end], handler, null);
            pc = end;
        }
        mv.visitTryCatchBlock(handlersStart, handlersEnd, onAny, null);
        body();
        loopEntries(loopEntry, notEntered);

        mv.visitLabel(handlersStart);
        for (int j = 0; j < spills.size(); j++) {
            mv.visitLabel(spillLabels.get(j));
            mv.visitVarInsn(Opcodes.ASTORE, TMP2);
            ensureStack();
            for (int r : spills.get(j)) {
                mv.visitVarInsn(Opcodes.ALOAD, STACK);
                push(r);
                reg(r);
                mv.visitInsn(Opcodes.AASTORE);
            }
            mv.visitJumpInsn(Opcodes.GOTO, dispatch);
        }
        mv.visitLabel(plain);
        mv.visitVarInsn(Opcodes.ASTORE, TMP2);
        mv.visitLabel(dispatch);
        Label notLua = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, TMP2);
        mv.visitTypeInsn(Opcodes.INSTANCEOF, ERROR);
        mv.visitJumpInsn(Opcodes.IFEQ, notLua);
        // catch (LuaError le) { raisedAt(...); if (le.traceback == null) cl.wardErrorHooks(le, p, pc, stack); throw le; }
        // (counted for an error a callee raised too: a metamethod's, which the interpreter counted the frame's instructions before)
        mv.visitVarInsn(Opcodes.ALOAD, TMP2);
        mv.visitTypeInsn(Opcodes.CHECKCAST, ERROR);
        mv.visitVarInsn(Opcodes.ASTORE, TMP);
        raisedAt();
        Label rethrow = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, TMP);
        mv.visitFieldInsn(Opcodes.GETFIELD, ERROR, "traceback", "Ljava/lang/String;");
        mv.visitJumpInsn(Opcodes.IFNONNULL, rethrow);
        errorHooks();
        mv.visitLabel(rethrow);
        mv.visitVarInsn(Opcodes.ALOAD, TMP);
        mv.visitInsn(Opcodes.ATHROW);
        // catch (Exception e) { le = new LuaError(e); cl.wardErrorHooks(le, p, pc, stack); throw le; }
        mv.visitLabel(notLua);
        Label other = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, TMP2);
        mv.visitTypeInsn(Opcodes.INSTANCEOF, "java/lang/Exception");
        mv.visitJumpInsn(Opcodes.IFEQ, other);
        mv.visitTypeInsn(Opcodes.NEW, ERROR);
        mv.visitInsn(Opcodes.DUP);
        mv.visitVarInsn(Opcodes.ALOAD, TMP2);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, ERROR, "<init>", "(Ljava/lang/Throwable;)V", false);
        mv.visitVarInsn(Opcodes.ASTORE, TMP);
        raisedAt();
        errorHooks();
        mv.visitVarInsn(Opcodes.ALOAD, TMP);
        mv.visitInsn(Opcodes.ATHROW);
        mv.visitLabel(other); // an Error: only the frame's end
        mv.visitVarInsn(Opcodes.ALOAD, TMP2);
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
        mv.visitVarInsn(Opcodes.ILOAD, LOOP_PC);
        mv.visitJumpInsn(Opcodes.IFGE, notEntered); // a loop entry: the interpreter goes on
        ensureStack();
        mv.visitVarInsn(Opcodes.ALOAD, CL);
        mv.visitVarInsn(Opcodes.ALOAD, STACK);
        mv.visitVarInsn(Opcodes.ALOAD, VARARGS_ARG);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CLOSURE, "wardExecute", "([" + L_VALUE + L_VARARGS + ")" + L_VARARGS,
                false);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitLabel(notEntered);
        mv.visitFieldInsn(Opcodes.GETSTATIC, BASE, "DECLINED", L_VARARGS);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /**
     * The loop entries ({@link CompiledFunction#resume}): every register from the interpreter's
     * array, then to the loop instruction the interpreter was about to run. The interpreter has
     * counted it (and the hook knows its pc), so the instructions the compiled code reports with
     * it there are taken off first; a pc that is no loop instruction goes to {@code notEntered}.
     */
    private void loopEntries(Label loopEntry, Label notEntered) {
        mv.visitLabel(loopEntry);
        java.util.List<Integer> pcs = new java.util.ArrayList<>();
        for (int pc = 0; pc < code.length; pc++) {
            if (loopPending[pc] >= 0) {
                pcs.add(pc);
            }
        }
        if (pcs.isEmpty()) {
            mv.visitJumpInsn(Opcodes.GOTO, notEntered);
            return;
        }
        for (int r = 0; r < p.maxstacksize; r++) {
            if (numeric[r]) {
                mv.visitInsn(Opcodes.DCONST_0); // the value is the register's (not null): its number is boxed
                mv.visitVarInsn(Opcodes.DSTORE, doubleLocal(r));
            }
            if (!inArray[r]) {
                mv.visitVarInsn(Opcodes.ALOAD, STACK);
                push(r);
                mv.visitInsn(Opcodes.AALOAD);
                if (numeric[r]) { // a register not yet written (LuaJ leaves Java nulls): nil, not the number 0
                    Label set = new Label();
                    mv.visitInsn(Opcodes.DUP);
                    mv.visitJumpInsn(Opcodes.IFNONNULL, set);
                    mv.visitInsn(Opcodes.POP);
                    mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, "NIL", L_VALUE);
                    mv.visitLabel(set);
                }
                mv.visitVarInsn(Opcodes.ASTORE, REG0 + r);
            }
        }
        Label[] entries = new Label[pcs.size()];
        int[] keys = new int[pcs.size()];
        for (int j = 0; j < keys.length; j++) {
            keys[j] = pcs.get(j);
            entries[j] = new Label();
        }
        mv.visitVarInsn(Opcodes.ILOAD, LOOP_PC);
        mv.visitLookupSwitchInsn(notEntered, keys, entries);
        for (int j = 0; j < keys.length; j++) {
            mv.visitLabel(entries[j]);
            mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
            push(-(loopPending[keys[j]] + 1));
            call(SUPPORT, "count", "(L" + HOOK + ";I)V");
            push(keys[j]);
            mv.visitVarInsn(Opcodes.ISTORE, PC);
            mv.visitJumpInsn(Opcodes.GOTO, labels[keys[j]]);
        }
    }

    /**
     * {@code CompiledSupport.raisedAt(hook, pc, unreported)}: the instructions run since the last
     * report, the raising one included, counted as the interpreter had (from {@link #unreported},
     * a string constant).
     */
    private void raisedAt() {
        mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
        mv.visitVarInsn(Opcodes.ILOAD, PC);
        StringBuilder counts = new StringBuilder(code.length);
        for (int n : unreported) {
            counts.append((char) (n + 1)); // 1 to 127 take one byte in a class file, 0 two
        }
        mv.visitLdcInsn(counts.toString());
        call(SUPPORT, "raisedAt", "(L" + HOOK + ";ILjava/lang/String;)V");
    }

    /** {@code cl.wardErrorHooks((LuaError) tmp, cl.p, pc, stack)}: the interpreter's error path. */
    private void errorHooks() {
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
        mv.visitVarInsn(Opcodes.ILOAD, LOOP_PC);
        mv.visitJumpInsn(Opcodes.IFGE, none); // a loop entry's frame is the interpreter's, which reports it
        mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HOOK, "leaveCompiled", "()V", false);
        mv.visitLabel(none);
    }

    private void findTargets() throws Unsupported {
        for (int i = 0; i < code.length; i++) {
            int ins = code[i];
            int op = Lua.GET_OPCODE(ins);
            switch (op) {
                case Lua.OP_JMP, Lua.OP_FORLOOP, Lua.OP_TFORLOOP -> mark(i + 1 + Lua.GETARG_sBx(ins));
                case Lua.OP_FORPREP -> { // enters its FORLOOP past the report (loopTests): not a way into the block
                    int to = i + 1 + Lua.GETARG_sBx(ins);
                    if (to < 0 || to >= code.length || Lua.GET_OPCODE(code[to]) != Lua.OP_FORLOOP) {
                        throw new Unsupported("FORPREP at " + i + " not to a FORLOOP");
                    }
                }
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
            boolean jumpsAlways = op == Lua.OP_JMP || op == Lua.OP_RETURN || op == Lua.OP_FORPREP
                    || op == Lua.OP_LOADBOOL && Lua.GETARG_C(ins) != 0;
            if (!jumpsAlways) {
                waysIn[i + 1]++;
            }
        }
    }

    /**
     * The numeric for loops whose back-edge need not report: each iteration runs straight from the
     * body's start to a call, which reports anyway, and straight from the body's last call to the
     * {@code FORLOOP}. The back-edge then hands its count over to the body ({@link #carried}),
     * which reports it with its own at that first call: one report fewer per iteration of a loop
     * that calls a function (docs/COMPILER.md, "Speed" 19). The loop still reports every
     * iteration, so the limit and interrupts stop it as before.
     */
    private void findCarriedBackEdges() {
        for (int pc = 0; pc < code.length; pc++) {
            if (Lua.GET_OPCODE(code[pc]) != Lua.OP_FORLOOP) {
                continue;
            }
            int start = pc + 1 + Lua.GETARG_sBx(code[pc]);
            if (start >= pc || waysIn[start] != 1) {
                continue;
            }
            int first = start;
            while (first < pc && straight(first) && (first == start || !target[first])) {
                first++;
            }
            int last = pc - 1;
            while (last > start && straight(last) && !target[last + 1]) {
                last--;
            }
            boolean firstIsCall = first < pc && Lua.GET_OPCODE(code[first]) == Lua.OP_CALL
                    && (first == start || !target[first]);
            if (firstIsCall && Lua.GET_OPCODE(code[last]) == Lua.OP_CALL && !target[last + 1]) {
                carried[start] = pc - last; // what the FORLOOP's pending will be: after the call, itself included
            }
        }
    }

    /**
     * The count the {@code FORLOOP} at {@code pc} hands over to its body ({@link #findCarriedBackEdges}),
     * or -1 when it reports at the back-edge. (The body's start has the back-edge as its only way
     * in, so nothing else hands it a count.)
     */
    private int handedOver(int pc) {
        return carried[pc + 1 + Lua.GETARG_sBx(code[pc])];
    }

    /**
     * Whether the instruction at {@code pc} neither branches nor reports to the hook (nor takes
     * the next word), so that a run of them keeps one pending count.
     */
    private boolean straight(int pc) {
        return switch (Lua.GET_OPCODE(code[pc])) {
            case Lua.OP_MOVE, Lua.OP_LOADK, Lua.OP_LOADNIL, Lua.OP_GETUPVAL, Lua.OP_GETTABUP, Lua.OP_GETTABLE,
                    Lua.OP_SETTABUP, Lua.OP_SETUPVAL, Lua.OP_SETTABLE, Lua.OP_NEWTABLE, Lua.OP_SELF, Lua.OP_ADD,
                    Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_MOD, Lua.OP_POW, Lua.OP_UNM, Lua.OP_NOT, Lua.OP_LEN,
                    Lua.OP_CONCAT, Lua.OP_CLOSURE, Lua.OP_VARARG -> true;
            default -> false;
        };
    }

    private void mark(int pc) throws Unsupported {
        if (pc < 0 || pc > code.length) {
            throw new Unsupported("jump out of the function to " + pc);
        }
        target[pc] = true;
        waysIn[pc]++;
    }

    /** Instructions run since the last report to the hook. */
    private int pending;
    /**
     * For a loop instruction ({@code FORLOOP}, {@code TFORLOOP}, a backward {@code JMP}: where the
     * interpreter enters compiled code, {@link #loopEntries}), the instructions pending before it;
     * -1 for the rest.
     */
    private final int[] loopPending;
    /**
     * For an instruction that can raise, the instructions not yet reported to the hook when it
     * does, itself included (the {@code pending} of {@link #setPc}; 0 after a {@link #tick}).
     */
    private final int[] unreported;
    /** Whether the code being emitted can be reached by falling through. */
    private boolean reachable = true;
    private int lastPc;
    /** The instruction being emitted. */
    private int pcNow;

    private void body() throws Unsupported {
        for (int i = 0; i < code.length; i++) {
            if (target[i] && pending > 0 && reachable) {
                if (carried[i] >= 0) { // a single way in, which must be the branch's
                    throw new IllegalStateException("pc " + i + " of " + p + " is reached by falling through");
                }
                flush(); // the fall-through path's count, before the block others jump into
            }
            if (target[i]) {
                pending = Math.max(carried[i], 0);
            }
            mv.visitLabel(labels[i]);
            if (groupStart[i]) {
                mv.visitInsn(Opcodes.NOP); // a handler's range is never empty
            }
            reachable = true;
            if (p.lineinfo != null && i < p.lineinfo.length && p.lineinfo[i] > 0) {
                mv.visitLineNumber(p.lineinfo[i], labels[i]);
            }
            boolean lineStart = target[i] || i == 0 || p.lineinfo == null || i >= p.lineinfo.length
                    || p.lineinfo[i] != p.lineinfo[i - 1];
            if (lineStart && !registersInLocals) { // (such a body runs interpreted where Lua hooks can be set)
                mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR); // a Lua hook set while this call runs
                push(i);
                call(SUPPORT, "lineStart", "(L" + HOOK + ";I)V");
            }
            if (Tiering.isLoopInstruction(code[i])) {
                loopPending[i] = pending;
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
        call(SUPPORT, "tick", "(L" + HOOK + ";II)I");
        mv.visitVarInsn(Opcodes.ISTORE, PC);
        pending = 0;
        unreported[pc] = 0;
    }

    /**
     * Before a forward branch to {@code to}: hands the pending count over to the target when the
     * branch is its only way in, else reports it ({@link #flush}). The path that falls through
     * keeps it either way.
     */
    private void flushOrCarry(int to) {
        if (waysIn[to] == 1) {
            carried[to] = pending;
        } else {
            flush();
        }
    }

    /** Reports the pending instructions to the hook (before a branch, a return, a block others jump into). */
    private void flush() {
        if (pending > 0) {
            mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
            push(pending);
            call(SUPPORT, "count", "(L" + HOOK + ";I)V");
            pending = 0;
        }
    }

    /** The pc to the local, for the error path, before an instruction that can raise. */
    private void setPc(int pc) {
        push(pc);
        mv.visitVarInsn(Opcodes.ISTORE, PC);
        unreported[pc] = pending;
    }

    /** Calls {@code LuaOps.name(operands...)}, the value operation. */
    private void op(String name, String operands, String result) {
        call(OPS, name, "(" + operands + ")" + result);
    }

    /** {@link CompiledSupport#link}, the bootstrap of every operation's call site ({@link #call}). */
    private static final Handle LINK = new Handle(Opcodes.H_INVOKESTATIC, SUPPORT, "link",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                    + "Ljava/lang/invoke/MethodHandle;)Ljava/lang/invoke/CallSite;", false);

    /**
     * Calls the static method {@code owner.name(desc)}; in a large body ({@link #linked}) through
     * an {@code invokedynamic} bound to it for good ({@link CompiledSupport#link}): the same call
     * once linked, but C2 inlines a call site's method handle however much it has already
     * inlined into the compiled method, where a plain call past its 8,000-byte budget stays a
     * call (docs/COMPILER.md, "Speed" 6 and 11). A compiled Lua function has dozens of these.
     */
    private void call(String owner, String name, String desc) {
        if (linked) {
            mv.visitInvokeDynamicInsn(name, desc, LINK, new Handle(Opcodes.H_INVOKESTATIC, owner, name, desc, false));
        } else {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, desc, false);
        }
    }

    /**
     * Calls {@code HookedOps.name(operands..., hook, pc)}: the value operation, which tells the
     * hook the pc first where a metamethod may run (Lua code that may look at this frame's line).
     */
    private void hooked(String name, String operands, String result, int pc) {
        mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
        push(pc);
        call(HOOKED, name, "(" + operands + "L" + HOOK + ";I)" + result);
    }

    /** Emits instruction {@code pc}; returns the index of the last word it used. */
    private int instruction(int pc, int i) throws Unsupported {
        pcNow = pc;
        int op = Lua.GET_OPCODE(i);
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int c = Lua.GETARG_C(i);
        switch (op) {
            case Lua.OP_MOVE -> {
                if (numeric[a] && numeric[b]) { // both halves: no boxing
                    mv.visitVarInsn(Opcodes.ALOAD, REG0 + b);
                    mv.visitVarInsn(Opcodes.ASTORE, REG0 + a);
                    mv.visitVarInsn(Opcodes.DLOAD, doubleLocal(b));
                    mv.visitVarInsn(Opcodes.DSTORE, doubleLocal(a));
                } else {
                    reg(b);
                    store(a);
                }
            }
            case Lua.OP_LOADK -> {
                constant(Lua.GETARG_Bx(i));
                store(a);
            }
            case Lua.OP_LOADBOOL -> {
                if (c != 0) {
                    flush();
                }
                mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, b != 0 ? "TRUE" : "FALSE", "Lorg/luaj/vm2/LuaBoolean;");
                store(a);
                if (c != 0) {
                    jump(pc + 2);
                }
            }
            case Lua.OP_LOADNIL -> {
                if (b < 3 || registersInLocals) {
                    for (int j = a; j <= a + b; j++) {
                        mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, "NIL", L_VALUE);
                        store(j);
                    }
                } else {
                    mv.visitVarInsn(Opcodes.ALOAD, STACK);
                    push(a);
                    push(b + 1);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "nils", "([" + L_VALUE + "II)V", false);
                }
            }
            case Lua.OP_GETUPVAL -> {
                upvalue(b);
                store(a);
            }
            case Lua.OP_GETTABUP -> {
                setPc(pc);
                upvalue(b);
                index(c, pc);
                store(a);
            }
            case Lua.OP_GETTABLE -> {
                setPc(pc);
                reg(b);
                index(c, pc);
                store(a);
            }
            case Lua.OP_SETTABUP -> {
                setPc(pc);
                upvalue(a);
                setIndex(b, c, pc);
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
                setIndex(b, c, pc);
            }
            case Lua.OP_NEWTABLE -> {
                mv.visitTypeInsn(Opcodes.NEW, "org/luaj/vm2/LuaTable");
                mv.visitInsn(Opcodes.DUP);
                push(b);
                push(c);
                mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "org/luaj/vm2/LuaTable", "<init>", "(II)V", false);
                store(a);
            }
            case Lua.OP_SELF -> {
                setPc(pc);
                reg(b);
                mv.visitVarInsn(Opcodes.ASTORE, TMP);
                mv.visitVarInsn(Opcodes.ALOAD, TMP);
                store(a + 1);
                mv.visitVarInsn(Opcodes.ALOAD, TMP);
                index(c, pc);
                store(a);
            }
            case Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_MOD, Lua.OP_POW -> {
                String name = switch (op) { // LuaOps' (and HookedOps') name of the operation
                    case Lua.OP_ADD -> "add";
                    case Lua.OP_SUB -> "sub";
                    case Lua.OP_MUL -> "mul";
                    case Lua.OP_DIV -> "div";
                    case Lua.OP_MOD -> "mod";
                    default -> "pow";
                };
                Label done = new Label();
                if (op != Lua.OP_MOD && op != Lua.OP_POW && numeric[a] && mayBeNumber(b) && mayBeNumber(c)) {
                    Label slow = new Label(); // two numbers: the double operation, the result unboxed
                    checkNumbers(b, c, slow);
                    numberOf(b);
                    numberOf(c);
                    op(name, "DD", "D");
                    storeNumber(a);
                    mv.visitJumpInsn(Opcodes.GOTO, done);
                    mv.visitLabel(slow);
                }
                setPc(pc);
                rk(b);
                rk(c);
                hooked(name, L_VALUE + L_VALUE, L_VALUE, pc);
                store(a);
                mv.visitLabel(done);
            }
            case Lua.OP_UNM, Lua.OP_LEN -> {
                Label done = new Label();
                if (op == Lua.OP_UNM && numeric[a]) {
                    Label slow = new Label();
                    checkNumbers(b, b, slow);
                    numberOf(b);
                    op("unm", "D", "D");
                    storeNumber(a);
                    mv.visitJumpInsn(Opcodes.GOTO, done);
                    mv.visitLabel(slow);
                }
                setPc(pc);
                reg(b);
                hooked(op == Lua.OP_UNM ? "unm" : "len", L_VALUE, L_VALUE, pc);
                store(a);
                mv.visitLabel(done);
            }
            case Lua.OP_NOT -> {
                reg(b);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VALUE, "not", "()" + L_VALUE, false);
                store(a);
            }
            case Lua.OP_CONCAT -> {
                setPc(pc);
                if (c > b + 1) { // the hook learns the pc: any operand may have __concat
                    atPc(pc);
                }
                if (c > b + 1 && registersInLocals) {
                    registerArray(b, c - b + 1);
                    push(0);
                    push(c - b);
                    op("concat", "[" + L_VALUE + "II", L_VALUE);
                } else if (c > b + 1) {
                    mv.visitVarInsn(Opcodes.ALOAD, STACK);
                    push(b);
                    push(c);
                    op("concat", "[" + L_VALUE + "II", L_VALUE);
                } else {
                    reg(c - 1);
                    reg(c);
                    hooked("concat", L_VALUE + L_VALUE, L_VALUE, pc);
                }
                store(a);
            }
            case Lua.OP_JMP -> {
                if (Lua.GETARG_sBx(i) < 0) {
                    tick(pc); // a back-edge: the limit and interrupts must see a loop
                } else {
                    flushOrCarry(pc + 1 + Lua.GETARG_sBx(i));
                }
                if (a > 0) {
                    mv.visitVarInsn(Opcodes.ALOAD, OPENUPS);
                    push(a - 1);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, className, "closeFrom", "([L" + UPVALUE + ";I)V", false);
                }
                jump(pc + 1 + Lua.GETARG_sBx(i));
            }
            case Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE -> {
                flushOrCarry(pc + 2);
                Label done = new Label();
                if (unboxed && (fractional(b) || fractional(c)) && mayBeNumber(b) && mayBeNumber(c)) { // two numbers: compared as doubles
                    Label slow = new Label();
                    checkNumbers(b, c, slow);
                    numberOf(b);
                    numberOf(c);
                    mv.visitInsn(Opcodes.DCMPG); // NaN: 1, so <, <= and == are all false
                    int skipWhen = switch (op) { // skip the next instruction when the result is not (a != 0)
                        case Lua.OP_EQ -> a != 0 ? Opcodes.IFNE : Opcodes.IFEQ;
                        case Lua.OP_LT -> a != 0 ? Opcodes.IFGE : Opcodes.IFLT;
                        default -> a != 0 ? Opcodes.IFGT : Opcodes.IFLE;
                    };
                    mv.visitJumpInsn(skipWhen, labels[pc + 2]);
                    mv.visitJumpInsn(Opcodes.GOTO, done);
                    mv.visitLabel(slow);
                }
                setPc(pc);
                rk(b);
                rk(c);
                hooked(op == Lua.OP_EQ ? "eq" : op == Lua.OP_LT ? "lt" : "le", L_VALUE + L_VALUE, "Z", pc);
                // if (result != (a != 0)) skip the next instruction
                mv.visitJumpInsn(a != 0 ? Opcodes.IFEQ : Opcodes.IFNE, labels[pc + 2]);
                mv.visitLabel(done);
            }
            case Lua.OP_TEST -> {
                flushOrCarry(pc + 2);
                reg(a);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VALUE, "toboolean", "()Z", false);
                mv.visitJumpInsn(c != 0 ? Opcodes.IFEQ : Opcodes.IFNE, labels[pc + 2]);
            }
            case Lua.OP_TESTSET -> {
                flushOrCarry(pc + 2);
                reg(b);
                mv.visitVarInsn(Opcodes.ASTORE, TMP);
                mv.visitVarInsn(Opcodes.ALOAD, TMP);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VALUE, "toboolean", "()Z", false);
                mv.visitJumpInsn(c != 0 ? Opcodes.IFEQ : Opcodes.IFNE, labels[pc + 2]);
                mv.visitVarInsn(Opcodes.ALOAD, TMP);
                store(a);
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
                if (handedOver(pc) >= 0) {
                    if (pending != handedOver(pc)) {
                        throw new IllegalStateException("pc " + pc + " of " + p + ": " + pending + " pending");
                    }
                } else {
                    tick(pc);
                }
                mv.visitLabel(loopTests[pc]);
                forLoop(a, pc + 1 + Lua.GETARG_sBx(i));
            }
            case Lua.OP_FORPREP -> {
                flush();
                setPc(pc);
                if (registersInLocals) {
                    // as CompiledSupport.forPrep: init, limit, step checked in that order
                    reg(a);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "forInit", "(" + L_VALUE + ")" + L_VALUE, false);
                    mv.visitVarInsn(Opcodes.ASTORE, TMP);
                    reg(a + 1);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "forLimit", "(" + L_VALUE + ")" + L_VALUE, false);
                    store(a + 1);
                    reg(a + 2);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "forStepValue", "(" + L_VALUE + ")" + L_VALUE, false);
                    store(a + 2);
                    mv.visitVarInsn(Opcodes.ALOAD, TMP);
                    reg(a + 2);
                    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VALUE, "sub", BIN.replace("(" + L_VALUE + L_VALUE, "(" + L_VALUE), false);
                    store(a);
                } else {
                    mv.visitVarInsn(Opcodes.ALOAD, STACK);
                    push(a);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "forPrep", "([" + L_VALUE + "I)V", false);
                }
                // into the FORLOOP past its report: count it here, less what it hands over to the body
                int loop = pc + 1 + Lua.GETARG_sBx(i);
                mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
                push(1 - Math.max(handedOver(loop), 0));
                call(SUPPORT, "count", "(L" + HOOK + ";I)V");
                if (!registersInLocals) { // the Lua line hook's look at the FORLOOP, as the interpreter's
                    mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
                    push(loop);
                    call(SUPPORT, "lineStart", "(L" + HOOK + ";I)V");
                }
                jumpTo(loopTests[loop]);
            }
            case Lua.OP_TFORCALL -> {
                tick(pc);
                Label general = new Label(); // pairs' and ipairs' steps over a plain table: their results, no call
                Label done = new Label();
                int cursor = cursorLocal(pc);
                mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
                reg(a);
                reg(a + 1);
                reg(a + 2);
                mv.visitVarInsn(Opcodes.ALOAD, cursor);
                call(SUPPORT, "step", "(L" + HOOK + ";" + L_VALUE + L_VALUE + L_VALUE + L_CURSOR + ")" + L_CURSOR);
                mv.visitInsn(Opcodes.DUP);
                mv.visitVarInsn(Opcodes.ASTORE, cursor);
                mv.visitJumpInsn(Opcodes.IFNULL, general);
                for (int j = 0; j < c; j++) {
                    if (j < 2) {
                        mv.visitVarInsn(Opcodes.ALOAD, cursor);
                        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CURSOR, j == 0 ? "key" : "value", "()" + L_VALUE, false);
                    } else {
                        mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, "NIL", L_VALUE);
                    }
                    store(a + 3 + j);
                }
                mv.visitJumpInsn(Opcodes.GOTO, done);
                mv.visitLabel(general);
                Label have = new Label(); // the other iterators over a table: their results, no call
                mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
                reg(a);
                reg(a + 1);
                reg(a + 2);
                call(SUPPORT, "iterate", "(L" + HOOK + ";" + L_VALUE + L_VALUE + L_VALUE + ")" + L_VARARGS);
                mv.visitInsn(Opcodes.DUP);
                mv.visitJumpInsn(Opcodes.IFNONNULL, have);
                mv.visitInsn(Opcodes.POP);
                reg(a + 1);
                reg(a + 2);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "varargsOf", "(" + L_VALUE + L_VARARGS + ")" + L_VARARGS,
                        false);
                invoke(a);
                mv.visitLabel(have);
                mv.visitVarInsn(Opcodes.ASTORE, V);
                if (registersInLocals) {
                    spreadV(a + 3, c);
                } else {
                    mv.visitVarInsn(Opcodes.ALOAD, V);
                    mv.visitVarInsn(Opcodes.ALOAD, STACK);
                    push(a + 3);
                    push(c);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "spread", "(" + L_VARARGS + "[" + L_VALUE + "II)V",
                            false);
                }
                mv.visitLabel(done);
                none();
            }
            case Lua.OP_TFORLOOP -> {
                tick(pc);
                Label end = new Label();
                reg(a + 1);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VALUE, "isnil", "()Z", false);
                mv.visitJumpInsn(Opcodes.IFNE, end);
                reg(a + 1);
                store(a);
                mv.visitJumpInsn(Opcodes.GOTO, labels[pc + 1 + Lua.GETARG_sBx(i)]);
                mv.visitLabel(end);
            }
            case Lua.OP_SETLIST -> {
                setPc(pc);
                int last = pc;
                int block = c; // the block number: C, or the next word when C is 0
                if (c == 0) {
                    if (pc + 1 >= code.length) {
                        throw new Unsupported("SETLIST without its count");
                    }
                    block = code[pc + 1];
                    last = pc + 1;
                }
                int offset = (block - 1) * Lua.LFIELDS_PER_FLUSH;
                if (registersInLocals) {
                    // CompiledSupport.setList on registers: b values, or those before the open ones, then V
                    int n = b != 0 ? b : openFrom[pc] - a - 1;
                    reg(a);
                    registerArray(a + 1, n);
                    push(offset);
                    if (b != 0) {
                        mv.visitInsn(Opcodes.ACONST_NULL);
                    } else {
                        mv.visitVarInsn(Opcodes.ALOAD, V);
                    }
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "setList",
                            "(" + L_VALUE + "[" + L_VALUE + "I" + L_VARARGS + ")V", false);
                } else {
                    mv.visitVarInsn(Opcodes.ALOAD, STACK);
                    push(a);
                    push(b);
                    push(offset);
                    mv.visitVarInsn(Opcodes.ILOAD, TOP);
                    mv.visitVarInsn(Opcodes.ALOAD, V);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, SUPPORT, "setList", "([" + L_VALUE + "IIII" + L_VARARGS + ")V",
                            false);
                }
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
                } else if (b > 1 && registersInLocals) {
                    for (int j = 1; j < b; j++) {
                        mv.visitVarInsn(Opcodes.ALOAD, VARARGS_ARG);
                        push(j);
                        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VARARGS, "arg", "(I)" + L_VALUE, false);
                        store(a + j - 1);
                    }
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
            // a compiled callee: its direct entry; else the interpreter's call helper
            Label slow = new Label();
            Label done = new Label();
            compiledCallee(a, slow);
            reg(a);
            mv.visitTypeInsn(Opcodes.CHECKCAST, CLOSURE);
            for (int j = 1; j < b; j++) {
                reg(a + j);
            }
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BASE, "call" + (b - 1), EntryPoints.callDesc(b - 1), false);
            mv.visitJumpInsn(Opcodes.GOTO, done);
            mv.visitLabel(slow);
            mv.visitInsn(Opcodes.POP);
            Label applied = null;
            if (b == 2 && c == 2) { // not a compiled function: math.sqrt(x) and the like are applied here
                applied = new Label();
                unaryMath(a, applied);
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
            mv.visitLabel(done);
            if (c == 2) {
                store(a);
            } else {
                mv.visitInsn(Opcodes.POP);
            }
            if (applied != null) {
                mv.visitLabel(applied);
            }
            return;
        }
        if (fixed) { // c == 0, b 1 or 2: v = f.invoke(NONE or stack[a+1]); top = a + v.narg()
            if (b == 1) {
                mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, "NONE", L_VALUE);
            } else {
                reg(a + 1);
            }
            invoke(a);
            mv.visitVarInsn(Opcodes.ASTORE, V);
            topFromV(a);
            return;
        }
        args(a, b);
        invoke(a);
        mv.visitVarInsn(Opcodes.ASTORE, V);
        if (c > 0 && registersInLocals) {
            spreadV(a, c - 1);
            none();
        } else if (c > 0) {
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

    /**
     * {@code f(x)} at register {@code a}, one number to one result, when {@code f} is one of the
     * {@code math} library's functions of one number ({@code CompiledSupport.unaryMath}): its
     * {@code double} applied here, the result unboxed where register {@code a} is numeric, and on
     * to {@code applied}; anything else falls through to the call.
     */
    private void unaryMath(int a, Label applied) {
        Label call = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
        reg(a);
        call(SUPPORT, "unaryMath", "(L" + HOOK + ";" + L_VALUE + ")" + L_UNARY);
        mv.visitVarInsn(Opcodes.ASTORE, TMP);
        mv.visitVarInsn(Opcodes.ALOAD, TMP);
        mv.visitJumpInsn(Opcodes.IFNULL, call);
        checkNumber(a + 1, call);
        mv.visitVarInsn(Opcodes.ALOAD, TMP);
        mv.visitTypeInsn(Opcodes.CHECKCAST, UNARY);
        numberOf(a + 1);
        mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, UNARY, "apply", "(D)D", true); // a type profile per site
        storeDouble(a);
        mv.visitJumpInsn(Opcodes.GOTO, applied);
        mv.visitLabel(call);
    }

    /** Pushes the arguments of a call at {@code a} with B = {@code b}: a fixed count, or up to {@code top}. */
    private void args(int a, int b) {
        if (b > 0) {
            registerVarargs(a + 1, b - 1, false);
        } else if (registersInLocals) {
            registerVarargs(a + 1, openFrom[pcNow] - (a + 1), true);
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

    /**
     * Calls register {@code f} with the arguments on the operand stack: the direct entry of a
     * compiled callee, else {@link #invoke()}.
     */
    private void invoke(int f) {
        Label slow = new Label();
        Label done = new Label();
        mv.visitVarInsn(Opcodes.ASTORE, ARGS);
        compiledCallee(f, slow);
        reg(f);
        mv.visitTypeInsn(Opcodes.CHECKCAST, CLOSURE);
        mv.visitVarInsn(Opcodes.ALOAD, ARGS);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BASE, "invoke", EntryPoints.INVOKE_DESC, false);
        mv.visitJumpInsn(Opcodes.GOTO, done);
        mv.visitLabel(slow);
        mv.visitInsn(Opcodes.POP);
        reg(f);
        mv.visitVarInsn(Opcodes.ALOAD, ARGS);
        invoke();
        mv.visitLabel(done);
    }

    /**
     * Pushes the compiled body of the function in register {@code f} when it is a compiled Lua
     * function (the patched field {@code Prototype.wardCompiled}, which generated code can name),
     * else jumps to {@code slow} with one value to pop on the operand stack.
     */
    private void compiledCallee(int f, Label slow) {
        reg(f);
        mv.visitInsn(Opcodes.DUP);
        mv.visitTypeInsn(Opcodes.INSTANCEOF, CLOSURE);
        mv.visitJumpInsn(Opcodes.IFEQ, slow);
        mv.visitTypeInsn(Opcodes.CHECKCAST, CLOSURE);
        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "p", "L" + PROTO + ";");
        mv.visitFieldInsn(Opcodes.GETFIELD, PROTO, "wardCompiled", "Ljava/lang/Object;");
        mv.visitInsn(Opcodes.DUP);
        mv.visitTypeInsn(Opcodes.INSTANCEOF, BASE);
        mv.visitJumpInsn(Opcodes.IFEQ, slow);
        mv.visitTypeInsn(Opcodes.CHECKCAST, BASE);
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
                if (registersInLocals) {
                    registerVarargs(a, openFrom[pcNow] - a, true);
                } else {
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
            }
            case 1 -> mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, "NONE", L_VALUE);
            default -> registerVarargs(a, b - 1, false);
        }
        mv.visitVarInsn(Opcodes.ASTORE, RESULT);
        jumpTo(exit);
    }

    private void forLoop(int a, int target) {
        // idx = LuaOps.forStep(stack[a], step); if (LuaOps.forContinues(idx, limit, step)) {...}
        Label end = new Label();
        reg(a);
        reg(a + 2);
        call(OPS, "forStep", BIN);
        mv.visitVarInsn(Opcodes.ASTORE, TMP);
        mv.visitVarInsn(Opcodes.ALOAD, TMP);
        reg(a + 1);
        reg(a + 2);
        call(OPS, "forContinues", "(" + L_VALUE + L_VALUE + L_VALUE + ")Z");
        mv.visitJumpInsn(Opcodes.IFEQ, end);
        mv.visitVarInsn(Opcodes.ALOAD, TMP);
        store(a);
        mv.visitVarInsn(Opcodes.ALOAD, TMP);
        store(a + 3);
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
        mv.visitVarInsn(Opcodes.ALOAD, TMP3);
        // Lua 5.2's closure cache, as the interpreter's OP_CLOSURE (LuajPatcherClosures)
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, CLOSURE, "wardReuse", "(L" + CLOSURE + ";)L" + CLOSURE + ";", false);
        store(a);
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

    /** Stores the value on the operand stack into register {@code r}. */
    private void store(int r) {
        if (inArray[r]) { // value -> stack, r, value
            mv.visitVarInsn(Opcodes.ALOAD, STACK);
            mv.visitInsn(Opcodes.SWAP);
            push(r);
            mv.visitInsn(Opcodes.SWAP);
            mv.visitInsn(Opcodes.AASTORE);
        } else {
            mv.visitVarInsn(Opcodes.ASTORE, REG0 + r);
        }
    }

    private void reg(int r) {
        if (inArray[r]) {
            mv.visitVarInsn(Opcodes.ALOAD, STACK);
            push(r);
            mv.visitInsn(Opcodes.AALOAD);
        } else if (numeric[r]) {
            mv.visitVarInsn(Opcodes.ALOAD, REG0 + r);
            mv.visitVarInsn(Opcodes.DLOAD, doubleLocal(r));
            op("box", L_VALUE + "D", L_VALUE);
        } else {
            mv.visitVarInsn(Opcodes.ALOAD, REG0 + r);
        }
    }

    /** Pushes a new {@code LuaValue[]} of registers {@code from} to {@code from + n - 1}. */
    private void registerArray(int from, int n) {
        push(n);
        mv.visitTypeInsn(Opcodes.ANEWARRAY, VALUE);
        for (int j = 0; j < n; j++) {
            mv.visitInsn(Opcodes.DUP);
            push(j);
            reg(from + j);
            mv.visitInsn(Opcodes.AASTORE);
        }
    }

    /**
     * Pushes the {@code Varargs} of registers {@code from} to {@code from + n - 1} followed by
     * {@code more} ({@link #V}) when {@code withV}: what LuaJ's {@code varargsOf(stack, from, n[, v])} gives.
     */
    private void registerVarargs(int from, int n, boolean withV) {
        if (withV) {
            switch (n) {
                case 0 -> mv.visitVarInsn(Opcodes.ALOAD, V);
                case 1 -> {
                    reg(from);
                    mv.visitVarInsn(Opcodes.ALOAD, V);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "varargsOf", "(" + L_VALUE + L_VARARGS + ")" + L_VARARGS,
                            false);
                }
                case 2 -> {
                    reg(from);
                    reg(from + 1);
                    mv.visitVarInsn(Opcodes.ALOAD, V);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "varargsOf",
                            "(" + L_VALUE + L_VALUE + L_VARARGS + ")" + L_VARARGS, false);
                }
                default -> {
                    registerArray(from, n);
                    mv.visitVarInsn(Opcodes.ALOAD, V);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "varargsOf", "([" + L_VALUE + L_VARARGS + ")" + L_VARARGS,
                            false);
                }
            }
            return;
        }
        switch (n) {
            case 0 -> mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, "NONE", L_VALUE);
            case 1 -> reg(from);
            case 2 -> {
                reg(from);
                reg(from + 1);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "varargsOf", "(" + L_VALUE + L_VARARGS + ")" + L_VARARGS,
                        false);
            }
            case 3 -> {
                reg(from);
                reg(from + 1);
                reg(from + 2);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "varargsOf",
                        "(" + L_VALUE + L_VALUE + L_VARARGS + ")" + L_VARARGS, false);
            }
            default -> {
                registerArray(from, n);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "varargsOf", "([" + L_VALUE + ")" + L_VARARGS, false);
            }
        }
    }

    /** Stores {@code V.arg(1)} to {@code V.arg(n)} into registers {@code to} to {@code to + n - 1}. */
    private void spreadV(int to, int n) {
        for (int j = n - 1; j >= 0; j--) {
            mv.visitVarInsn(Opcodes.ALOAD, V);
            push(j + 1);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VARARGS, "arg", "(I)" + L_VALUE, false);
            store(to + j);
        }
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

    /**
     * {@code table[key]} of the table on the operand stack: a string constant key through
     * {@code HookedOps.field} ({@code WardTables.rawField}: smaller inlined code than the
     * general {@code index}).
     */
    private void index(int key, int pc) {
        if (stringConstant(key)) {
            fieldKey(key);
            hooked("field", L_VALUE + "[" + L_VALUE + "II", L_VALUE, pc);
        } else {
            rk(key);
            hooked("index", L_VALUE + L_VALUE, L_VALUE, pc);
        }
    }

    /** {@code table[key] = value} of the table on the operand stack, as {@link #index}. */
    private void setIndex(int key, int value, int pc) {
        if (stringConstant(key)) {
            fieldKey(key);
            rk(value);
            hooked("setField", L_VALUE + "[" + L_VALUE + "II" + L_VALUE, "V", pc);
        } else {
            rk(key);
            rk(value);
            hooked("setIndex", L_VALUE + L_VALUE + L_VALUE, "V", pc);
        }
    }

    /**
     * Pushes the constants, the index of string constant {@code key} and its hash, computed now
     * ({@code HookedOps.field}, {@code setField}: the array, so that a miss can put there the
     * equal key object a table holds).
     */
    private void fieldKey(int key) {
        mv.visitVarInsn(Opcodes.ALOAD, K);
        push(Lua.INDEXK(key));
        push(p.k[Lua.INDEXK(key)].hashCode());
    }

    private boolean stringConstant(int x) {
        return Lua.ISK(x) && p.k[Lua.INDEXK(x)] instanceof org.luaj.vm2.LuaString;
    }

    /** Whether operand {@code x} (a register or constant) can be a number: not a constant of another type. */
    private boolean mayBeNumber(int x) {
        return !Lua.ISK(x) || p.k[Lua.INDEXK(x)] instanceof org.luaj.vm2.LuaNumber;
    }

    /**
     * Jumps to {@code notNumbers} unless operands {@code b} and {@code c} ({@link #mayBeNumber})
     * are numbers. The test and the conversion ({@link #numberOf}) are calls of tiny helpers
     * rather than an {@code instanceof} and a {@code todouble()} here: each bytecode of the
     * generated method has a profile of its own, so a site that saw only {@code LuaDouble}s had
     * the JIT speculate on them and recompile the whole function at its first whole number (a
     * {@code LuaInteger}), site after site; the helpers' one profile is shared by every site
     * (docs/COMPILER.md, "Speed" 13). In a large body they are linked like the operations, so
     * they cost nothing of the JIT's inlining budget.
     */
    private void checkNumbers(int b, int c, Label notNumbers) {
        checkNumber(b, notNumbers);
        if (c != b) {
            checkNumber(c, notNumbers);
        }
    }

    private void checkNumber(int x, Label notNumber) {
        if (Lua.ISK(x)) {
            return; // a number constant
        }
        Label ok = new Label();
        if (numeric[x]) { // null: the number is unboxed, else the value is checked
            mv.visitVarInsn(Opcodes.ALOAD, REG0 + x);
            mv.visitJumpInsn(Opcodes.IFNULL, ok);
            mv.visitVarInsn(Opcodes.ALOAD, REG0 + x);
        } else {
            reg(x);
        }
        call(SUPPORT, "isNumber", "(" + L_VALUE + ")Z");
        mv.visitJumpInsn(Opcodes.IFEQ, notNumber);
        mv.visitLabel(ok);
    }

    /** Pushes operand {@code x}, a number ({@link #checkNumbers}), as a {@code double}. */
    private void numberOf(int x) {
        if (Lua.ISK(x)) {
            mv.visitLdcInsn(p.k[Lua.INDEXK(x)].todouble());
            return;
        }
        Label have = new Label();
        Label boxed = new Label();
        if (numeric[x]) {
            mv.visitVarInsn(Opcodes.ALOAD, REG0 + x);
            mv.visitJumpInsn(Opcodes.IFNONNULL, boxed);
            mv.visitVarInsn(Opcodes.DLOAD, doubleLocal(x));
            mv.visitJumpInsn(Opcodes.GOTO, have);
            mv.visitLabel(boxed);
            mv.visitVarInsn(Opcodes.ALOAD, REG0 + x);
        } else {
            reg(x);
        }
        call(SUPPORT, "toDouble", "(" + L_VALUE + ")D");
        mv.visitLabel(have);
    }

    /** {@code CompiledSupport.at(hook, pc)}: the hook learns the pc before an operation that may run Lua code. */
    private void atPc(int pc) {
        mv.visitVarInsn(Opcodes.ALOAD, HOOK_VAR);
        push(pc);
        call(SUPPORT, "at", "(L" + HOOK + ";I)V");
    }

    /** Stores the {@code double} on the operand stack into register {@code r}: unboxed where it is {@link #numeric}. */
    private void storeDouble(int r) {
        if (numeric[r]) {
            storeNumber(r);
        } else {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;", false);
            store(r);
        }
    }

    /** Stores the {@code double} on the operand stack into {@link #numeric} register {@code r}, unboxed. */
    private void storeNumber(int r) {
        mv.visitVarInsn(Opcodes.DSTORE, doubleLocal(r));
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitVarInsn(Opcodes.ASTORE, REG0 + r);
    }

    private void upvalue(int index) {
        mv.visitVarInsn(Opcodes.ALOAD, UPVALUES);
        push(index);
        mv.visitInsn(Opcodes.AALOAD);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, UPVALUE, "getValue", "()" + L_VALUE, false);
    }

    private void push(int n) {
        push(mv, n);
    }

    /** Pushes the int constant {@code n} with the shortest instruction. */
    static void push(MethodVisitor mv, int n) {
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
