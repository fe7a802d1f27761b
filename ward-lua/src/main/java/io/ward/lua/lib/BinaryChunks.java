package io.ward.lua.lib;

import io.ward.lua.Args;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.DumpState;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The opt-in {@code "binary"} library (trusted code only; used while a runtime is being built):
 * {@code string.dump} and binary chunks in {@code load}, {@code loadfile}, {@code dofile} and
 * {@code require}, in Lua 5.2's format (LuaJ's {@code DumpState}/{@code LoadState}).
 *
 * <p>LuaJ does not verify bytecode: a chunk that passes the header and structure checks here
 * can still do anything the interpreter allows, or fail with a Java error when run. The checks
 * here make a truncated or garbled chunk a Lua error ({@code truncated precompiled chunk},
 * {@code corrupted precompiled chunk}, ...) instead of a Java exception.
 */
final class BinaryChunks {
    private static final int HEADER_SIZE = 18;
    private static final int SIGNATURE_END = 4;
    private static final int VERSION_END = 6;
    private static final int SIZES_END = 12;
    private static final int SIZE_T = 8;
    private static final byte[] HEADER = ownHeader();

    private BinaryChunks() {
    }

    /** Opens binary chunks and {@code string.dump} in {@code g}, already {@link Sandbox#restrict restricted}. */
    static void allow(Globals g) {
        if (g.undumper instanceof Sandbox.TextOnlyGate) {
            ((Sandbox.TextOnlyGate) g.undumper).binary = true;
        }
        if (!(g.loader instanceof FreshUpvalues)) {
            g.loader = new FreshUpvalues(g.loader, g);
        }
        LuaValue string = g.rawget("string");
        if (string instanceof LuaTable) {
            string.rawset("dump", new Dump());
        }
    }

    /**
     * Reads a whole binary chunk whose first byte ({@code "\27"}) was already read from
     * {@code in}; every failure becomes Lua 5.2's {@code <name>: <what> precompiled chunk}.
     */
    static Prototype undump(InputStream in, String chunkname) throws IOException {
        byte[] rest = in.readAllBytes();
        byte[] chunk = new byte[rest.length + 1];
        chunk[0] = 0x1B;
        System.arraycopy(rest, 0, chunk, 1, rest.length);
        String name = displayName(chunkname);
        checkHeader(chunk, name);
        try {
            Prototype p = LoadState.undump(new ByteArrayInputStream(chunk), chunkname);
            if (p == null) {
                throw failure(name, "not a");
            }
            return p;
        } catch (EOFException e) {
            throw failure(name, "truncated");
        } catch (RuntimeException | IOException | OutOfMemoryError | StackOverflowError e) {
            // LuaJ trusts the sizes it reads: garbage gives negative or huge array sizes
            throw failure(name, "corrupted");
        }
    }

    /** Lua 5.2's {@code checkHeader}, except that a {@code size_t} of 4 or 8 bytes is accepted (LuaJ reads both). */
    private static void checkHeader(byte[] chunk, String name) {
        if (chunk.length < HEADER_SIZE) {
            throw failure(name, "truncated");
        }
        byte[] h = Arrays.copyOf(chunk, HEADER_SIZE);
        if (h[SIZE_T] == 4 || h[SIZE_T] == 8) {
            h[SIZE_T] = HEADER[SIZE_T];
        }
        if (Arrays.equals(h, HEADER)) {
            return;
        }
        if (!Arrays.equals(h, 0, SIGNATURE_END, HEADER, 0, SIGNATURE_END)) {
            throw failure(name, "not a");
        }
        if (!Arrays.equals(h, 0, VERSION_END, HEADER, 0, VERSION_END)) {
            throw failure(name, "version mismatch in");
        }
        throw failure(name, Arrays.equals(h, 0, SIZES_END, HEADER, 0, SIZES_END) ? "corrupted" : "incompatible");
    }

    /** The name Lua 5.2's undump puts in its errors. */
    private static String displayName(String chunkname) {
        if (chunkname == null || chunkname.isEmpty()) {
            return "?";
        }
        char c = chunkname.charAt(0);
        if (c == '@' || c == '=') {
            return chunkname.substring(1);
        }
        return c == 0x1B ? "binary string" : chunkname;
    }

    private static LuaError failure(String name, String what) {
        return new Sandbox.LoadRefused(name + ": " + what + " precompiled chunk");
    }

    /** The header {@code DumpState} writes, taken from a dump of an empty chunk. */
    private static byte[] ownHeader() {
        try {
            Prototype p = LuaC.instance.compile(new ByteArrayInputStream(new byte[0]), "=header");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DumpState.dump(p, out, true);
            return Arrays.copyOf(out.toByteArray(), HEADER_SIZE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code string.dump(f)}: the binary chunk of a Lua function, with its debug information. */
    private static final class Dump extends VarArgFunction {
        Dump() {
            name = "dump";
        }

        @Override
        public String tojstring() {
            return "function: " + name;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaValue f = args.arg1();
            if (!f.isfunction()) {
                throw Args.typeError(1, name, "function", args.narg() == 0 ? NONE : f);
            }
            if (!(f instanceof LuaClosure)) {
                throw new LuaError("unable to dump given function");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                DumpState.dump(((LuaClosure) f).p, out, false);
            } catch (IOException e) {
                throw new LuaError("unable to dump given function");
            }
            return LuaValue.valueOf(out.toByteArray());
        }
    }

    /**
     * Lua 5.2's upvalues for a loaded function: LuaJ gives the first upvalue the environment
     * and leaves the others null (a crash when used). As {@code lua_load}, only a function with
     * exactly one upvalue gets the globals; every other upvalue starts as a fresh {@code nil}
     * (an explicit environment still goes to the first, as {@code load(s, n, m, env)} does).
     */
    private static final class FreshUpvalues implements Globals.Loader {
        private final Globals.Loader inner;
        private final Globals globals;

        FreshUpvalues(Globals.Loader inner, Globals globals) {
            this.inner = inner;
            this.globals = globals;
        }

        @Override
        public LuaFunction load(Prototype p, String chunkname, LuaValue env) throws IOException {
            LuaFunction f = inner.load(p, chunkname, env);
            if (f instanceof LuaClosure && p.upvalues.length > 1) {
                UpValue[] ups = ((LuaClosure) f).upValues;
                for (int i = 0; i < ups.length; i++) {
                    ups[i] = new UpValue(new LuaValue[] {i == 0 && env != globals ? env : LuaValue.NIL}, 0);
                }
            }
            return f;
        }
    }
}
