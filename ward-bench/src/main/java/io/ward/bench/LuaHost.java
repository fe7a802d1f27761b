package io.ward.bench;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.ward.lua.WardRuntime;
import io.ward.lua.WardRuntimeBuilder;
import org.luaj.vm2.Varargs;

import java.util.function.UnaryOperator;

/**
 * A benchmark's Ward runtime on its own one-thread event loop, with the benchmark's Lua
 * script loaded: what every Lua benchmark state sets up per trial and closes after it.
 *
 * <p>Made and closed by JMH's set-up thread; {@link #eval} may be called from any thread.
 */
final class LuaHost implements AutoCloseable {
    private final MultiThreadIoEventLoopGroup group;
    final WardRuntime rt;

    private LuaHost(String engine, String script, String chunkName, UnaryOperator<WardRuntimeBuilder> options) {
        group = Bench.newGroup();
        try {
            rt = options.apply(WardRuntime.builder().engine(Bench.engine(engine)).eventLoop(Bench.loop(group))
                    .stdout(Bench.NULL_OUT)).build();
            Bench.eval(rt, script, chunkName);
        } catch (RuntimeException | Error e) {
            Bench.shutdown(group);
            throw e;
        }
    }

    /** A runtime with {@code engine} that has run {@code script} (named {@code chunkName}). */
    static LuaHost start(String engine, String script, String chunkName) {
        return new LuaHost(engine, script, chunkName, b -> b);
    }

    /** The same, with more runtime settings (for example an instruction limit). */
    static LuaHost start(String engine, String script, String chunkName, UnaryOperator<WardRuntimeBuilder> options) {
        return new LuaHost(engine, script, chunkName, options);
    }

    /** Runs {@code code} as a Ward task and waits for its results. */
    Varargs eval(String code, String chunkName) {
        return Bench.eval(rt, code, chunkName);
    }

    @Override
    public void close() {
        rt.close();
        Bench.shutdown(group);
    }
}
