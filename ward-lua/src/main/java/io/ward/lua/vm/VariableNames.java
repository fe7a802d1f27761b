package io.ward.lua.vm;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * Stateless. The description Lua 5.2 gives a value in an error message ({@code local 't'},
 * {@code global 'f'}, {@code field 'n'}, {@code upvalue 'u'}, {@code method 'm'},
 * {@code constant 'k'}), worked out from the bytecode as Lua's {@code ldebug.c} does: a
 * register that is an active local variable is named by it; otherwise the instruction that last
 * wrote the register before {@code pc} says where the value came from (a global or field read
 * with a constant string key, an upvalue, a string constant, a method lookup, or a copy of
 * another register, followed further). LuaJ compiles to the same bytecode as Lua 5.2, so the
 * same reading gives the same names.
 */
public final class VariableNames {
    private VariableNames() {
    }

    /** What Lua calls a value: {@code kind} is {@code local}, {@code global}, {@code field}, ... */
    public record Name(String kind, String name) {
        /** {@code kind 'name'}, as error messages show it. */
        @Override
        public String toString() {
            return kind + " '" + name + "'";
        }
    }

    /** {@code kind 'name'} for register {@code reg} of {@code p} at instruction {@code pc}, or null. */
    public static String ofRegister(Prototype p, int pc, int reg) {
        Name n = nameOfRegister(p, pc, reg);
        return n == null ? null : n.toString();
    }

    /** The kind and name of register {@code reg} of {@code p} at {@code pc}, as {@code getobjname}; or null. */
    public static Name nameOfRegister(Prototype p, int pc, int reg) {
        LuaString local = p.getlocalname(reg + 1, pc);
        if (local != null) {
            return new Name("local", local.tojstring());
        }
        int at = lastWrite(p, pc, reg);
        if (at < 0) {
            return null;
        }
        int i = p.code[at];
        int op = Lua.GET_OPCODE(i);
        if (op == Lua.OP_MOVE) {
            int from = Lua.GETARG_B(i);
            return from < Lua.GETARG_A(i) ? nameOfRegister(p, at, from) : null;
        }
        if (op == Lua.OP_GETTABUP || op == Lua.OP_GETTABLE) {
            int t = Lua.GETARG_B(i);
            String table = op == Lua.OP_GETTABLE ? text(p.getlocalname(t + 1, at)) : upvalueName(p, t);
            String key = keyName(p, at, Lua.GETARG_C(i));
            return new Name("_ENV".equals(table) ? "global" : "field", key);
        }
        if (op == Lua.OP_GETUPVAL) {
            return new Name("upvalue", upvalueName(p, Lua.GETARG_B(i)));
        }
        if (op == Lua.OP_LOADK || op == Lua.OP_LOADKX) {
            int k = op == Lua.OP_LOADK ? Lua.GETARG_Bx(i) : Lua.GETARG_Ax(p.code[at + 1]);
            LuaValue c = p.k[k];
            return c.type() == LuaValue.TSTRING ? new Name("constant", c.tojstring()) : null;
        }
        if (op == Lua.OP_SELF) {
            return new Name("method", keyName(p, at, Lua.GETARG_C(i)));
        }
        return null;
    }

    /** {@code upvalue 'name'} for upvalue {@code index} of {@code p}. */
    public static String ofUpvalue(Prototype p, int index) {
        return "upvalue '" + upvalueName(p, index) + "'";
    }

    /** The name of upvalue {@code index}, {@code ?} when unknown. */
    static String upvalueName(Prototype p, int index) {
        if (p.upvalues == null || index < 0 || index >= p.upvalues.length || p.upvalues[index].name == null) {
            return "?";
        }
        return p.upvalues[index].name.tojstring();
    }

    /** A table key operand: a string constant, or a register last loaded from one; else {@code ?}. */
    private static String keyName(Prototype p, int pc, int rk) {
        if (Lua.ISK(rk)) {
            LuaValue c = p.k[Lua.INDEXK(rk)];
            return c.type() == LuaValue.TSTRING ? c.tojstring() : "?";
        }
        Name d = nameOfRegister(p, pc, rk);
        return d != null && d.kind().equals("constant") ? d.name() : "?";
    }

    private static String text(LuaString s) {
        return s == null ? null : s.tojstring();
    }

    /**
     * The instruction before {@code lastpc} that last wrote register {@code reg}, or -1; a write
     * that a forward jump (taken before {@code lastpc}) may skip does not count, since the
     * value may come from elsewhere.
     */
    static int lastWrite(Prototype p, int lastpc, int reg) {
        int found = -1;
        int jumpTarget = 0;
        for (int pc = 0; pc < lastpc; pc++) {
            int i = p.code[pc];
            int op = Lua.GET_OPCODE(i);
            int a = Lua.GETARG_A(i);
            boolean writes;
            if (op == Lua.OP_LOADNIL) {
                writes = a <= reg && reg <= a + Lua.GETARG_B(i);
            } else if (op == Lua.OP_TFORCALL) {
                writes = reg >= a + 2;
            } else if (op == Lua.OP_CALL || op == Lua.OP_TAILCALL) {
                writes = reg >= a;
            } else if (op == Lua.OP_JMP) {
                int dest = pc + 1 + Lua.GETARG_sBx(i);
                if (pc < dest && dest <= lastpc && dest > jumpTarget) {
                    jumpTarget = dest;
                }
                writes = false;
            } else {
                writes = Lua.testAMode(op) && reg == a;
            }
            if (writes) {
                found = pc < jumpTarget ? -1 : pc;
            }
        }
        return found;
    }
}
