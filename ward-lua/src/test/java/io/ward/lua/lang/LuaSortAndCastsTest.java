package io.ward.lua.lang;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link LuaSort} on plain arrays, {@link LuaCasts} and {@link Bit32} on known 5.2.4 results. */
class LuaSortAndCastsTest {

    /** An int array as a 1-based Lua array, counting comparisons. */
    private static final class Ints implements LuaSort.Array<Integer> {
        final int[] a;
        final boolean alwaysLess;
        int comparisons;

        Ints(int[] a, boolean alwaysLess) {
            this.a = a;
            this.alwaysLess = alwaysLess;
        }

        @Override
        public Integer get(int i) {
            return i >= 1 && i <= a.length ? a[i - 1] : 0;
        }

        @Override
        public void set(int i, Integer v) {
            a[i - 1] = v;
        }

        @Override
        public boolean less(Integer x, Integer y) {
            comparisons++;
            return alwaysLess || x < y;
        }

        @Override
        public RuntimeException invalidOrder() {
            return new IllegalStateException("invalid order function for sorting");
        }
    }

    @Test
    void sortsLikeAnySort() {
        SplittableRandom r = new SplittableRandom(7);
        for (int round = 0; round < 500; round++) {
            int[] a = r.ints(r.nextInt(0, 60), 0, 20).toArray();
            int[] expected = a.clone();
            Arrays.sort(expected);
            LuaSort.sort(new Ints(a, false), a.length);
            assertArrayEquals(expected, a);
        }
    }

    @Test
    void findsAnInconsistentOrder() {
        int[] a = new int[16];
        assertThrows(IllegalStateException.class, () -> LuaSort.sort(new Ints(a, true), a.length));
    }

    @Test
    void makesTheComparisonsOfLua52() {
        // lua5.2: sorting 1..100 reversed with a counting comparator makes 710 comparisons
        int[] a = new int[100];
        for (int i = 0; i < a.length; i++) {
            a[i] = a.length - i;
        }
        Ints ints = new Ints(a, false);
        LuaSort.sort(ints, a.length);
        assertEquals(LUA52_COMPARISONS_REVERSED_100, ints.comparisons);
    }

    private static final int LUA52_COMPARISONS_REVERSED_100 = 710;

    @Test
    void castsAsLua524OnX8664() {
        assertEquals(2, LuaCasts.toInt(2.7));
        assertEquals(-1, LuaCasts.toInt(-1.5));
        assertEquals(0, LuaCasts.toInt(0x1p40));
        assertEquals(Integer.MIN_VALUE, LuaCasts.toInt(0x1p31));
        assertEquals(0, LuaCasts.toInt(Double.NaN));
        assertEquals(2.0, LuaCasts.unsignedValue(LuaCasts.toUnsigned(2.5)));
        assertEquals(4.0, LuaCasts.unsignedValue(LuaCasts.toUnsigned(3.5)));
        assertEquals(4294967294.0, LuaCasts.unsignedValue(LuaCasts.toUnsigned(-1.5)));
        assertEquals(1.0, LuaCasts.unsignedValue(LuaCasts.toUnsigned(0x1p53 + 2)));
        assertEquals(2281731484.0, LuaCasts.unsignedValue(LuaCasts.toUnsigned(1e300)));
        assertEquals(0.0, LuaCasts.unsignedValue(LuaCasts.toUnsigned(Double.POSITIVE_INFINITY)));
    }

    @Test
    void bit32Edges() {
        assertEquals(0, Bit32.shift(1, Integer.MIN_VALUE));
        assertEquals(0, Bit32.shift(1, 32));
        assertEquals(0x80000000, Bit32.shift(1, 31));
        assertEquals(-1, Bit32.arithmeticShift(0x80000000, 33));
        assertEquals(0x80000000, Bit32.rotate(1, -1));
        assertEquals(0, Bit32.extract(0xF0000000, 1958494208, (1 << 30) + 1)); // counts modulo 32
        assertEquals(15, Bit32.extract(0xF0, 4, 4));
        assertEquals(0xFFFFFF0F, Bit32.replace(-1, 0, 4, 4));
        Bit32.FieldError e = assertThrows(Bit32.FieldError.class, () -> Bit32.checkField(-1, 1, 2));
        assertEquals(2, e.argument());
        assertEquals("field cannot be negative", e.getMessage());
        assertEquals(0, assertThrows(Bit32.FieldError.class, () -> Bit32.checkField(31, 2, 2)).argument());
    }
}
