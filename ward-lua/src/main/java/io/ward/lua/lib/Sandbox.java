package io.ward.lua.lib;

import io.ward.lua.Args;
import java.io.IOException;
import java.io.InputStream;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Restricts a LuaJ {@link Globals} to what a Ward script may use: Lua source code only, no Java
 * classes, no native libraries, no io/os/debug/luajava.
 *
 * <p>Call {@link #restrict(Globals)} once, after every standard library and
 * {@code LoadState.install}/{@code LuaC.install} (it replaces {@code globals.undumper}):
 * <ol>
 *   <li>{@code package.searchers} loses LuaJ's Java-class searcher ({@code require "a.b.C"}
 *       instantiating a Java class); the preload and Lua-file searchers (and any other) stay,
 *       in the same table. {@code package.loadlib} returns
 *       {@code nil, "dynamic libraries not enabled", "absent"} like a Lua built without
 *       {@code dlopen}.
 *   <li>Text chunks only, everywhere ({@code load}, {@code loadfile}, {@code dofile},
 *       {@code require}, {@code Globals.load/loadfile} from Java): {@code globals.undumper}
 *       becomes a gate that refuses a chunk starting with {@code "\27"} with Lua 5.2's
 *       {@code attempt to load a binary chunk (mode is 't')} and lets text through to the
 *       compiler (the opt-in {@code "binary"} library lets binary chunks through:
 *       {@link BinaryChunks}). A mode argument without {@code t} ({@code load(s, name, "b")}) refuses text
 *       chunks with {@code attempt to load a text chunk (mode is 'b')}; no mode enables binary.
 *       {@code load} checks its arguments as 5.2 does (mode, then chunk name, then
 *       {@code function expected} for a chunk that is neither a string nor a function). A
 *       chunk keeps the name it is given (by default a string chunk's own text, as in Lua 5.2);
 *       it is shortened only where printed ({@code io.ward.lua.lang.ChunkId}).
 *   <li>{@code string.dump} is removed (it would only produce chunks nobody can load; the
 *       {@code "binary"} library puts it back).
 *   <li>{@code string.rep} is replaced by {@link StringRep}: LuaJ's overflows a 32-bit size
 *       and turns huge counts into Java exception texts or empty strings.
 *   <li>{@code getmetatable("")} returns a string metatable of this runtime's own, never the
 *       JVM-wide one ({@link StringMetatable#giveOwnView}).
 *   <li>The globals {@code io}, {@code os}, {@code debug} and {@code luajava} and their
 *       {@code package.loaded} entries are removed if present ({@code globals.debuglib} is left
 *       alone). {@link StandardLibraries} then puts back the read-only {@code debug} subset
 *       ({@link WardDebugLib}); the full one only comes with {@code withLibrary("debug")}.
 * </ol>
 */
public final class Sandbox {

    static final String BINARY_REFUSED = "attempt to load a binary chunk (mode is 't')";
    static final String LOADLIB_MESSAGE = "dynamic libraries not enabled";

    private static final int ESC = 0x1B;

    private Sandbox() {
    }

    /** Applies every restriction to {@code g}; see the class comment. Idempotent. */
    public static void restrict(Globals g) {
        restrictPackage(g);
        TextOnlyGate gate = g.undumper instanceof TextOnlyGate ? (TextOnlyGate) g.undumper : new TextOnlyGate();
        g.undumper = gate;
        wrapLoader(g, "load", 3, true, gate);
        wrapLoader(g, "loadfile", 2, false, gate);
        LuaValue string = g.rawget("string");
        if (string.istable()) {
            string.rawset("dump", LuaValue.NIL);
            string.rawset("rep", new StringRep());
        }
        StringMetatable.giveOwnView(g);
        // not a restriction, but every runtime's globals pass here once after the base library
        BytePrint.install(g);
        LuaValue loaded = loadedTable(g);
        for (String name : new String[] {"io", "os", "debug", "luajava"}) {
            g.rawset(name, LuaValue.NIL);
            if (loaded.istable()) {
                loaded.rawset(name, LuaValue.NIL);
            }
        }
    }

    private static LuaValue loadedTable(Globals g) {
        LuaValue pkg = g.rawget("package");
        return pkg.istable() ? pkg.rawget("loaded") : LuaValue.NIL;
    }

    private static void restrictPackage(Globals g) {
        LuaValue pkg = g.rawget("package");
        if (!pkg.istable()) {
            return;
        }
        LuaValue searchers = pkg.rawget("searchers");
        if (searchers.istable()) {
            LuaTable t = (LuaTable) searchers;
            int n = t.rawlen();
            int kept = 0;
            for (int i = 1; i <= n; i++) {
                LuaValue s = t.rawget(i);
                if (!(s instanceof PackageLib.java_searcher)) {
                    t.rawset(++kept, s);
                }
            }
            for (int i = kept + 1; i <= n; i++) {
                t.rawset(i, LuaValue.NIL);
            }
        }
        pkg.rawset("loadlib", new NoLoadlib());
    }

    /** Replaces {@code g[name]} (if it is a function) by a text-only, Lua-named wrapper. */
    private static void wrapLoader(Globals g, String name, int modeIndex, boolean isLoad, TextOnlyGate gate) {
        LuaValue original = g.rawget(name);
        if (!original.isfunction() || original instanceof TextOnlyLoader) {
            return;
        }
        g.rawset(name, new TextOnlyLoader(name, original, modeIndex, isLoad, gate));
    }

    /**
     * A {@code load} reader function that is not called again once it has signalled the end
     * (nil or an empty string), as in Lua 5.2: LuaJ asks again after the end, so a reader that
     * loads recursively ran an exponential number of times.
     */
    private static final class ReaderUntilEnd extends org.luaj.vm2.lib.ZeroArgFunction {
        private final LuaValue reader;
        private boolean ended;

        ReaderUntilEnd(LuaValue reader) {
            this.reader = reader;
        }

        @Override
        public LuaValue call() {
            if (ended) {
                return NIL;
            }
            LuaValue v = reader.call();
            if (v.isnil() || (v.isstring() && v.rawlen() == 0)) {
                ended = true;
            }
            return v;
        }
    }

    /** {@code package.loadlib}: nothing can be loaded. */
    private static final class NoLoadlib extends VarArgFunction {
        NoLoadlib() {
            name = "loadlib";
        }

        @Override
        public String tojstring() {
            return "function: " + name;
        }

        @Override
        public Varargs invoke(Varargs args) {
            return varargsOf(NIL, valueOf(LOADLIB_MESSAGE), valueOf("absent"));
        }
    }

    /** A load refused by the sandbox; prints as its message (LuaJ formats some with toString). */
    static final class LoadRefused extends LuaError {
        private static final long serialVersionUID = 1L;

        LoadRefused(String message) {
            super(message);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /**
     * Installed as {@code globals.undumper}. LuaJ's {@code Globals.loadPrototype} calls it (with
     * a marked stream) whenever the mode contains {@code b}, and compiles the text itself when
     * it returns null (after resetting the stream). The mode requested by the Lua caller is
     * passed in {@link #requestedMode} by {@link TextOnlyLoader}, which always asks LuaJ for
     * {@code "bt"} so that this gate sees every chunk.
     */
    static final class TextOnlyGate implements Globals.Undumper {
        /** The caller's mode for the load in progress; null means {@code "bt"}. */
        String requestedMode;
        /** Binary chunks are let through to {@link BinaryChunks} (the opt-in {@code "binary"} library). */
        boolean binary;

        @Override
        public Prototype undump(InputStream stream, String chunkname) throws IOException {
            int first = stream.read();
            String mode = requestedMode;
            if (first == ESC) {
                if (!binary) {
                    throw new LoadRefused(BINARY_REFUSED);
                }
                if (mode != null && mode.indexOf('b') < 0) {
                    throw new LoadRefused("attempt to load a binary chunk (mode is '" + mode + "')");
                }
                return BinaryChunks.undump(stream, chunkname);
            }
            if (mode != null && mode.indexOf('t') < 0) {
                throw new LoadRefused("attempt to load a text chunk (mode is '" + mode + "')");
            }
            return null;
        }
    }

    /** {@code load} / {@code loadfile} with the caller's mode routed through the gate. */
    private static final class TextOnlyLoader extends VarArgFunction {
        private static final LuaValue BT = valueOf("bt");

        private final LuaValue original;
        private final int modeIndex;
        private final boolean isLoad;
        private final TextOnlyGate gate;

        TextOnlyLoader(String name, LuaValue original, int modeIndex, boolean isLoad, TextOnlyGate gate) {
            this.name = name;
            this.original = original;
            this.modeIndex = modeIndex;
            this.isLoad = isLoad;
            this.gate = gate;
        }

        @Override
        public String tojstring() {
            return "function: " + name;
        }

        /** Lua 5.2's checks of {@code load}'s chunk name and chunk, after the mode's. */
        private void checkLoadArguments(Varargs args) {
            LuaValue chunkName = args.arg(2);
            if (!chunkName.isnil() && !chunkName.isstring()) {
                throw Args.typeError(2, name, "string", chunkName);
            }
            LuaValue chunk = args.arg(1);
            if (!chunk.isstring() && !chunk.isfunction()) {
                throw Args.typeError(1, name, "function", args.narg() == 0 ? NONE : chunk);
            }
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaValue modeArg = args.arg(modeIndex);
            if (!modeArg.isnil() && !modeArg.isstring()) {
                throw Args.typeError(modeIndex, name, "string", modeArg);
            }
            if (isLoad) {
                checkLoadArguments(args);
            }
            int n = Math.max(args.narg(), modeIndex);
            LuaValue[] a = new LuaValue[n];
            for (int i = 0; i < n; i++) {
                a[i] = args.arg(i + 1);
            }
            a[modeIndex - 1] = BT;
            if (isLoad) {
                LuaValue chunk = a[0];
                if (chunk.isfunction()) {
                    a[0] = new ReaderUntilEnd(chunk);
                }
                if (chunk.isstring() && a[1].isnil()) {
                    a[1] = chunk; // Lua 5.2 names a string chunk by its text (printed [string "..."])
                }
            }
            // An environment of its own is set after loading, as Lua 5.2 does: LuaJ's load(..., env)
            // gives the chunk's functions no Globals, so they would escape the execution hook (the
            // instruction limit) and the call limits (io.ward.lua.patch.CallDepth)
            LuaValue env = isLoad && n >= 4 ? a[3] : NIL;
            if (!env.isnil()) {
                a = java.util.Arrays.copyOf(a, 3);
            }
            String saved = gate.requestedMode;
            gate.requestedMode = modeArg.isnil() ? null : modeArg.tojstring();
            Varargs loaded;
            try {
                loaded = original.invoke(varargsOf(a));
            } finally {
                gate.requestedMode = saved;
            }
            LuaValue f = loaded.arg1();
            if (!env.isnil() && f instanceof LuaClosure && ((LuaClosure) f).upValues.length > 0) {
                ((LuaClosure) f).upValues[0].setValue(env);
            }
            return loaded;
        }
    }
}
