package io.ward.lua.lang;

/**
 * Lua 5.2's {@code table.sort} algorithm over an abstract array: the same quicksort (median of
 * three, pivot kept aside, the smaller part sorted first), so that it makes the same
 * comparisons in the same order as the reference and finds an inconsistent order function at
 * the same point.
 *
 * <p>Stateless and thread-safe; the {@link Array} it sorts is the caller's business.
 */
public final class LuaSort {
    /** The array being sorted, 1-based like a Lua table. */
    public interface Array<T> {
        T get(int i);

        void set(int i, T v);

        /** The order: {@code a < b}. May throw. */
        boolean less(T a, T b);

        /** The error to throw when the order function is found inconsistent. */
        RuntimeException invalidOrder();
    }

    private LuaSort() {
    }

    /** Sorts positions {@code 1..n} (nothing when {@code n < 2}). */
    public static <T> void sort(Array<T> a, int n) {
        sort(a, 1, n);
    }

    private static <T> void swap(Array<T> a, int i, int j, T ai, T aj) {
        a.set(i, aj);
        a.set(j, ai);
    }

    private static <T> void sort(Array<T> a, int lo, int up) {
        while (lo < up) {
            T vl = a.get(lo);
            T vu = a.get(up);
            if (a.less(vu, vl)) {
                swap(a, lo, up, vl, vu);
            }
            if (up - lo == 1) {
                return;
            }
            int i = (lo + up) / 2; // C int division truncates, as Java's does
            T vi = a.get(i);
            vl = a.get(lo);
            if (a.less(vi, vl)) {
                swap(a, i, lo, vi, vl);
            } else {
                vu = a.get(up);
                if (a.less(vu, vi)) {
                    swap(a, i, up, vi, vu);
                }
            }
            if (up - lo == 2) {
                return;
            }
            T pivot = a.get(i);
            T before = a.get(up - 1);
            a.set(i, before);
            a.set(up - 1, pivot);
            i = lo;
            int j = up - 1;
            for (;;) {
                T x;
                while (a.less(x = a.get(++i), pivot)) {
                    if (i >= up) {
                        throw a.invalidOrder();
                    }
                }
                T y;
                while (a.less(pivot, y = a.get(--j))) {
                    if (j <= lo) {
                        throw a.invalidOrder();
                    }
                }
                if (j < i) {
                    break;
                }
                swap(a, i, j, x, y);
            }
            T last = a.get(up - 1);
            T at = a.get(i);
            a.set(up - 1, at);
            a.set(i, last);
            int sj;
            int si;
            if (i - lo < up - i) {
                sj = lo;
                si = i - 1;
                lo = i + 1;
            } else {
                sj = i + 1;
                si = up;
                up = i - 1;
            }
            sort(a, sj, si);
        }
    }
}
