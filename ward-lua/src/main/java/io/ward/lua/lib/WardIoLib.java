package io.ward.lua.lib;

import io.ward.lua.Args;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.IoLib;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseIoLib;

import java.io.EOFException;
import java.io.IOException;

/**
 * LuaJ's {@code io} library ({@link JseIoLib}, loaded only on request) whose files have one
 * shared metatable per runtime, as Lua 5.2's {@code FILE*} metatable: the methods
 * ({@code close}, {@code flush}, {@code lines}, {@code read}, {@code seek}, {@code setvbuf},
 * {@code write}), {@code __index} (the metatable itself), {@code __gc} (closes a file that is
 * not a standard stream) and {@code __tostring} ({@code file (closed)}, {@code file (<hex>)}).
 * LuaJ's files had no metatable, so {@code getmetatable(io.stdin)} was nil.
 *
 * <p>Each file LuaJ opens is wrapped in a {@link WardFile} that delegates the I/O to it.
 * Confined to the runtime's context, like every LuaJ library.
 */
public final class WardIoLib extends JseIoLib {
    private static final String[] METHODS = IoLib.FILE_NAMES;
    private static final LuaString GC = LuaString.valueOf("__gc");

    /** The {@code FILE*} metatable: its methods come from the first file LuaJ opens. */
    private final LuaTable metatable = new LuaTable();
    private boolean hasMethods;

    public WardIoLib() {
        metatable.rawset(INDEX, metatable);
        metatable.rawset(GC, new FileFunction("__gc") {
            @Override
            Varargs run(File f) {
                if (!f.isclosed() && !f.isstdfile()) {
                    try {
                        f.close();
                    } catch (IOException e) {
                        // as Lua's io_gc, which ignores the result of closing
                    }
                }
                return NONE;
            }
        });
        metatable.rawset(TOSTRING, new FileFunction("__tostring") {
            @Override
            Varargs run(File f) {
                return valueOf(f.tojstring());
            }
        });
    }

    @Override
    protected File wrapStdin() throws IOException {
        return wrap(super.wrapStdin());
    }

    @Override
    protected File wrapStdout() throws IOException {
        return wrap(super.wrapStdout());
    }

    @Override
    protected File wrapStderr() throws IOException {
        return wrap(super.wrapStderr());
    }

    @Override
    protected File openFile(String filename, boolean readMode, boolean appendMode, boolean updateMode,
                            boolean binaryMode) throws IOException {
        return wrap(super.openFile(filename, readMode, appendMode, updateMode, binaryMode));
    }

    @Override
    protected File openProgram(String prog, String mode) throws IOException {
        return wrap(super.openProgram(prog, mode));
    }

    @Override
    protected File tmpFile() throws IOException {
        return wrap(super.tmpFile());
    }

    private File wrap(File luaj) {
        if (!hasMethods) {
            hasMethods = true;
            for (String m : METHODS) { // LuaJ's file methods, which LuaJ's files index
                metatable.rawset(m, luaj.get(m));
            }
        }
        return new WardFile(luaj);
    }

    /** {@code __gc} and {@code __tostring}: a file as argument #1, else {@code FILE* expected}. */
    private abstract static class FileFunction extends VarArgFunction {
        FileFunction(String name) {
            this.name = name;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaValue v = args.arg1();
            if (!(v instanceof File f)) {
                throw Args.typeError(1, name, "FILE*", args.narg() == 0 ? NONE : v);
            }
            return run(f);
        }

        abstract Varargs run(File f);
    }

    /** A LuaJ file with the shared metatable; the I/O is LuaJ's. */
    private final class WardFile extends File {
        private final File luaj;

        WardFile(File luaj) {
            this.luaj = luaj;
        }

        @Override
        public LuaValue getmetatable() {
            return metatable;
        }

        @Override
        public LuaValue get(LuaValue key) {
            LuaValue index = metatable.rawget(INDEX);
            return index.istable() ? index.get(key) : index.isfunction() ? index.call(this, key) : NIL;
        }

        @Override
        public String tojstring() {
            if (luaj.isclosed()) {
                return "file (closed)";
            }
            return "file (" + Integer.toHexString(System.identityHashCode(this)) + ")";
        }

        @Override
        public void write(LuaString string) throws IOException {
            luaj.write(string);
        }

        @Override
        public void flush() throws IOException {
            luaj.flush();
        }

        @Override
        public boolean isstdfile() {
            return luaj.isstdfile();
        }

        @Override
        public void close() throws IOException {
            luaj.close();
        }

        @Override
        public boolean isclosed() {
            return luaj.isclosed();
        }

        @Override
        public int seek(String option, int bytecount) throws IOException {
            return luaj.seek(option, bytecount);
        }

        @Override
        public void setvbuf(String mode, int size) {
            luaj.setvbuf(mode, size);
        }

        @Override
        public int remaining() throws IOException {
            return luaj.remaining();
        }

        @Override
        public int peek() throws IOException, EOFException {
            return luaj.peek();
        }

        @Override
        public int read() throws IOException, EOFException {
            return luaj.read();
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            return luaj.read(bytes, offset, length);
        }
    }
}
