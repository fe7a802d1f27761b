package io.ward.lua.lang;

import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.TestFutures;
import io.ward.lua.WardRuntime;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Ward's string library against the reference {@code lua5.2} on a seeded random corpus of
 * patterns ({@link PatternCorpus}) through {@code find}, {@code match}, {@code gmatch} and
 * {@code gsub} (string, table and function replacements), plus deep patterns near the
 * {@code pattern too complex} bound. One driver script runs the whole corpus in one
 * {@code lua5.2} process and in one Ward runtime; results are compared line by line, bytes
 * hex-encoded, errors by message without their {@code chunk:line:} position.
 *
 * <p>Skipped only when {@code lua5.2} is not on the PATH. Replay with {@code -Dward.lua.seed=<seed>}.
 */
class PatternDifferentialTest {
    private static final int CASES = Integer.getInteger("ward.lua.patternCases", 6_000);
    private static final int REPORTED = 12;
    private static final int FORMATS = 3_000;

    private static final String DRIVER = """
            local function unhex(h) return (h:gsub("..", function(x) return string.char(tonumber(x, 16)) end)) end
            local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
            local function val(e) if e == "" then return nil end return load("return " .. e)() end
            local function num(t)
              if t == "inf" then return 1/0 elseif t == "-inf" then return -1/0 end
              local m, e = t:match("^(-?%d+):(-?%d+)$")
              e = tonumber(e)
              local h = math.floor(e / 2)
              return tonumber(m) * 2^h * 2^(e - h)
            end
            local function show(...)
              local t = {}
              for i = 1, select('#', ...) do
                local v = select(i, ...)
                local ty = type(v)
                if ty == "string" then t[i] = "s" .. hex(v)
                elseif ty == "number" then t[i] = "n" .. string.format("%.17g", v)
                else t[i] = ty:sub(1, 1) .. (ty == "boolean" and tostring(v) or "") end
              end
              return table.concat(t, " ")
            end
            local function result(ok, ...)
              if ok then return "ok " .. show(...) end
              local e = ...
              if type(e) == "string" then e = e:gsub("^[^\\n]-:%d+: ", "", 1) end
              return "err " .. show(e)
            end
            local T = {a = "A", b = false, c = {}, x = 7, ["1"] = "one", [1] = "num1", ["("] = 1.5}
            local function F(...)
              local n = select('#', ...)
              local a = ...
              if type(a) == "string" and #a % 2 == 0 then return nil end
              if a == "c" then return {} end
              if a == "x" then return false end
              return tostring(a) .. "#" .. n
            end
            function RUN(lines, emit)
              for _, line in ipairs(lines) do
                local op, s, p, a, b = line:match("^(%a)|(%x*)|(%x*)|([^|]*)|([^|]*)$")
                s, p = unhex(s), unhex(p)
                local B = val(b)
                local out
                if op == "F" then out = result(pcall(function() return string.find(s, p, val(a), B) end))
                elseif op == "M" then out = result(pcall(function() return string.match(s, p, val(a)) end))
                elseif op == "G" then
                  out = result(pcall(function()
                    local acc, k = {}, 0
                    for x, y in string.gmatch(s, p) do
                      k = k + 1; acc[k] = show(x, y)
                      if k > 100 then break end
                    end
                    return table.concat(acc, ",")
                  end))
                elseif op == "S" then out = result(pcall(function() return string.gsub(s, p, unhex(a), B) end))
                elseif op == "T" then out = result(pcall(function() return string.gsub(s, p, T, B) end))
                elseif op == "P" then
                  local args, n = {}, 0
                  for tok in a:gmatch("[^,]+") do
                    n = n + 1
                    args[n] = tok:sub(1, 1) == "n" and num(tok:sub(2)) or unhex(tok:sub(2))
                  end
                  out = result(pcall(function() return string.format(s, table.unpack(args, 1, n)) end))
                elseif op == "X" then out = result(pcall(function() return string.gsub(s, p, val(a), B) end))
                elseif op == "U" then out = result(pcall(function() return string.gsub(s, p, F, B) end))
                else out = "bad line " .. line end
                emit(out)
              end
            end
            """;

    private static final String LUA_MAIN = "local lines = {}\nfor l in io.lines(arg[1]) do lines[#lines + 1] = l end\nRUN(lines, print)\n";
    private static final String WARD_MAIN = "local out = {}\nRUN(CORPUS, function(x) out[#out + 1] = x end)\nreturn out\n";

