package io.ward.lua.lang;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Compares this package with the reference {@code lua5.2} on a seeded random corpus:
 * {@code tostring} of numbers ({@code %.14g}), {@code string.format}, {@code tonumber(s)} and
 * {@code tonumber(s, base)} and the order of strings ({@code <}, {@code <=}, {@code >},
 * {@code >=}). One {@code lua5.2} process runs the whole corpus from a temp
 * file; each output line is compared with the Java result and the first differences are
 * reported with the seed, the case index and a command that replays the case.
 *
 * <p>Skipped only when {@code lua5.2} is not on the PATH; CI installs it, so there it always
 * runs. Replay a failing run with {@code -Dward.lua.seed=<seed>}.
 */
class LuaReferenceDifferentialTest {
    private static final int DOUBLES = 120_000;
    private static final int FORMATS = 8_000;
    private static final int NUMERALS = 6_000;
    private static final int BASE_NUMERALS = 4_000;
    private static final int STRING_PAIRS = 4_000;
    private static final int REPORTED = 10;

    private static final String DRIVER = """
            local function unhex(h) return (h:gsub("..", function(x) return string.char(tonumber(x, 16)) end)) end
            local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
            local function num(t)
              if t == "inf" then return 1/0 elseif t == "-inf" then return -1/0
              elseif t == "nan" then return -(0/0) elseif t == "-nan" then return 0/0 end
              return tonumber(t)
            end
            local function numout(v) if v == nil then return "nil" end return string.format("%a", v) end
            for line in io.lines(arg[1]) do
              local kind, rest = line:match("^(%a) ?(.*)$")
              if kind == "G" then print(tostring(num(rest)))
              elseif kind == "F" then
                local a, n, fmt = {}, 0, nil
                for tok in rest:gmatch("%S+") do
                  local v = tok:sub(1, 1) == "n" and num(tok:sub(2)) or unhex(tok:sub(2))
                  if fmt == nil then fmt = v else n = n + 1; a[n] = v end
                end
                local ok, r = pcall(string.format, fmt, table.unpack(a, 1, n))
                print((ok and "ok " or "err ") .. hex(r))
              elseif kind == "P" then print(numout(tonumber(unhex(rest))))
              elseif kind == "B" then
                local h, b = rest:match("^(%x*) (%d+)$")
                print(numout(tonumber(unhex(h), tonumber(b))))
              elseif kind == "C" then
                local x, y = rest:match("^(%x*) (%x*)$")
                local a, b = unhex(x), unhex(y)
                local function tf(v) return v and "T" or "F" end
                print(tf(a < b) .. tf(a <= b) .. tf(a > b) .. tf(a >= b))
              end
            end
            """;

    private static long seed;
    private static final List<Case> cases = new ArrayList<>();
    private static List<String> luaOutput;

    /** One corpus line, what Java says it prints, and a shell command that shows what Lua prints. */
    private record Case(String section, String data, String java, String replay) {
    }

    @BeforeAll
    static void runReferenceLua() throws Exception {
        assumeTrue(ReferenceLua.available(), "lua5.2 is not on the PATH");
        seed = CorpusSeed.get();
        System.out.println("LuaReferenceDifferentialTest seed: " + seed + " (replay with -Dward.lua.seed=" + seed + ")");
        LuaCorpus corpus = new LuaCorpus(new SplittableRandom(seed));
        for (int i = 0; i < DOUBLES; i++) {
            addNumber(corpus.nextDouble(i));
        }
        for (int i = 0; i < FORMATS; i++) {
            addFormat(corpus.nextFormatCall());
        }
        for (int i = 0; i < NUMERALS; i++) {
            addNumeral(corpus.nextNumeral());
        }
        for (int i = 0; i < BASE_NUMERALS; i++) {
            int base = corpus.nextBase();
            addBaseNumeral(corpus.nextBaseNumeral(base), base);
        }
        SplittableRandom pairs = new SplittableRandom(seed ^ 0x5eedL);
        for (int i = 0; i < STRING_PAIRS; i++) {
            byte[] a = comparedString(pairs);
            addStringPair(a, relatedString(pairs, a));
        }
        List<String> data = new ArrayList<>(cases.size());
        for (Case c : cases) {
            data.add(c.data);
        }
        luaOutput = ReferenceLua.run(DRIVER, data);
        assertEquals(cases.size(), luaOutput.size(), "lua5.2 printed one line per case; last lines: "
                + luaOutput.subList(Math.max(0, luaOutput.size() - 3), luaOutput.size()));
    }

    @Test
    void numbersPrintAsInLua() {
        assertNoDifferences("tostring");
    }

    @Test
    void stringFormatMatchesLua() {
        assertNoDifferences("format");
    }

    @Test
    void numeralsConvertAsInLua() {
        assertNoDifferences("tonumber");
    }

    @Test
    void numeralsInABaseConvertAsInLua() {
        assertNoDifferences("tonumber-base");
    }

    @Test
    void stringsOrderAsInLua() {
        assertNoDifferences("compare");
    }

