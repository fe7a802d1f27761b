package io.ward.lua.lib;

import io.ward.lua.Args;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Ward's {@code coroutine} library: the Lua 5.2 surface ({@code create}, {@code resume},
 * {@code yield}, {@code status}, {@code wrap}, {@code running}, plus 5.3's
 * {@code isyieldable}) on Ward fibers, replacing LuaJ's thread-per-coroutine library.
 *
 * <p>Confined to its runtime's context.
 */
public final class WardCoroutineLib extends TwoArgFunction {
    private final WardRuntime runtime;

    public WardCoroutineLib(WardRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable t = new LuaTable();
        t.set("create", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return new WardCoroutine(runtime, Args.checkFunction(args, 1, "create"));
            }
        });
        t.set("resume", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaValue v = args.arg1();
                if (v.isthread() && !(v instanceof WardCoroutine)) {
                    // the main chunk's or a task's thread: always running or normal, as Lua's main thread
                    return varargsOf(FALSE, valueOf("cannot resume non-suspended coroutine"));
                }
                return checkCoroutine(args, "resume").resume(args.subargs(2));
            }
        });
        t.set("yield", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return WardCoroutine.yieldRunning(runtime, args);
            }
        });
        t.set("status", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaValue v = args.arg1();
                if (v instanceof WardCoroutine) {
                    return valueOf(((WardCoroutine) v).getStatus());
                }
                if (v.isthread()) { // a task's own thread: running if it is the caller's
                    return valueOf(v == runtime.globals().running ? "running" : "normal");
                }
                throw Args.typeError(1, "status", "coroutine", args.narg() == 0 ? NONE : v);
            }
        });
        t.set("running", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaThread r = runtime.globals().running;
                return varargsOf(r, valueOf(!(r instanceof WardCoroutine)));
            }
        });
        t.set("isyieldable", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return valueOf(runtime.globals().running instanceof WardCoroutine);
            }
        });
        t.set("wrap", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                WardCoroutine co = new WardCoroutine(runtime, Args.checkFunction(args, 1, "wrap"));
                return new VarArgFunction() {
                    @Override
                    public Varargs invoke(Varargs in) {
                        Varargs r = co.resume(in);
                        if (r.arg1().toboolean()) {
                            return r.subargs(2);
                        }
                        throw new LuaError(r.arg(2)); // the error value as it is, like lua_error
                    }
                };
            }
        });
        env.set("coroutine", t);
        env.get("package").get("loaded").set("coroutine", t);
        return t;
    }

    private static WardCoroutine checkCoroutine(Varargs args, String fname) {
        LuaValue v = args.arg1();
        if (v instanceof WardCoroutine) {
            return (WardCoroutine) v;
        }
        throw Args.typeError(1, fname, "coroutine", args.narg() == 0 ? LuaValue.NONE : v);
    }
}
