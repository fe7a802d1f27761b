package io.ward.lua.lang;

import java.util.Arrays;

/**
 * Confined to the call that builds it: a growable byte array, the result of {@link LuaFormat}
 * or of a {@code gsub} before it becomes a Lua string.
 */
public final class ByteOutput {
    private byte[] bytes;
    private int size;

    public ByteOutput(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    public void append(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    public void append(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    /** Appends chars 0-255 as the bytes they stand for. */
    void appendLatin1(char[] chars, int off, int len) {
        ensure(len);
        for (int i = 0; i < len; i++) {
            bytes[size++] = (byte) chars[off + i];
        }
    }

    public void appendLatin1(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
    }

    void repeat(int b, int count) {
        if (count > 0) {
            ensure(count);
            Arrays.fill(bytes, size, size + count, (byte) b);
            size += count;
        }
    }

    /** Appends the decimal digits of {@code v} read as an unsigned 64-bit number. */
    void appendUnsignedDecimal(long v) {
        int digits = 1;
        for (long rest = Long.divideUnsigned(v, 10); rest != 0; rest /= 10) {
            digits++;
        }
        ensure(digits);
        int end = size + digits;
        int at = end;
        if (v < 0) { // at least 2^63: one unsigned division first
            long q = Long.divideUnsigned(v, 10);
            bytes[--at] = (byte) ('0' + (v - q * 10));
            v = q;
        }
        do {
            bytes[--at] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        size = end;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** The number of bytes appended so far. */
    public int size() {
        return size;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            if (size + more < 0) {
                throw new OutOfMemoryError("a Lua string longer than 2 GB");
            }
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