    private static void assertNoDifferences(String section) {
        List<String> report = new ArrayList<>();
        int compared = 0;
        int differences = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            if (!c.section.equals(section)) {
                continue;
            }
            compared++;
            String lua = luaOutput.get(i);
            if (!lua.equals(c.java)) {
                differences++;
                if (report.size() < REPORTED) {
                    report.add("case " + i + " (seed " + seed + "): lua5.2 [" + readable(lua) + "] java [" + readable(c.java)
                            + "]\n    replay: " + c.replay);
                }
            }
        }
        assertEquals(0, differences, differences + " of " + compared + " " + section + " cases differ from lua5.2:\n"
                + String.join("\n", report));
    }

    private static void addNumber(double d) {
        String token = LuaCorpus.token(d);
        cases.add(new Case("tostring", "G " + token, LuaNumberFormat.toLuaString(d),
                "lua5.2 -e 'print(" + LuaCorpus.luaExpression(d) + ")'"));
    }

    private static void addFormat(List<Object> call) {
        StringBuilder data = new StringBuilder("F");
        StringBuilder replay = new StringBuilder("lua5.2 -e 'print(pcall(string.format");
        for (Object v : call) {
            data.append(' ').append(v instanceof Double d ? "n" + LuaCorpus.token(d) : "s" + hex((byte[]) v));
            replay.append(", ").append(v instanceof Double d ? LuaCorpus.luaExpression(d) : LuaCorpus.luaString((byte[]) v));
        }
        replay.append("))'");
        String java;
        try {
            java = "ok " + hex(LuaFormat.format((byte[]) call.get(0), new ListArguments(call)));
        } catch (LuaFormatException e) {
            java = "err " + hex(e.luaMessage("string.format").getBytes(StandardCharsets.ISO_8859_1));
        } catch (ListArguments.ArgumentError e) {
            java = "err " + hex(e.getMessage().getBytes(StandardCharsets.ISO_8859_1));
        }
        cases.add(new Case("format", data.toString(), java, replay.toString()));
    }

    private static void addNumeral(byte[] s) {
        double v = LuaNumberParser.parse(s);
        cases.add(new Case("tonumber", "P " + hex(s), numberText(v),
                "lua5.2 -e 'print(string.format(\"%a\", tonumber(" + LuaCorpus.luaString(s) + ")))'"));
    }

    private static void addBaseNumeral(byte[] s, int base) {
        double v = LuaNumberParser.parseInBase(s, base);
        cases.add(new Case("tonumber-base", "B " + hex(s) + " " + base, numberText(v),
                "lua5.2 -e 'print(tonumber(" + LuaCorpus.luaString(s) + ", " + base + "))'"));
    }

    private static void addStringPair(byte[] a, byte[] b) {
        int c = Integer.signum(LuaStrings.compare(a, 0, a.length, b, 0, b.length));
        String java = (c < 0 ? "T" : "F") + (c <= 0 ? "T" : "F") + (c > 0 ? "T" : "F") + (c >= 0 ? "T" : "F");
        cases.add(new Case("compare", "C " + hex(a) + " " + hex(b), java,
                "lua5.2 -e 'local a, b = " + LuaCorpus.luaString(a) + ", " + LuaCorpus.luaString(b)
                        + " print(a < b, a <= b, a > b, a >= b)'"));
    }

    /** Bytes around the signed/unsigned boundary and zeros, or any byte; 0 to 6 of them. */
    private static byte[] comparedString(SplittableRandom r) {
        byte[] picks = {0, 1, 'a', 'b', 0x7f, (byte) 0x80, (byte) 0xe1, (byte) 0xff};
        byte[] s = new byte[r.nextInt(7)];
        for (int k = 0; k < s.length; k++) {
            s[k] = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : picks[r.nextInt(picks.length)];
        }
        return s;
    }

    /** Another string, often sharing a prefix with {@code a}: a prefix, an extension, one byte changed. */
    private static byte[] relatedString(SplittableRandom r, byte[] a) {
        byte[] b;
        switch (r.nextInt(5)) {
            case 0 -> b = Arrays.copyOf(a, r.nextInt(a.length + 1));
            case 1 -> {
                byte[] tail = comparedString(r);
                b = Arrays.copyOf(a, a.length + tail.length);
                System.arraycopy(tail, 0, b, a.length, tail.length);
            }
            case 2 -> {
                b = a.clone();
                if (b.length > 0) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 3 -> b = a.clone();
            default -> b = comparedString(r);
        }
        return b;
    }

    /** What the driver prints for a conversion result: nil, or the exact value as {@code %a}. */
    private static String numberText(double v) {
        if (Double.isNaN(v)) {
            return "nil";
        }
        return new String(LuaFormat.format("%a".getBytes(StandardCharsets.ISO_8859_1),
                new ListArguments(List.of(new byte[0], v))), StandardCharsets.ISO_8859_1);
    }

    /** A format result line with its hex-encoded bytes shown as a Lua string literal. */
    private static String readable(String line) {
        int space = line.indexOf(' ');
        if (space < 0 || !(line.startsWith("ok ") || line.startsWith("err "))) {
            return line;
        }
        String h = line.substring(space + 1);
        byte[] b = new byte[h.length() / 2];
        for (int k = 0; k < b.length; k++) {
            b[k] = (byte) Integer.parseInt(h, 2 * k, 2 * k + 2, 16);
        }
        return line.substring(0, space) + " " + LuaCorpus.luaString(b);
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }
}
