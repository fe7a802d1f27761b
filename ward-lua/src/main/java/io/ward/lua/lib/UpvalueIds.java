package io.ward.lua.lib;

import io.ward.lua.Args;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Stateless; runs on the calling Lua thread. Lua 5.2's {@code debug.upvalueid}, which returns
 * a light userdata, and the two functions that treat light userdata apart:
 * {@code debug.setuservalue} refuses it, {@code debug.getuservalue} gives nil for it.
 */
final class UpvalueIds {
    private UpvalueIds() {
    }

    /**
     * A light userdata: {@code type()} says {@code userdata}; two are equal (and the same table
     * key) when they point at the same object, here LuaJ's {@code UpValue} cell, which closures
     * sharing a variable share.
     */
    static final class LightUserdata extends LuaUserdata {
        LightUserdata(Object target) {
            super(target);
        }

        @Override
        public String tojstring() {
            return "userdata: " + Integer.toHexString(System.identityHashCode(m_instance));
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(m_instance);
        }

        @Override
        public boolean raweq(LuaUserdata other) {
            return other instanceof LightUserdata && other.m_instance == m_instance;
        }
    }

    /** {@code debug.upvalueid(f, n)}: the identity of upvalue {@code n} of the Lua function {@code f}. */
    static final class UpvalueId extends WardDebugLib.Named {
        UpvalueId() {
            this.name = "upvalueid";
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaValue f = Args.checkFunction(args, 1, name);
            long n = Args.checkInteger(args, 2, name);
            if (f instanceof CUpvalues c && n >= 1 && n <= c.upvalueCount()) {
                return new LightUserdata(c.upvalueCell((int) n));
            }
            if (!(f instanceof LuaClosure c) || n < 1 || n > c.upValues.length || c.upValues[(int) n - 1] == null) {
                throw Args.badArgument(2, name, "invalid upvalue index");
            }
            return new LightUserdata(c.upValues[(int) n - 1]);
        }
    }

    /** {@code debug.setuservalue}: a light userdata is refused as in Lua 5.2, the rest is LuaJ's. */
    static final class SetUservalue extends WardDebugLib.Named {
        private final LuaValue luaj;

        SetUservalue(LuaValue luaj) {
            this.luaj = luaj;
            this.name = "setuservalue";
        }

        @Override
        public Varargs invoke(Varargs args) {
            if (args.arg1() instanceof LightUserdata) {
                throw Args.badArgument(1, name, "full userdata expected, got light userdata");
            }
            return luaj.invoke(args);
        }
    }

    /** {@code debug.getuservalue}: nil for a light userdata (it has none), the rest is LuaJ's. */
    static final class GetUservalue extends WardDebugLib.Named {
        private final LuaValue luaj;

        GetUservalue(LuaValue luaj) {
            this.luaj = luaj;
            this.name = "getuservalue";
        }

        @Override
        public Varargs invoke(Varargs args) {
            return args.arg1() instanceof LightUserdata ? NIL : luaj.invoke(args);
        }
    }
}
