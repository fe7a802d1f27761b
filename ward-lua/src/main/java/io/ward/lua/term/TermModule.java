package io.ward.lua.term;

import io.ward.lua.Args;
import io.ward.lua.Awaits;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Function;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Builds {@code ward.term}: {@code print}, {@code println}, {@code eprint}, {@code eprintln},
 * {@code clear}, {@code isatty}, {@code progress}, the {@code ansi} table, and the input
 * functions {@code prompt}, {@code confirm}, {@code password} and {@code choose}, which return an
 * {@link InputAwaitable} asking through the runtime's one {@link Interactive} queue. Writes go
 * to the streams of Lua's {@code print} as they are at each call. Confined to the runtime's
 * context.
 */
final class TermModule {
    private final WardRuntime rt;
    private final Interactive interactive = new Interactive();

    private TermModule(WardRuntime rt) {
        this.rt = rt;
    }

    static LuaTable create(WardRuntime rt) {
        return new TermModule(rt).table();
    }

    private LuaTable table() {
        LuaTable m = new LuaTable();
        m.set("print", LuaFunctions.named("print", a -> write(out(), a, false)));
        m.set("println", LuaFunctions.named("println", a -> write(out(), a, true)));
        m.set("eprint", LuaFunctions.named("eprint", a -> write(err(), a, false)));
        m.set("eprintln", LuaFunctions.named("eprintln", a -> write(err(), a, true)));
        m.set("clear", LuaFunctions.named("clear", a -> {
            PrintStream o = out();
            o.print(Ansi.csi("2J") + Ansi.csi("H"));
            o.flush();
            return LuaValue.TRUE;
        }));
        m.set("isatty", LuaFunctions.named("isatty", a -> {
            LuaValue w = a.arg1();
            String which = w.isstring() ? w.tojstring().toLowerCase(Locale.ROOT) : "stdout";
            return LuaValue.valueOf(Terminals.isTerminal(rt, which.equals("stdin") ? 0 : which.equals("stderr") ? 2 : 1));
        }));
        m.set("ansi", Ansi.table());
        LuaTable progressMeta = Progress.metatable();
        m.set("progress", LuaFunctions.named("progress", a -> Progress.create(rt, a, progressMeta)));
        LuaTable inputMeta = inputMetatable();
        input(m, "prompt", QuestionArgs::prompt, inputMeta);
        input(m, "confirm", QuestionArgs::confirm, inputMeta);
        input(m, "password", QuestionArgs::password, inputMeta);
        input(m, "choose", QuestionArgs::choose, inputMeta);
        return m;
    }

    private void input(LuaTable m, String name, Function<Varargs, Question> parse, LuaTable meta) {
        m.set(name, LuaFunctions.named(name, a -> new LuaUserdata(new InputAwaitable(rt, interactive, parse.apply(a)), meta)));
    }

    private LuaTable inputMetatable() {
        LuaTable methods = new LuaTable();
        methods.set("wait", LuaFunctions.named("wait", a -> Awaits.await(rt, input(a, "wait"))));
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, methods);
        meta.set(LuaValue.CALL, LuaFunctions.named("__call", a -> Awaits.await(rt, input(a, "__call"))));
        meta.set(LuaValue.TOSTRING, LuaFunctions.named("__tostring", a -> LuaValue.valueOf(input(a, "__tostring").toString())));
        meta.set("__name", "InputAwaitable");
        return meta;
    }

    private static InputAwaitable input(Varargs a, String fname) {
        return Args.checkUserdata(a, 1, fname, InputAwaitable.class, "InputAwaitable");
    }

    private PrintStream out() {
        return rt.globals().STDOUT;
    }

    private PrintStream err() {
        return rt.globals().STDERR;
    }

    /** The arguments through the global {@code tostring}, tab-separated, bytes as they are. */
    private LuaValue write(PrintStream to, Varargs a, boolean newline) {
        LuaValue tostring = rt.globals().get("tostring");
        for (int i = 1; i <= a.narg(); i++) {
            if (i > 1) {
                to.write('\t');
            }
            LuaValue s = tostring.call(a.arg(i));
            if (!s.isstring()) {
                throw new LuaError("'tostring' must return a string");
            }
            LuaString b = s.checkstring();
            to.write(b.m_bytes, b.m_offset, b.m_length);
        }
        if (newline) {
            to.write('\n');
        }
        to.flush();
        return LuaValue.TRUE;
    }
}
