package io.ward.lua.helpers;

import io.ward.lua.Args;
import io.ward.lua.LuaData;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code ward.helpers.table}: 26 functions. "Pairs" functions iterate every entry with raw
 * {@code next}, "sequence" ones {@code t[1], t[2], ...} up to the first nil. Callbacks are
 * called as {@code fn(v, k)} on the calling task (they may await). Results are new tables,
 * shallow copies without metatables. Stateless; the table is confined to the runtime's context.
 */
final class TableHelpers {
    /** How deep deep_merge and flatten follow tables: upstream recurses without end on a cycle. */
    private static final int MAX_DEPTH = 200;

    private final LuaData data;

    private TableHelpers(WardRuntime rt) {
        this.data = LuaData.of(rt);
    }

    static LuaTable create(WardRuntime rt) {
        return new TableHelpers(rt).table();
    }

    private LuaTable table() {
        LuaTable m = new LuaTable();
        m.set("is_empty", fn("is_empty", a -> LuaValue.valueOf(tbl(a, 1, "is_empty").next(LuaValue.NIL).arg1().isnil())));
        m.set("contains", fn("contains", a -> {
            LuaValue x = a.arg(2);
            for (LuaValue[] e : entries(tbl(a, 1, "contains"))) {
                if (e[1].raweq(x)) {
                    return LuaValue.TRUE;
                }
            }
            return LuaValue.FALSE;
        }));
        m.set("concat", fn("concat", a -> {
            LuaTable out = new LuaTable();
            int n = 0;
            for (int i = 1; i <= Math.max(1, a.narg()); i++) {
                for (LuaValue v : sequence(tbl(a, i, "concat"))) {
                    out.rawset(++n, v);
                }
            }
            return out;
        }));
        m.set("merge", fn("merge", a -> {
            LuaTable out = new LuaTable();
            for (int i = 1; i <= Math.max(1, a.narg()); i++) {
                for (LuaValue[] e : entries(tbl(a, i, "merge"))) {
                    out.rawset(e[0], e[1]);
                }
            }
            return out;
        }));
        m.set("deep_merge", fn("deep_merge", a -> {
            LuaTable out = deepCopy(tbl(a, 1, "deep_merge"), 0);
            for (int i = 2; i <= a.narg(); i++) {
                deepMerge(out, tbl(a, i, "deep_merge"), 0);
            }
            return out;
        }));
        m.set("map", fn("map", a -> {
            LuaTable t = tbl(a, 1, "map");
            LuaValue f = Args.checkFunction(a, 2, "map");
            LuaTable out = new LuaTable();
            for (LuaValue[] e : entries(t)) {
                LuaValue r = f.call(e[1], e[0]);
                if (!r.isnil()) {
                    out.rawset(e[0], r);
                }
            }
            return out;
        }));
        m.set("filter", fn("filter", a -> {
            LuaTable t = tbl(a, 1, "filter");
            LuaValue f = Args.checkFunction(a, 2, "filter");
            LuaTable out = new LuaTable();
            for (LuaValue[] e : entries(t)) {
                if (f.call(e[1], e[0]).toboolean()) {
                    out.rawset(e[0], e[1]);
                }
            }
            return out;
        }));
        m.set("reduce", fn("reduce", a -> {
            LuaTable t = tbl(a, 1, "reduce");
            LuaValue f = Args.checkFunction(a, 2, "reduce");
            LuaValue acc = a.arg(3);
            for (LuaValue[] e : entries(t)) {
                acc = f.call(acc, e[1], e[0]);
            }
            return acc;
        }));
        m.set("each", fn("each", a -> {
            LuaTable t = tbl(a, 1, "each");
            LuaValue f = Args.checkFunction(a, 2, "each");
            for (LuaValue[] e : entries(t)) {
                f.call(e[1], e[0]);
            }
            return t;
        }));
        m.set("find", fn("find", a -> {
            LuaTable t = tbl(a, 1, "find");
            LuaValue f = Args.checkFunction(a, 2, "find");
            for (LuaValue[] e : entries(t)) {
                if (f.call(e[1], e[0]).toboolean()) {
                    return e[1];
                }
            }
            return LuaValue.NIL;
        }));
        m.set("findall", fn("findall", a -> {
            LuaTable t = tbl(a, 1, "findall");
            LuaValue f = Args.checkFunction(a, 2, "findall");
            LuaTable out = new LuaTable();
            int n = 0;
            for (LuaValue[] e : entries(t)) {
                if (f.call(e[1], e[0]).toboolean()) {
                    out.rawset(++n, e[1]);
                }
            }
            return out;
        }));
        m.set("count", fn("count", a -> {
            LuaTable t = tbl(a, 1, "count");
            LuaValue f = Args.checkFunction(a, 2, "count");
            int n = 0;
            for (LuaValue[] e : entries(t)) {
                if (f.call(e[1], e[0]).toboolean()) {
                    n++;
                }
            }
            return LuaValue.valueOf(n);
        }));
        m.set("sort", fn("sort", a -> {
            List<LuaValue> s = sequence(tbl(a, 1, "sort"));
            LuaValue f = Args.checkFunction(a, 2, "sort");
            return array(mergeSort(s, f));
        }));
        m.set("reverse", fn("reverse", a -> {
            List<LuaValue> s = sequence(tbl(a, 1, "reverse"));
            java.util.Collections.reverse(s);
            return array(s);
        }));
        m.set("shuffle", fn("shuffle", a -> {
            List<LuaValue> s = sequence(tbl(a, 1, "shuffle"));
            java.util.Collections.shuffle(s, ThreadLocalRandom.current());
            return array(s);
        }));
        m.set("flatten", fn("flatten", a -> {
            List<LuaValue> out = new ArrayList<>();
            flatten(tbl(a, 1, "flatten"), out, 0);
            return array(out);
        }));
        m.set("uniq", fn("uniq", a -> {
            List<LuaValue> out = new ArrayList<>();
            for (LuaValue v : sequence(tbl(a, 1, "uniq"))) {
                if (out.stream().noneMatch(v::raweq)) {
                    out.add(v);
                }
            }
            return array(out);
        }));
        m.set("uniq_by", fn("uniq_by", a -> {
            LuaTable t = tbl(a, 1, "uniq_by");
            LuaValue f = Args.checkFunction(a, 2, "uniq_by");
            List<LuaValue> seen = new ArrayList<>();
            List<LuaValue> out = new ArrayList<>();
            for (LuaValue[] e : entries(t)) {
                LuaValue key = f.call(e[1], e[0]);
                if (seen.stream().noneMatch(key::raweq)) {
                    seen.add(key);
                    out.add(e[1]);
                }
            }
            return array(out);
        }));
        m.set("keys", fn("keys", a -> {
            List<LuaValue> out = new ArrayList<>();
            entries(tbl(a, 1, "keys")).forEach(e -> out.add(e[0]));
            return array(out);
        }));
        m.set("values", fn("values", a -> {
            List<LuaValue> out = new ArrayList<>();
            entries(tbl(a, 1, "values")).forEach(e -> out.add(e[1]));
            return array(out);
        }));
        m.set("push", fn("push", a -> {
            LuaTable t = tbl(a, 1, "push");
            t.set(t.rawlen() + 1, a.arg(2));
            return LuaValue.NONE;
        }));
        m.set("append", fn("append", a -> {
            LuaTable t = tbl(a, 1, "append");
            t.set(t.rawlen() + 1, a.arg(2));
            return LuaValue.NONE;
        }));
        m.set("pop", fn("pop", a -> {
            LuaTable t = tbl(a, 1, "pop");
            int n = t.rawlen();
            if (n == 0) {
                return LuaValue.NIL;
            }
            LuaValue v = t.get(n);
            t.set(n, LuaValue.NIL);
            return v;
        }));
        m.set("shift", fn("shift", a -> {
            LuaTable t = tbl(a, 1, "shift");
            int n = t.rawlen();
            if (n == 0) {
                return LuaValue.NIL;
            }
            LuaValue first = t.get(1);
            for (int i = 1; i < n; i++) {
                t.set(i, t.get(i + 1));
            }
            t.set(n, LuaValue.NIL);
            return first;
        }));
        m.set("prepend", fn("prepend", a -> {
            LuaTable t = tbl(a, 1, "prepend");
            for (int i = t.rawlen(); i >= 1; i--) {
                t.set(i + 1, t.get(i));
            }
            t.set(1, a.arg(2));
            return LuaValue.NONE;
        }));
        m.set("join", fn("join", a -> {
            LuaTable t = tbl(a, 1, "join");
            String sep = StringHelpers.str(a, 2, "join");
            StringBuilder b = new StringBuilder();
            int n = t.rawlen();
            for (int i = 1; i <= n; i++) {
                b.append(i == 1 ? "" : sep).append(joinText(t.rawget(i)));
            }
            return LuaData.text(b.toString());
        }));
        return m;
    }

