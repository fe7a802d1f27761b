package io.ward.lua.patch;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Confined to the runtime's context, like the frame it belongs to. The extra arguments
 * ({@code ...}) of one running vararg Lua function, in an array of its own, so that
 * {@code debug.setlocal(level, -n, v)} can change what {@code ...} gives from then on, as in Lua
 * 5.2, where they are stack slots. LuaJ passes them as an immutable {@link Varargs} that may share
 * the caller's array, so they are copied into one of these on entry, and only while the full
 * debug library is loaded ({@link CallDepth#varargs}).
 */
public final class FrameVarargs extends Varargs {
    private final LuaValue[] values;

    private FrameVarargs(LuaValue[] values) {
        this.values = values;
    }

    /** A copy of {@code v}'s values. */
    static FrameVarargs copyOf(Varargs v) {
        LuaValue[] values = new LuaValue[v.narg()];
        for (int i = 0; i < values.length; i++) {
            values[i] = v.arg(i + 1);
        }
        return new FrameVarargs(values);
    }

    /** Sets extra argument {@code i} (1-based, within {@link #narg()}). */
    public void set(int i, LuaValue value) {
        values[i - 1] = value;
    }

    @Override
    public LuaValue arg(int i) {
        return i >= 1 && i <= values.length ? values[i - 1] : LuaValue.NIL;
    }

    @Override
    public int narg() {
        return values.length;
    }

    @Override
    public LuaValue arg1() {
        return values.length > 0 ? values[0] : LuaValue.NIL;
    }

    @Override
    public Varargs subargs(int start) {
        if (start <= 1) {
            return this;
        }
        if (start > values.length) {
            return LuaValue.NONE;
        }
        // a snapshot: a later setlocal must not change what was already passed on
        LuaValue[] rest = new LuaValue[values.length - start + 1];
        System.arraycopy(values, start - 1, rest, 0, rest.length);
        return LuaValue.varargsOf(rest);
    }
}
