-- Numbers print and parse as in Lua 5.2 on x86-64 Linux (the lua5.2 binary): each check
-- below fails on plain LuaJ 3.0.1 and passes through Ward's LuaJ patches (docs/LUA.md,
-- "LuaJ patches"). Standard Lua 5.2 only: `lua5.2 -e 'package.path="lib/?.lua"' base_numbers.lua`
-- passes too.
local C = require("check")
local eq, raises = C.eq, C.raises

-- number to text: tostring, print's text, .., string.format("%s"), table.concat (LuaDouble.tojstring)
local texts = {
  { 1 / 3, "0.33333333333333" }, { 1e100, "1e+100" }, { 123456789.123, "123456789.123" },
  { 2 ^ 53, "9.007199254741e+15" }, { 1e15, "1e+15" }, { 1e14, "1e+14" }, { 2 ^ 63, "9.2233720368548e+18" },
  { -2 ^ 63, "-9.2233720368548e+18" }, { 0.1, "0.1" }, { 1e-5, "1e-05" }, { 0.1 + 0.2, "0.3" },
  { 123e-310, "1.23e-308" }, { 2 ^ 31, "2147483648" }, { -2 ^ 31, "-2147483648" }, { 100, "100" },
  { 12345678901234, "12345678901234" }, { 123456789012345, "1.2345678901234e+14" },
  { 1 / 0, "inf" }, { -1 / 0, "-inf" }, { math.huge, "inf" },
}
for _, t in ipairs(texts) do
  local n, want = t[1], t[2]
  eq(tostring(n), want, "tostring")
  eq(n .. "", want, "..")
  eq("" .. n, want, ".. on the right")
  eq(string.format("%s", n), want, "format %s")
  eq(table.concat({ n, n }, ","), want .. "," .. want, "table.concat")
  eq(string.len(n), #want, "string.len of a number")
  eq(string.upper(n), string.upper(want), "a string function on a number")
end

-- negative zero (LuaDouble.valueOf, LuaInteger.neg and mul, FuncState.numberK)
local z, m = 0, -1
eq(tostring(-0.0), "-0", "the constant -0.0")
eq(tostring(0 * -1), "-0", "a folded 0 * -1")
eq(tostring(z * m), "-0", "0 * -1")
eq(tostring(-z), "-0", "-0")
eq(tostring(z / m), "-0", "0 / -1")
eq(tostring(math.floor(-0.0)), "-0", "math.floor(-0)")
eq(tostring(math.abs(-0.0)), "0", "math.abs(-0)")
eq(tostring(-0.0 + 0), "0", "-0 + 0")
eq(tostring(1 / (-z)), "-inf", "1 / -0")
eq(tostring(-1 / (-z)), "inf", "-1 / -0")
eq(-0.0 == 0, true, "-0 == 0")
local t = {}
t[-0.0] = "x"
eq(t[0], "x", "-0 and 0 are the same key")

-- NaN prints with glibc's sign: x86's NaN of an invalid operation has it set (LuaDouble ddiv, dmod, NAN)
eq(tostring(0 / 0), "-nan", "0/0")
eq(tostring(z / z), "-nan", "0/0 at run time")
eq(tostring(-(0 / 0)), "nan", "-(0/0)")
eq(tostring(math.huge - math.huge), "-nan", "inf - inf")
eq(tostring(0 * math.huge), "-nan", "0 * inf")
eq(tostring(math.sqrt(-1)), "-nan", "sqrt(-1)")
eq(tostring(math.fmod(1, 0)), "-nan", "fmod(1, 0)")
eq(tostring(1 % 0), "-nan", "1 % 0")
eq(tostring(z % z), "-nan", "0 % 0")
eq(tostring(5.5 % math.huge), "-nan", "x % inf (Lua 5.2's a - floor(a/b)*b)")
eq(tostring(-7 % 3), "2", "-7 % 3")
eq(tostring(7 % -3), "-2", "7 % -3")
eq(tostring(5.5 % 2), "1.5", "5.5 % 2")
eq(string.format("%s|%s", 0 / 0, -(0 / 0)), "-nan|nan", "format %s of NaNs")
eq((0 / 0) ~= (0 / 0), true, "NaN is not NaN")

-- numeric strings in arithmetic and for loops (LuaString.scannumber)
eq("10" + 1, 11, '"10" + 1')
eq("0x10" * 1, 16, '"0x10" * 1')
eq(" 1e1 " + 0, 10, '" 1e1 " + 0')
eq(" -0xa " + 1, -9, '" -0xa " + 1')
eq("0x1p4" + 0, 16, '"0x1p4" + 0')
eq("\t12\n" - 2, 10, "C's whitespace around a numeral")
eq("10" + 0, 10, '"10" + 0')
eq("-.5" * 2, -1, '"-.5" * 2')
eq(-"2", -2, 'unary minus of "2"')
eq("2" ^ "3", 8, '"2" ^ "3"')
eq("7" % "4", 3, '"7" % "4"')
eq(tostring("-0" * 1), "-0", '"-0" * 1')
eq(math.max("10", 2), 10, "math.max of a numeric string")
eq(math.floor(" 0x10 "), 16, "math.floor of a hex string")
local seen = {}
for i = "1", "0x3" do seen[#seen + 1] = i end
eq(table.concat(seen, ","), "1,2,3", "for loop over numeric strings")
for _, s in ipairs({ "1e", "abc", "", " ", "0x", "1 2", "inf", "nan", "1e+", "0x1p", "--1", "1..2" }) do
  raises("attempt to perform arithmetic", function() return s + 0 end)
end
raises("attempt to compare", function() return "10" < 1 end)
eq("10" < "9", true, "strings compare as strings")
eq(10 == "10", false, "a number is not a string")

-- tonumber(s) (LuaString.scannumber)
local nils = { "", " ", "0x", "1 2", "1e", "1e+", "inf", "nan", "-inf", "0x1p", "12\0", "1..2", ".", "-", "0x.", "1e1.5" }
for _, s in ipairs(nils) do
  eq(tonumber(s), nil, "tonumber(" .. string.format("%q", s) .. ")")
end
local numbers = {
  { "0x1p4", 16 }, { "0xA.8p1", 21 }, { "0x.8", 0.5 }, { " -0xa ", -10 }, { "1e500", 1 / 0 }, { "-1e500", -1 / 0 },
  { "\t12\n", 12 }, { "5.", 5 }, { ".5", 0.5 }, { "+3", 3 }, { "1E2", 100 }, { "0X10", 16 }, { "1e-400", 0 },
  { "0xffffffffffffffffff", 2 ^ 72 - 1 }, { "4.9406564584124654e-324", 4.9406564584124654e-324 },
}
for _, p in ipairs(numbers) do
  eq(tonumber(p[1]), p[2], "tonumber(" .. string.format("%q", p[1]) .. ")")
end
eq(tostring(tonumber("-0")), "-0", 'tonumber("-0")')
eq(tostring(tonumber("0xffffffffffffffffff")), "4.7223664828696e+21", "a long hex numeral")

-- tonumber(s, base) (LuaString.scannumber(int))
eq(tonumber(" 10 ", 16), 16, "spaces around a base-16 numeral")
eq(tonumber("z", 36), 35, "base 36")
eq(tonumber("-zz", 36), -1295, "a sign before a base-36 numeral")
eq(tonumber(" +10 ", 2), 2, "a plus sign")
eq(tonumber("-ff", 16), -255, "negative hex in base 16")
eq(tonumber("1e1", 10), nil, "no exponent in a base")
eq(tonumber("8", 8), nil, "a digit too large for its base")
eq(tonumber("7fffffffffffffff", 16), 2 ^ 63, "accumulated in doubles, as Lua does")
eq(tostring(tonumber(string.rep("1", 64), 2)), "1.844674407371e+19", "64 binary ones")
eq(tonumber("\t1\v", 10), 1, "C's whitespace in a base")
eq(tonumber(10, 16), 16, "a number converts to its text first")
raises("base out of range", tonumber, "10", 1)
raises("base out of range", tonumber, "10", 37)

-- numerals in source (LexState.str2d)
eq(load("return 0x1p4")(), 16, "hex exponent in source")
eq(load("return 0xA.8p1")(), 21, "hex fraction in source")
eq(load("return 0x.8")(), 0.5, "hex fraction without an integer part")
eq(tostring(load("return 0xffffffffffffffffff")()), "4.7223664828696e+21", "a long hex numeral in source")
eq(load("return 1e+2")(), 100, "signed exponent in source")
eq(tostring(load("return 123e-310")()), "1.23e-308", "a subnormal numeral")
for _, src in ipairs({ "1e", "3..4", "0x", "1e+", "0x1p", "08f" }) do
  local f, err = load("return " .. src)
  eq(f, nil, "malformed numeral " .. src)
  eq(err, '[string "return ' .. src .. '"]:1: malformed number near \'' .. src .. "'", "its error")
end