    /** join's conversion: never {@code __tostring}, numbers without exponent or {@code .0}. */
    private String joinText(LuaValue v) {
        switch (v.type()) {
            case LuaValue.TNIL:
                return "nil";
            case LuaValue.TBOOLEAN:
                return String.valueOf(v.toboolean());
            case LuaValue.TNUMBER: {
                double d = v.todouble();
                if (Double.isNaN(d)) {
                    return "NaN";
                }
                if (Double.isInfinite(d)) {
                    return d > 0 ? "inf" : "-inf";
                }
                String s = BigDecimal.valueOf(d).toPlainString();
                return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
            }
            case LuaValue.TSTRING:
                return v.tojstring();
            case LuaValue.TTABLE:
                return "[table]";
            case LuaValue.TFUNCTION:
                return "[function]";
            case LuaValue.TTHREAD:
                return "[thread]";
            default:
                return data.isNull(v) ? "[lightuserdata]" : "[userdata]";
        }
    }

    /** A stable merge sort that only asks {@code fn(a, b)} (truthy: a before b); never fails on an inconsistent comparator. */
    private static List<LuaValue> mergeSort(List<LuaValue> s, LuaValue fn) {
        if (s.size() < 2) {
            return s;
        }
        int mid = s.size() / 2;
        List<LuaValue> left = mergeSort(new ArrayList<>(s.subList(0, mid)), fn);
        List<LuaValue> right = mergeSort(new ArrayList<>(s.subList(mid, s.size())), fn);
        List<LuaValue> out = new ArrayList<>(s.size());
        int i = 0;
        int j = 0;
        while (i < left.size() && j < right.size()) {
            // right first only when strictly before: equal elements keep their order
            if (fn.call(right.get(j), left.get(i)).toboolean()) {
                out.add(right.get(j++));
            } else {
                out.add(left.get(i++));
            }
        }
        out.addAll(left.subList(i, left.size()));
        out.addAll(right.subList(j, right.size()));
        return out;
    }

