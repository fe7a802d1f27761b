package io.ward.bench;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.JsePlatform;
import org.luaj.vm2.luajc.LuaJC;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * <b>Question:</b> how fast does Ward run classic CPU-bound Lua once the JVM is warm,
 * interpreted and tiered (issue 18), against stock LuaJ's interpreter and LuaJ's own compiler
 * {@code luajc} on the same files? (Targets: tiered faster than {@code lua5.4} on every script,
 * geometric mean at least 2x {@code lua5.4}; with an instruction limit at most 15% slower.
 * The native Luas' warm figures come from {@code ward-bench/cpu.py warm}, which runs this class
 * beside them.)
 *
 * <p>One operation is one call of the script's {@code bench_main(size)}: each script in
 * {@code ward-bench/scripts/cpu/} (packed into the jar under {@code io/ward/bench/cpu/}) returns
 * its module table when loaded without a global {@code arg}, and {@code bench_main} checks its
 * own result, so a wrong answer fails the benchmark. {@code size} is {@code warm} (the script's
 * {@code sizes.warm}, about 0.1-0.3 s on {@code lua5.4}), {@code tiny}, {@code default} or a
 * number.
 *
 * <ul>
 *   <li>{@code wardInterpreted}, {@code wardTiered}: the call as a Ward task ({@code rt.eval}) on
 *       the event loop, in a JVM forked with {@code -Dward.lua.compile=off} or {@code =tiered}
 *       (a JVM flag, so two methods: {@code @Param} cannot change a fork's flags).
 *       {@code instructionLimit=1000000000000000} adds a limit that is never reached, so the
 *       figure carries the cost of counting, as in {@link LuaCpuBench} (an embedder's limit: the
 *       execution hook that only counts, no call stacks); {@code -1} (not run by default)
 *       installs the execution hook with call stacks and without a limit, as the CLI runs
 *       scripts (tracebacks).</li>
 *   <li>{@code stockLuaj}: the same function on {@code JsePlatform.standardGlobals()}, called on
 *       the JMH thread (LuaJ's interpreter; as everywhere in this jar, with Ward's patched copies
 *       of a few LuaJ classes, and {@code -Dward.lua.compile=off}: those would compile).</li>
 *   <li>{@code luajc}: the same, after {@code LuaJC.install(globals)}: LuaJ compiles each chunk to
 *       JVM classes with Apache BCEL. A script it cannot compile or run fails at setup or in the
 *       call, and JMH reports that run as failed.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar ward-bench/target/benchmarks.jar LuaScriptBench} (on JDK 17 add
 * {@code -p engine=thread}); one script: {@code -p script=fib}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Ten warm-up seconds: C2's compile of a large compiled Lua body (n_body's advance) takes
// seconds on this shared 2-core machine, and "warm" means after it (ward-bench/README.md).
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Bench.ADD_EXPORTS, Bench.JDK_INTERNAL_VM})
public class LuaScriptBench {
    @State(Scope.Benchmark)
    public static class Ward {
        @Param({"fib", "binary_trees", "n_body", "spectral_norm", "fannkuch", "string_build", "table_heavy"})
        public String script;

        @Param({"warm"})
        public String size;

        @Param({"continuation"})
        public String engine;

        /** 0: no execution hook; -1: the hook (tracebacks, as the CLI) without a limit; else a limit. */
        @Param({"0", "1000000000000000"})
        public long instructionLimit;

        LuaHost host;
        String call;

        @Setup(Level.Trial)
        public void setup() {
            CpuScript s = CpuScript.load(script);
            host = LuaHost.start(engine, "", s.chunkName(),
                    b -> instructionLimit < 0 ? b.executionHook(true) : b.instructionLimit(instructionLimit));
            try {
                LuaValue module = host.eval(s.source(), s.chunkName()).arg1();
                long n = s.size(module, size);
                Bench.await(host.rt.loop().submit(() -> host.rt.globals().set("BENCH", module)));
                call = "return BENCH.bench_main(" + n + ")";
            } catch (RuntimeException | Error e) {
                host.close();
                throw e;
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            host.close();
        }
    }

    /** A script's module on plain LuaJ globals, interpreted or (luajc) compiled. */
    @State(Scope.Benchmark)
    public abstract static class OnLuaj {
        @Param({"fib", "binary_trees", "n_body", "spectral_norm", "fannkuch", "string_build", "table_heavy"})
        public String script;

        @Param({"warm"})
        public String size;

        LuaValue main;
        LuaValue n;

        void load(boolean compile) {
            CpuScript s = CpuScript.load(script);
            Globals globals = JsePlatform.standardGlobals();
            globals.STDOUT = Bench.NULL_OUT;
            if (compile) {
                LuaJC.install(globals);
            }
            LuaValue module = globals.load(s.source(), s.chunkName()).call();
            main = module.get("bench_main");
            n = LuaValue.valueOf(s.size(module, size));
        }
    }

    @State(Scope.Benchmark)
    public static class Stock extends OnLuaj {
        @Setup(Level.Trial)
        public void setup() {
            load(false);
        }
    }

    @State(Scope.Benchmark)
    public static class Luajc extends OnLuaj {
        @Setup(Level.Trial)
        public void setup() {
            load(true);
        }
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {Bench.ADD_EXPORTS, Bench.JDK_INTERNAL_VM, "-Dward.lua.compile=off"})
    public Varargs wardInterpreted(Ward s) {
        return s.host.eval(s.call, "bench");
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {Bench.ADD_EXPORTS, Bench.JDK_INTERNAL_VM, "-Dward.lua.compile=tiered"})
    public Varargs wardTiered(Ward s) {
        return s.host.eval(s.call, "bench");
    }

    // LuaJ's interpreter without Ward's compiler: the patched LuaClosure in this jar would
    // otherwise compile hot functions (the default mode is tiered)
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {Bench.ADD_EXPORTS, Bench.JDK_INTERNAL_VM, "-Dward.lua.compile=off"})
    public LuaValue stockLuaj(Stock s) {
        return s.main.call(s.n);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {Bench.ADD_EXPORTS, Bench.JDK_INTERNAL_VM, "-Dward.lua.compile=off"})
    public LuaValue luajc(Luajc s) {
        return s.main.call(s.n);
    }
}
