package io.ward.lua.time;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.Comparator;
import java.util.function.IntPredicate;

/**
 * The {@code ==}, {@code <} and {@code <=} metamethods of a time value type (Duration,
 * TimePoint, InstantPoint): both operands must be that type, ordered by {@code order}.
 *
 * <p>Stateless and thread-safe once built.
 */
final class Comparisons {
    private Comparisons() {
    }

    /** Sets {@code __eq}, {@code __lt} and {@code __le} in {@code mt}. */
    static <T> void install(LuaTable mt, Class<T> type, String typeName, Comparator<? super T> order) {
        mt.set(LuaValue.EQ, new Compare<>("__eq", type, typeName, order, c -> c == 0));
        mt.set(LuaValue.LT, new Compare<>("__lt", type, typeName, order, c -> c < 0));
        mt.set(LuaValue.LE, new Compare<>("__le", type, typeName, order, c -> c <= 0));
    }

    private static final class Compare<T> extends NamedFunction {
        private final Class<T> type;
        private final String typeName;
        private final Comparator<? super T> order;
        private final IntPredicate accepts;

        Compare(String luaName, Class<T> type, String typeName, Comparator<? super T> order, IntPredicate accepts) {
            super(luaName);
            this.type = type;
            this.typeName = typeName;
            this.order = order;
            this.accepts = accepts;
        }

        @Override
        public Varargs invoke(Varargs args) {
            T a = TypeNames.check(args, 1, luaName(), type, typeName);
            T b = TypeNames.check(args, 2, luaName(), type, typeName);
            return LuaValue.valueOf(accepts.test(order.compare(a, b)));
        }
    }
}