    private static void flatten(LuaTable t, List<LuaValue> out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new LuaError("flatten: tables nested deeper than " + MAX_DEPTH + " levels (or recursive)");
        }
        for (LuaValue v : sequence(t)) {
            if (v.istable()) {
                flatten((LuaTable) v, out, depth + 1);
            } else {
                out.add(v);
            }
        }
    }

    private static LuaTable deepCopy(LuaTable t, int depth) {
        if (depth > MAX_DEPTH) {
            throw new LuaError("deep_merge: tables nested deeper than " + MAX_DEPTH + " levels (or recursive)");
        }
        LuaTable out = new LuaTable();
        for (LuaValue[] e : entries(t)) {
            out.rawset(e[0], e[1].istable() ? deepCopy((LuaTable) e[1], depth + 1) : e[1]);
        }
        return out;
    }

    private static void deepMerge(LuaTable into, LuaTable from, int depth) {
        if (depth > MAX_DEPTH) {
            throw new LuaError("deep_merge: tables nested deeper than " + MAX_DEPTH + " levels (or recursive)");
        }
        for (LuaValue[] e : entries(from)) {
            LuaValue cur = into.rawget(e[0]);
            if (e[1].istable() && cur.istable()) {
                deepMerge((LuaTable) cur, (LuaTable) e[1], depth + 1);
            } else {
                into.rawset(e[0], e[1].istable() ? deepCopy((LuaTable) e[1], depth + 1) : e[1]);
            }
        }
    }

    /** Every entry in raw {@code next} order, taken before any callback runs. */
    private static List<LuaValue[]> entries(LuaTable t) {
        List<LuaValue[]> out = new ArrayList<>();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) {
                return out;
            }
            out.add(new LuaValue[] {k, n.arg(2)});
        }
    }

    /** {@code t[1], t[2], ...} up to the first nil (raw). */
    private static List<LuaValue> sequence(LuaTable t) {
        List<LuaValue> out = new ArrayList<>();
        for (int i = 1; ; i++) {
            LuaValue v = t.rawget(i);
            if (v.isnil()) {
                return out;
            }
            out.add(v);
        }
    }

    private static LuaTable array(List<LuaValue> values) {
        LuaTable t = new LuaTable();
        for (int i = 0; i < values.size(); i++) {
            t.rawset(i + 1, values.get(i));
        }
        return t;
    }

    private static LuaTable tbl(Varargs a, int i, String fname) {
        return (LuaTable) Args.checkTable(a, i, fname);
    }

    private static LuaValue fn(String name, LuaFunctions.Body body) {
        return LuaFunctions.named(name, body);
    }
}
