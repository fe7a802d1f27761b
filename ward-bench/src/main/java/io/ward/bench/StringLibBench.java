package io.ward.bench;

import io.ward.lua.lib.WardStringLib;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * <b>Question:</b> is Ward's own {@code string} library ({@link WardStringLib}) at least as
 * fast as stock LuaJ's {@code StringLib} on everyday calls?
 *
 * <p>{@code lib=ward} and {@code lib=luaj} load one library or the other into otherwise equal
 * bare globals (base, package, table; no Ward runtime), and the same Lua functions run on the
 * JMH thread. The functions reach the library through a local ({@code local S = string}),
 * never through string methods, so the JVM-wide string metatable does not matter.
 * <ul>
 *   <li>{@code format}: 1,000 calls of {@code S.format("%d %s %5.2f", i, "abc", i / 7)};
 *   <li>{@code gsub}: {@code S.gsub(text, "%w+", "<%0>")} over a 4 KB text, and the same with
 *       a function replacement;
 *   <li>{@code find}: 200 pattern finds ({@code "(%d+)x"}) and 200 plain finds of a word
 *       near the end of the 4 KB text.
 * </ul>
 * Score: time per call of the Lua function (each does the whole batch).
 *
 * <p>Run: {@code java -jar ward-bench/target/benchmarks.jar StringLibBench -f 1 -wi 2 -i 3}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
public class StringLibBench {
    static final String LUA = String.join("\n",
            "local S = string",
            "local words = {}",
            "for i = 1, 700 do words[i] = (i % 7 == 0) and (i .. 'x') or 'word' end",
            "local text = table.concat(words, ' ') .. ' needle'",
            "function bench_format()",
            "  local n = 0",
            "  for i = 1, 1000 do n = n + #S.format('%d %s %5.2f', i, 'abc', i / 7) end",
            "  return n",
            "end",
            "function bench_gsub()",
            "  local a, n = S.gsub(text, '%w+', '<%0>')",
            "  local b, m = S.gsub(text, '%w+', function(w) return #w end)",
            "  return #a + n + #b + m",
            "end",
            "function bench_find()",
            "  local n = 0",
            "  for i = 1, 200 do",
            "    n = n + S.find(text, '(%d+)x', i * 10)",
            "    n = n + S.find(text, 'needle', 1, true)",
            "  end",
            "  return n",
            "end");

    @State(Scope.Benchmark)
    public static class Lua {
        @Param({"ward", "luaj"})
        public String lib;

        Globals globals;
        LuaValue format;
        LuaValue gsub;
        LuaValue find;

        @Setup(Level.Trial)
        public void setup() {
            globals = new Globals();
            globals.load(new JseBaseLib());
            globals.load(new PackageLib());
            globals.load(new TableLib());
            globals.load("ward".equals(lib) ? new WardStringLib() : new StringLib());
            LoadState.install(globals);
            LuaC.install(globals);
            globals.load(LUA, "string_bench").call();
            format = globals.get("bench_format");
            gsub = globals.get("bench_gsub");
            find = globals.get("bench_find");
        }
    }

    @Benchmark
    public LuaValue format(Lua s) {
        return s.format.call();
    }

    @Benchmark
    public LuaValue gsub(Lua s) {
        return s.gsub.call();
    }

    @Benchmark
    public LuaValue find(Lua s) {
        return s.find.call();
    }
}
