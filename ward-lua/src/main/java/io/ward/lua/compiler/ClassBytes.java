package io.ward.lua.compiler;

import org.objectweb.asm.ClassReader;

/** Stateless. Facts read from a generated class file that ASM's visitors do not give. */
final class ClassBytes {
    private ClassBytes() {
    }

    /**
     * The length of the bytecode of the first method named {@code method} in class file
     * {@code bytes} (its {@code Code} attribute's {@code code_length}), or -1 when there is none.
     */
    static int codeLength(byte[] bytes, String method) {
        ClassReader r = new ClassReader(bytes);
        char[] buf = new char[r.getMaxStringLength()];
        int at = r.header + 6; // access_flags, this_class, super_class
        at += 2 + 2 * r.readUnsignedShort(at); // interfaces
        int fields = r.readUnsignedShort(at);
        at += 2;
        for (int i = 0; i < fields; i++) {
            at = skipMember(r, at);
        }
        int methods = r.readUnsignedShort(at);
        at += 2;
        for (int i = 0; i < methods; i++) {
            String name = r.readUTF8(at + 2, buf);
            int attributes = r.readUnsignedShort(at + 6);
            int a = at + 8;
            for (int j = 0; j < attributes; j++) {
                if (name.equals(method) && "Code".equals(r.readUTF8(a, buf))) {
                    return r.readInt(a + 10); // after name, length, max_stack, max_locals
                }
                a += 6 + r.readInt(a + 2);
            }
            at = a;
        }
        return -1;
    }

    /** The offset after the field or method at {@code at}: access, name, descriptor, attributes. */
    private static int skipMember(ClassReader r, int at) {
        int attributes = r.readUnsignedShort(at + 6);
        int a = at + 8;
        for (int j = 0; j < attributes; j++) {
            a += 6 + r.readInt(a + 2);
        }
        return a;
    }
}
