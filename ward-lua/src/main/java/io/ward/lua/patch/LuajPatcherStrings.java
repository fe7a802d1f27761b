package io.ward.lua.patch;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.Map;

/**
 * Build-time only, like {@link LuajPatcher}, which applies it: a string's hash is computed
 * when it is first needed (as Lua 5.2.1+ does for strings over 40 bytes), or once where LuaJ's
 * cache of recent short strings computes it anyway, instead of in the constructor. LuaJ hashed
 * every new {@code LuaString} (a chain of about 32 dependent steps over its bytes), so a script
 * building text (concatenation, {@code string.format}, {@code sub}, {@code rep}) paid for a hash
 * of every intermediate string, though most are never a table key nor compared. Nothing a
 * script can see changes: the hash is the same function of the bytes.
 *
 * <ul>
 *   <li>{@code LuaString.m_hashcode} loses {@code final} (it is written once more, lazily; a race
 *       between two threads writes the same value, as {@code java.lang.String}'s hash).</li>
 *   <li>The constructor {@code LuaString(byte[], int, int)} stores 0 instead of the hash.</li>
 *   <li>{@code valueOf(byte[], int, int)}, which hashes a string of at most {@value #SHORT}
 *       bytes (LuaJ's {@code RECENT_STRINGS_MAX_LENGTH}) to look it up in LuaJ's cache of recent
 *       short strings, stores that hash in the string it makes on a miss: the cache compares the
 *       field, and only this method fills it. LuaJ hashed such a string twice (there and in the
 *       constructor).</li>
 *   <li>{@code valueUsing(byte[], int, int)}, whose caller hands over a new array (concatenation,
 *       {@code string.format}, {@code rep}, {@code Buffer}), no longer looks in that cache: it
 *       wraps the array, unhashed. A hit only saved the 24-byte {@code LuaString}, at the price
 *       of hashing every short string made (a fifth of {@code string_build}'s time).</li>
 *   <li>{@code LuaString.hashCode()} returns the field, or when it holds 0 calls the added
 *       {@code wardHash()}, which computes the hash and keeps it.</li>
 * </ul>
 */
final class LuajPatcherStrings {
    static final String STRING = "org/luaj/vm2/LuaString";
    static final String HASH_FIELD = "m_hashcode";
    /** The longest string LuaJ's cache of recent strings keeps: its {@code LuaString.RECENT_STRINGS_MAX_LENGTH}. */
    static final int SHORT = 32;
    private static final String CONSTRUCTOR = "<init>([BII)V";
    private static final String HASH = "hashCode([BII)I";
    /** The method the patcher adds: the hash computed and kept. */
    static final String HASH_METHOD = "wardHash";
    /** What {@link #constructor} must have replaced exactly once. */
    static final String REDIRECTED = "string hash";
    /** What {@link #cachedHash} must have added exactly once (valueOf). */
    static final String KEPT = "cached string hash";
    /** The method {@link #cachedHash} patches. */
    private static final String FACTORY = "valueOf([BII)Lorg/luaj/vm2/LuaString;";
    /** The method whose body {@link #valueUsing} replaces. */
    private static final String WRAPPER = "valueUsing([BII)Lorg/luaj/vm2/LuaString;";
    /** What {@link #valueUsing} must have replaced exactly once. */
    static final String WRAPPED = "wrapped string";
    /** What {@link #hashCode} must have replaced exactly once. */
    static final String LAZY = "lazy string hash";

    private LuajPatcherStrings() {
    }

    /** The access flags of field {@code name} of {@code owner}: {@code m_hashcode} without {@code final}. */
    static int fieldAccess(String owner, String name, int access) {
        return STRING.equals(owner) && HASH_FIELD.equals(name) ? access & ~Opcodes.ACC_FINAL : access;
    }

    /**
     * {@code mv}, method {@code nameDesc} of {@code owner}: in the constructor, the call
     * {@code hashCode(bytes, offset, length)} becomes 0; {@code count} gets {@link #REDIRECTED}.
     * Any other method is returned as it is.
     */
    static MethodVisitor constructor(String owner, String nameDesc, MethodVisitor mv, Map<String, Integer> count) {
        if (!STRING.equals(owner) || !CONSTRUCTOR.equals(nameDesc)) {
            return mv;
        }
        return new MethodVisitor(Opcodes.ASM9, mv) {
            @Override
            public void visitMethodInsn(int opcode, String o, String name, String desc, boolean itf) {
                if (opcode == Opcodes.INVOKESTATIC && STRING.equals(o) && HASH.equals(name + desc)) {
                    count.merge(REDIRECTED, 1, Integer::sum);
                    super.visitInsn(Opcodes.POP2); // length, offset
                    super.visitInsn(Opcodes.POP); // bytes
                    super.visitInsn(Opcodes.ICONST_0);
                    return;
                }
                super.visitMethodInsn(opcode, o, name, desc, itf);
            }
        };
    }