    private record Case(String line, String replay) {
    }

    @Test
    void patternFunctionsMatchLua() throws Exception {
        assumeTrue(ReferenceLua.available(), "lua5.2 is not on the PATH");
        long seed = CorpusSeed.get();
        System.out.println("PatternDifferentialTest seed: " + seed + " (replay with -Dward.lua.seed=" + seed + ")");
        List<Case> cases = corpus(new SplittableRandom(seed));
        List<String> lines = new ArrayList<>();
        for (Case c : cases) {
            lines.add(c.line);
        }
        List<String> lua = ReferenceLua.run(DRIVER + LUA_MAIN, lines);
        assertEquals(cases.size(), lua.size(), "lua5.2 printed one line per case; last: "
                + lua.subList(Math.max(0, lua.size() - 3), lua.size()));
        System.out.println("PatternDifferentialTest: lua5.2 results by kind " + summary(lua));
        for (FiberEngine engine : Engines.runnable()) {
            List<String> ward = runWard(engine, lines);
            List<String> report = new ArrayList<>();
            int differences = 0;
            for (int i = 0; i < cases.size(); i++) {
                if (!lua.get(i).equals(ward.get(i))) {
                    differences++;
                    if (report.size() < REPORTED) {
                        report.add("case " + i + ": " + cases.get(i).line + "\n    lua5.2 [" + lua.get(i) + "]\n    ward   ["
                                + ward.get(i) + "]\n    replay: " + cases.get(i).replay);
                    }
                }
            }
            assertEquals(0, differences, differences + " of " + cases.size() + " cases differ from lua5.2 on "
                    + engine.name() + " (seed " + seed + "):\n" + String.join("\n", report));
        }
    }

    /** How many results were errors (by message) and how many succeeded: shows the corpus reaches every path. */
    private static java.util.Map<String, Integer> summary(List<String> lines) {
        java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
        for (String line : lines) {
            String kind = line.startsWith("err s")
                    ? "err " + new String(unhex(line.substring(5).split(" ")[0]), StandardCharsets.ISO_8859_1)
                    : line.equals("ok n") || line.equals("ok ") || line.startsWith("ok n ") && line.length() < 5 ? "ok nil" : "ok";
            kind = kind.replaceAll("[^ -~]", "?");
            kinds.merge(kind.length() > 60 ? kind.substring(0, 60) : kind, 1, Integer::sum);
        }
        return kinds;
    }

