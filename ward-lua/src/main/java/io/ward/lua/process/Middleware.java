package io.ward.lua.process;

import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The middleware stack of {@code ward.process}: Lua functions that see (and may change) each
 * process's argv, cwd and env right before it starts. The stack is a task-local value
 * ({@link WardRuntime#taskLocal}): a task inherits its parent's stack when spawned, and its
 * own pushes and pops never reach the parent.
 *
 * <p>Confined to the runtime's context. The stack itself is an immutable list, replaced on
 * each change.
 */
final class Middleware {
    private static final Object KEY = new Object();

    private Middleware() {
    }

    @SuppressWarnings("unchecked")
    private static List<LuaValue> stack(WardRuntime rt) {
        Object s = rt.scheduler().inTask() ? rt.taskLocal(KEY) : null;
        return s == null ? List.of() : (List<LuaValue>) s;
    }

    /** Pushes {@code fn}; the new depth. */
    static int push(WardRuntime rt, LuaValue fn) {
        checkInTask(rt, "push_middleware");
        List<LuaValue> next = new ArrayList<>(stack(rt));
        next.add(fn);
        rt.setTaskLocal(KEY, List.copyOf(next));
        return next.size();
    }

    /** Pops the top function; {@code false} when the stack is empty. */
    static boolean pop(WardRuntime rt) {
        checkInTask(rt, "pop_middleware");
        List<LuaValue> s = stack(rt);
        if (s.isEmpty()) {
            return false;
        }
        rt.setTaskLocal(KEY, List.copyOf(s.subList(0, s.size() - 1)));
        return true;
    }

    private static void checkInTask(WardRuntime rt, String fname) {
        if (!rt.scheduler().inTask()) {
            throw new LuaError(fname + " must be called from a Ward task");
        }
    }

    /**
     * A copy of {@code stage} as the middleware leaves it: each function, bottom of the stack
     * first, gets {@code {argv=..., cwd=..., env=...}}, may change it in place or return a new
     * table. {@code env} holds the variables the command sets ({@code false}: removed).
     */
    static CommandSpec apply(WardRuntime rt, CommandSpec stage) {
        List<LuaValue> s = stack(rt);
        if (s.isEmpty()) {
            return stage;
        }
        LuaTable spec = toLua(stage);
        for (LuaValue fn : s) {
            Varargs r = fn.invoke(spec);
            LuaValue v = r.arg1();
            if (v.istable()) {
                spec = (LuaTable) v;
            } else if (!v.isnil()) {
                throw new LuaError("process middleware must return a table or nil, got " + v.typename());
            }
        }
        return fromLua(spec, stage);
    }

    private static LuaTable toLua(CommandSpec stage) {
        LuaTable argv = new LuaTable();
        for (int i = 0; i < stage.argv.size(); i++) {
            argv.set(i + 1, LuaValue.valueOf(stage.argv.get(i)));
        }
        LuaTable env = new LuaTable();
        for (Map.Entry<String, String> e : stage.env.entrySet()) {
            env.set(e.getKey(), e.getValue() == null ? LuaValue.FALSE : LuaValue.valueOf(e.getValue()));
        }
        LuaTable spec = new LuaTable();
        spec.set("argv", argv);
        spec.set("cwd", stage.cwd == null ? LuaValue.NIL : LuaValue.valueOf(stage.cwd));
        spec.set("env", env);
        return spec;
    }

    private static CommandSpec fromLua(LuaTable spec, CommandSpec stage) {
        LuaValue argv = spec.get("argv");
        int n = argv.istable() ? argv.length() : 0;
        if (n == 0) {
            throw new LuaError("process middleware must leave spec.argv a non-empty array of strings");
        }
        List<String> args = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            LuaValue a = argv.get(i);
            if (!a.isstring()) {
                throw new LuaError("process middleware must leave spec.argv a non-empty array of strings (element "
                        + i + " is a " + a.typename() + ")");
            }
            args.add(a.tojstring());
        }
        CommandSpec c = stage.copy();
        c.argv.clear();
        c.argv.addAll(args);
        LuaValue cwd = spec.get("cwd");
        if (!cwd.isnil() && !cwd.isstring()) {
            throw new LuaError("process middleware must leave spec.cwd a string or nil, got " + cwd.typename());
        }
        c.cwd = cwd.isnil() ? null : cwd.tojstring();
        LuaValue env = spec.get("env");
        c.env.clear();
        if (!env.isnil()) {
            if (!env.istable()) {
                throw new LuaError("process middleware must leave spec.env a table or nil, got " + env.typename());
            }
            for (LuaValue k = LuaValue.NIL; ; ) {
                Varargs next = env.next(k);
                k = next.arg1();
                if (k.isnil()) {
                    break;
                }
                LuaValue v = next.arg(2);
                if (!k.isstring() || !(v.isstring() || v == LuaValue.FALSE)) {
                    throw new LuaError("process middleware must leave spec.env a table of strings");
                }
                c.env.put(k.tojstring(), v == LuaValue.FALSE ? null : v.tojstring());
            }
        }
        return c;
    }
}
