package io.ward.lua.lang;

import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.WardRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Ward itself against the reference {@code lua5.2}: one driver script runs a seeded corpus of
 * number-to-text ({@code tostring}, {@code ..}, {@code string.format("%s")}) and text-to-number
 * cases ({@code tonumber(s)}, string arithmetic, {@code tonumber(s, base)}) in a
 * {@link WardRuntime} on each fiber engine and in {@code lua5.2}, and every output line must
 * match. Where {@link LuaReferenceDifferentialTest} checks Ward's number classes on their own,
 * this checks that LuaJ reaches them: it fails without the LuaJ patches (docs/LUA.md).
 *
 * <p>Skipped only when {@code lua5.2} is not on the PATH. Replay with {@code -Dward.lua.seed=<seed>}.
 */
@Timeout(300)
class WardReferenceDifferentialTest {
    private static final int DOUBLES = 12_000;
    private static final int NUMERALS = 4_000;
    private static final int BASE_NUMERALS = 2_000;
    private static final int REPORTED = 10;
    /** Cases every run has: the ones LuaJ got wrong before the patches. */
    private static final List<String> FIXED = List.of(
            "G 0x1.5555555555555p-2", "G 0x1.249ad2594c37dp332", "G -0x0.0p0", "G 0x1.0p53", "G 0x1.c6bf52634p49",
            "G inf", "G -inf", "G nan", "G -nan", "G 0x1.0p63", "G 0x0.0000000000001p-1022",
            "P " + hex(" -0xa "), "P " + hex("0x1p4"), "P " + hex("1e"), "P " + hex("10"), "P " + hex(" 1e1 "),
            "P " + hex("\t12\n"), "P " + hex("-0"), "P " + hex("0x.8"), "P " + hex("1e500"), "P " + hex("0xA.8p1"),
            "B " + hex("\t10\n") + " 16", "B " + hex("-zz") + " 36", "B " + hex("7fffffffffffffff") + " 16");

    /** Reads each case line and prints one line; lua5.2 reads the lines from arg[1], Ward from CASES. */
    private static final String DRIVER = """
            local function unhex(h) return (h:gsub("..", function(x) return string.char(tonumber(x, 16)) end)) end
            local function num(t)
              if t == "inf" then return 1/0 elseif t == "-inf" then return -1/0
              elseif t == "nan" then return -(0/0) elseif t == "-nan" then return 0/0 end
              return tonumber(t)
            end
            -- the exact value without %a (LuaJ's string.format lacks it): sign, exponent, 53-bit significand
            local function exact(v)
              if v == nil then return "nil" end
              if v ~= v or v == 1/0 or v == -1/0 or v == 0 then return tostring(v) end
              local a, e = math.abs(v), 0
              while a >= 2^117 do a = a / 2^64; e = e + 64 end
              while a < 2^-12 do a = a * 2^64; e = e - 64 end
              while a >= 2^53 do a = a / 2; e = e + 1 end
              while a < 2^52 do a = a * 2; e = e - 1 end
              return tostring(v) .. " " .. e .. " " .. math.floor(a / 2^26) .. " " .. a % 2^26
            end
            local function lines()
              if CASES then
                local i = 0
                return function() i = i + 1; return CASES[i] end
              end
              return io.lines(arg[1])
            end
            for line in lines() do
              local kind, rest = line:match("^(%a) (.*)$")
              if kind == "G" then
                local v = num(rest)
                print(tostring(v) .. " " .. v .. " " .. string.format("%s", v) .. " " .. table.concat({v, v}, ","))
              elseif kind == "P" then
                local s = unhex(rest)
                local ok, r = pcall(function() return s * 1 end)
                print(exact(tonumber(s)) .. " | " .. (ok and exact(r) or "error"))
              elseif kind == "B" then
                local h, b = rest:match("^(%x*) (%d+)$")
                print(exact(tonumber(unhex(h), tonumber(b))))
              end
            end
            """;

    private static long seed;
    private static final List<String> cases = new ArrayList<>();
    private static List<String> luaOutput;

    @BeforeAll
    static void runReferenceLua() throws Exception {
        assumeTrue(ReferenceLua.available(), "lua5.2 is not on the PATH");
        seed = CorpusSeed.get();
        System.out.println("WardReferenceDifferentialTest seed: " + seed + " (replay with -Dward.lua.seed=" + seed + ")");
        LuaCorpus corpus = new LuaCorpus(new SplittableRandom(seed));
        cases.addAll(FIXED);
        for (int i = 0; i < DOUBLES; i++) {
            cases.add("G " + LuaCorpus.token(corpus.nextDouble(i)));
        }
        for (int i = 0; i < NUMERALS; i++) {
            cases.add("P " + LuaReferenceDifferentialTest.hex(corpus.nextNumeral()));
        }
        for (int i = 0; i < BASE_NUMERALS; i++) {
            int base = corpus.nextBase();
            cases.add("B " + LuaReferenceDifferentialTest.hex(corpus.nextBaseNumeral(base)) + " " + base);
        }
        luaOutput = ReferenceLua.run(DRIVER, cases);
        assertEquals(cases.size(), luaOutput.size(), "lua5.2 printed one line per case");
    }

    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void numbersPrintAndParseAsInLua(FiberEngine engine) throws Exception {
        List<String> ward = runWard(engine);
        List<String> report = new ArrayList<>();
        int differences = 0;
        for (int i = 0; i < cases.size(); i++) {
            String got = i < ward.size() ? ward.get(i) : "<no line>";
            if (!luaOutput.get(i).equals(got)) {
                differences++;
                if (report.size() < REPORTED) {
                    report.add("case " + i + " [" + cases.get(i) + "]: lua5.2 [" + luaOutput.get(i) + "] ward [" + got + "]");
                }
            }
        }
        assertEquals(0, differences, differences + " of " + cases.size() + " cases differ from lua5.2 on "
                + engine.name() + " (seed " + seed + "):\n" + String.join("\n", report));
        assertEquals(cases.size(), ward.size(), "Ward printed one line per case");
    }

    private static List<String> runWard(FiberEngine engine) throws Exception {
        return WardDriver.run(engine, DRIVER, cases);
    }

    private static String hex(String s) {
        return WardDriver.hex(s);
    }
}