    /**
     * {@code mv}, method {@code nameDesc} of {@code owner}: in {@code valueOf(byte[], int, int)},
     * the string made after the hash was computed (the cache's miss: {@code valueFromCopy(...)})
     * gets that hash in its field; {@code count} gets {@link #KEPT}. Any other method is returned
     * as it is.
     */
    static MethodVisitor cachedHash(String owner, String nameDesc, MethodVisitor mv, Map<String, Integer> count) {
        if (!STRING.equals(owner) || !FACTORY.equals(nameDesc)) {
            return mv;
        }
        return new MethodVisitor(Opcodes.ASM9, mv) {
            private boolean hashed; // the hash was just computed: the next ISTORE keeps it
            private int hashLocal = -1;

            @Override
            public void visitVarInsn(int opcode, int var) {
                super.visitVarInsn(opcode, var);
                if (hashed && opcode == Opcodes.ISTORE) {
                    hashLocal = var;
                    hashed = false;
                }
            }

            @Override
            public void visitMethodInsn(int opcode, String o, String name, String desc, boolean itf) {
                super.visitMethodInsn(opcode, o, name, desc, itf);
                if (opcode == Opcodes.INVOKESTATIC && STRING.equals(o) && HASH.equals(name + desc)) {
                    hashed = true;
                } else if (hashLocal >= 0 && STRING.equals(o)
                        && (opcode == Opcodes.INVOKESPECIAL && "<init>".equals(name) && "([BII)V".equals(desc)
                        || opcode == Opcodes.INVOKESTATIC && "valueFromCopy".equals(name))) {
                    super.visitInsn(Opcodes.DUP);
                    super.visitVarInsn(Opcodes.ILOAD, hashLocal);
                    super.visitFieldInsn(Opcodes.PUTFIELD, STRING, HASH_FIELD, "I");
                    count.merge(KEPT, 1, Integer::sum);
                    hashLocal = -1;
                }
            }
        };
    }

    /** Whether {@code nameDesc} of {@code owner} is {@code LuaString.valueUsing(byte[], int, int)}, whose body {@link #valueUsing} replaces. */
    static boolean isValueUsing(String owner, String nameDesc) {
        return STRING.equals(owner) && WRAPPER.equals(nameDesc);
    }

    /** {@code return new LuaString(bytes, offset, length);}: the array wrapped, not hashed, not looked up. */
    static void valueUsing(MethodVisitor mv) {
        mv.visitCode();
        mv.visitTypeInsn(Opcodes.NEW, STRING);
        mv.visitInsn(Opcodes.DUP);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitVarInsn(Opcodes.ILOAD, 2);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, STRING, "<init>", "([BII)V", false);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** Whether {@code nameDesc} of {@code owner} is {@code LuaString.hashCode()}, whose body {@link #hashCode} replaces. */
    static boolean isHashCode(String owner, String nameDesc) {
        return STRING.equals(owner) && "hashCode()I".equals(nameDesc);
    }

    /**
     * {@code int h = m_hashcode; return h != 0 ? h : wardHash();}: 15 bytes of bytecode, so the
     * JIT inlines it everywhere (every table access by a string key asks) at little cost to a
     * compiled method's inlining budget (docs/COMPILER.md, "Speed" 6); the hashing is apart.
     */
    static void hashCode(MethodVisitor mv) {
        mv.visitCode();
        Label compute = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, STRING, HASH_FIELD, "I");
        mv.visitInsn(Opcodes.DUP);
        mv.visitJumpInsn(Opcodes.IFEQ, compute);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitLabel(compute);
        mv.visitInsn(Opcodes.POP);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, STRING, HASH_METHOD, "()I", false);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** Adds {@code private int wardHash()}: {@code m_hashcode = hashCode(m_bytes, m_offset, m_length)}, returned. */
    static void addHashMethod(ClassVisitor cv) {
        MethodVisitor mv = cv.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC, HASH_METHOD, "()I", null, null);
        mv.visitCode();
        LuajPatcher.stringBytes(mv);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, STRING, "hashCode", "([BII)I", false);
        mv.visitVarInsn(Opcodes.ISTORE, 1);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitFieldInsn(Opcodes.PUTFIELD, STRING, HASH_FIELD, "I");
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