    private static List<String> runWard(FiberEngine engine, List<String> lines) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).build()) {
            LuaTable corpus = new LuaTable();
            for (int i = 0; i < lines.size(); i++) {
                corpus.rawset(i + 1, LuaValue.valueOf(lines.get(i)));
            }
            rt.globals().set("CORPUS", corpus);
            Varargs r = TestFutures.result(rt.eval(DRIVER + WARD_MAIN, "=driver"));
            LuaTable out = (LuaTable) r.arg1();
            List<String> result = new ArrayList<>();
            for (int i = 1; i <= out.length(); i++) {
                result.add(new String(out.get(i).checkstring().m_bytes, out.get(i).checkstring().m_offset,
                        out.get(i).checkstring().m_length, StandardCharsets.ISO_8859_1));
            }
            return result;
        }
    }

    private static List<Case> corpus(SplittableRandom random) {
        PatternCorpus g = new PatternCorpus(random);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            byte[] s = g.subject();
            byte[] p = g.pattern();
            String op = String.valueOf("FFMGGSSTU".charAt(g.nextInt(9)));
            String a = "";
            String b = "";
            switch (op) {
                case "F" -> {
                    a = g.integerArgument();
                    b = g.nextInt(6) == 0 ? "true" : "nil";
                }
                case "M" -> a = g.integerArgument();
                case "S" -> {
                    a = hex(g.replacement());
                    b = g.nextInt(3) == 0 ? g.integerArgument() : "nil";
                }
                case "T", "U" -> b = g.nextInt(3) == 0 ? g.integerArgument() : "nil";
                default -> {
                }
            }
            cases.add(new Case(op + "|" + hex(s) + "|" + hex(p) + "|" + a + "|" + b, replay(op, s, p, a, b)));
        }
        LuaCorpus formats = new LuaCorpus(random);
        for (int i = 0; i < FORMATS; i++) { // string.format through the runtime: the LuaJ side's conversions
            List<Object> call = formats.nextFormatCall();
            StringBuilder args = new StringBuilder();
            for (Object v : call.subList(1, call.size())) {
                args.append(args.length() == 0 ? "" : ",").append(v instanceof Double d ? "n" + numberToken(d) : "s" + hex((byte[]) v));
            }
            cases.add(new Case("P|" + hex((byte[]) call.get(0)) + "||" + args + "|", "format case " + i));
        }
        for (int k = 195; k <= 205; k++) { // the matchdepth bound
            byte[] s = "a".repeat(300).getBytes(StandardCharsets.ISO_8859_1);
            cases.add(new Case("F|" + hex(s) + "|" + hex("a?".repeat(k).getBytes(StandardCharsets.ISO_8859_1)) + "||",
                    "lua5.2 -e 'print(string.find((\"a\"):rep(300), (\"a?\"):rep(" + k + ")))'"));
            cases.add(new Case("M|" + hex(s) + "|" + hex(("(" + "a?".repeat(k / 2) + ")").getBytes(StandardCharsets.ISO_8859_1))
                    + "||", "deep capture " + k));
            cases.add(new Case("S|" + hex(s) + "|" + hex("a-".repeat(k).getBytes(StandardCharsets.ISO_8859_1)) + "|"
                    + hex("<%0>".getBytes(StandardCharsets.ISO_8859_1)) + "|nil", "deep a- " + k));
        }
        for (int k = 31; k <= 34; k++) { // the capture limit
            byte[] s = "abc".getBytes(StandardCharsets.ISO_8859_1);
            cases.add(new Case("M|" + hex(s) + "|" + hex("()".repeat(k).getBytes(StandardCharsets.ISO_8859_1)) + "||", "captures " + k));
            cases.add(new Case("U|" + hex(s) + "|" + hex("(a?)".repeat(k).getBytes(StandardCharsets.ISO_8859_1)) + "||nil",
                    "captures " + k));
        }
        for (String repl : new String[] {"true", "nil", "12", "1.5", "2^63", "string.upper", "{}", "false"}) {
            cases.add(new Case("X|" + hex("hello".getBytes(StandardCharsets.ISO_8859_1)) + "|" + hex("l+".getBytes(StandardCharsets.ISO_8859_1))
                    + "|" + repl + "|nil", "gsub repl " + repl));
        }
        return cases;
    }

    /**
     * A double as the driver rebuilds it exactly ({@code m * 2^e}, or inf). NaN and -0 become
     * 1.5 and 0: how LuaJ keeps those numbers is not the string library's business.
     */
    private static String numberToken(double d) {
        if (Double.isNaN(d)) {
            d = 1.5;
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return "0:0";
        }
        int e = Math.max(Math.getExponent(d), Double.MIN_EXPONENT) - 52;
        long m = (long) Math.scalb(d, -e);
        while (m % 2 == 0) {
            m /= 2;
            e++;
        }
        return m + ":" + e;
    }

    private static String replay(String op, byte[] s, byte[] p, String a, String b) {
        String fn = switch (op) {
            case "F" -> "string.find";
            case "M" -> "string.match";
            case "G" -> "string.gmatch";
            default -> "string.gsub";
        };
        String args = LuaCorpus.luaString(s) + ", " + LuaCorpus.luaString(p);
        if (op.equals("S")) {
            args += ", " + LuaCorpus.luaString(unhex(a)) + ", " + b;
        } else if (op.equals("T")) {
            args += ", {a = \"A\", b = false, c = {}, x = 7}, " + b;
        } else if (op.equals("U")) {
            args += ", F, " + b;
        } else if (!a.isEmpty()) {
            args += ", " + a + (b.isEmpty() ? "" : ", " + b);
        }
        return "lua5.2 -e 'print(pcall(" + fn + ", " + args + "))'";
    }

    private static String hex(byte[] b) {
        return LuaReferenceDifferentialTest.hex(b);
    }

    private static byte[] unhex(String h) {
        byte[] b = new byte[h.length() / 2];
        for (int k = 0; k < b.length; k++) {
            b[k] = (byte) Integer.parseInt(h, 2 * k, 2 * k + 2, 16);
        }
        return b;
    }
}
