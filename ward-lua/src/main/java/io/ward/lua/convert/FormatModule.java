package io.ward.lua.convert;

import io.ward.core.FutureAwaitables;
import io.ward.lua.Args;
import io.ward.lua.Awaits;
import io.ward.lua.LuaData;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The table of one format module ({@code ward.convert.json} and its siblings):
 * {@code encode}, {@code decode} and their {@code _async} forms. Lua values are read on the
 * runtime's context (other tasks may change them while a pool thread works); the
 * {@code _async} forms write, or parse into new Lua values, on the blocking pool and suspend
 * only the calling task. Confined to the runtime's context.
 */
final class FormatModule {
    private final WardRuntime rt;
    private final LuaData data;
    private final Format format;

    private FormatModule(WardRuntime rt, Format format) {
        this.rt = rt;
        this.data = LuaData.of(rt);
        this.format = format;
    }

    /** The module table of {@code format} for one runtime. */
    static LuaTable create(WardRuntime rt, Format format) {
        return new FormatModule(rt, format).table();
    }

    private LuaTable table() {
        LuaTable m = new LuaTable();
        m.set("encode", LuaFunctions.named("encode", a -> {
            Format.Writer w = format.writer(a, "encode");
            Object d = toJava(a, "encode");
            return LuaString.valueUsing(FormatModule.<byte[]>result(run(() -> w.write(d)), "encode"));
        }));
        m.set("encode_async", LuaFunctions.named("encode_async", a -> {
            Format.Writer w = format.writer(a, "encode_async");
            Object d = toJava(a, "encode_async");
            Awaits.checkInTask(rt);
            return LuaString.valueUsing(FormatModule.<byte[]>result(onPool(() -> w.write(d)), "encode_async"));
        }));
        m.set("decode", LuaFunctions.named("decode", a -> {
            LuaString text = text(a, "decode");
            return FormatModule.<LuaValue>result(run(() -> format.decode(text, data)), "decode");
        }));
        m.set("decode_async", LuaFunctions.named("decode_async", a -> {
            LuaString text = text(a, "decode_async");
            Awaits.checkInTask(rt);
            return FormatModule.<LuaValue>result(onPool(() -> format.decode(text, data)), "decode_async");
        }));
        return m;
    }

    private Object toJava(Varargs a, String fname) {
        try {
            return data.toJava(a.arg1(), format.keys());
        } catch (LuaData.DataException e) {
            throw LuaData.badArgument(1, fname, e);
        }
    }

    private static LuaString text(Varargs a, String fname) {
        LuaValue v = a.arg1();
        if (!v.isstring()) {
            throw Args.typeError(1, fname, "string", a.narg() == 0 ? LuaValue.NONE : v);
        }
        return v.strvalue();
    }

    /** The value, or the conversion failure as a value (so it crosses threads without wrapping). */
    private static Object run(Supplier<?> work) {
        try {
            return work.get();
        } catch (LuaData.DataException e) {
            return e;
        }
    }

    private Object onPool(Supplier<?> work) {
        CompletableFuture<Object> f = CompletableFuture.supplyAsync(() -> run(work), rt.blockingPool());
        return Awaits.awaitCore(rt, FutureAwaitables.of(rt.scheduler(), f));
    }

    @SuppressWarnings("unchecked")
    private static <T> T result(Object r, String fname) {
        if (r instanceof LuaData.DataException) {
            throw LuaData.badArgument(1, fname, (LuaData.DataException) r);
        }
        return (T) r;
    }
}
