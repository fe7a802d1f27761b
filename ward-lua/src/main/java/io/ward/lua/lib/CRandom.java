package io.ward.lua.lib;

/**
 * glibc's {@code srand}/{@code rand} (the default {@code TYPE_3} additive feedback generator,
 * degree 31, separation 3), so that {@code math.random} after {@code math.randomseed(n)} gives
 * the numbers reference Lua 5.2 gives on glibc. Unseeded, it starts as glibc does, as if
 * seeded with 1 (but per runtime: C Lua shares one generator between all states of a process).
 *
 * <p>Confined to the runtime's context (it is the state of one runtime's {@code math}).
 */
final class CRandom {
    /** C's {@code RAND_MAX} on glibc. */
    static final int RAND_MAX = 0x7FFFFFFF;

    private final int[] state = new int[31];
    private int front;
    private int rear;

    CRandom() {
        seed(1);
    }

    /** {@code srand(seed)}. */
    void seed(int seed) {
        long word = seed == 0 ? 1 : seed; // glibc keeps the word in an int32_t
        state[0] = (int) word;
        for (int i = 1; i < 31; i++) {
            // (16807 * word) % (2^31 - 1) by Schrage's method, as glibc computes it
            long hi = word / 127773;
            long lo = word % 127773;
            word = 16807 * lo - 2836 * hi;
            if (word < 0) {
                word += 2147483647;
            }
            state[i] = (int) word;
        }
        front = 3;
        rear = 0;
        for (int i = 0; i < 310; i++) {
            next();
        }
    }

    /** {@code rand()}: 0 to {@link #RAND_MAX}. */
    int next() {
        int[] s = state;
        s[front] += s[rear];
        int result = s[front] >>> 1;
        front = front + 1 == 31 ? 0 : front + 1;
        rear = rear + 1 == 31 ? 0 : rear + 1;
        return result;
    }
}
