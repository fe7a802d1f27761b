-- Lua 5.2.4's math library as Ward provides it (WardMathLib): glibc's results, glibc's rand()
-- behind math.random, Lua 5.2's error texts. Standard Lua 5.2 only: LUA_PATH='lib/?.lua;;'
-- lua5.2 math_lib.lua passes too.
local check = require("check")
local eq, raises = check.eq, check.raises_plain
local inf = math.huge
local function isnan(x) return x ~= x end

local names = {}
for k in pairs(math) do names[#names + 1] = k end
table.sort(names)
eq(table.concat(names, " "), "abs acos asin atan atan2 ceil cos cosh deg exp floor fmod frexp huge ldexp log log10 "
  .. "max min modf pi pow rad random randomseed sin sinh sqrt tan tanh", "the 5.2 functions, no 5.3 ones")
eq(math.huge, 1 / 0, "huge")
eq(math.pi, 3.141592653589793, "pi")

-- random: glibc's generator, so the reference sequence
math.randomseed(42)
eq(math.random(1000), 330, "first after randomseed(42)")
eq(math.random(1000), 691, "second after randomseed(42)")
math.randomseed(-1)
eq(math.random(1000), 562, "seed -1 is 2^32-1")
for _ = 1, 200 do
  local r = math.random()
  check.check(r >= 0 and r < 1, "random() in [0, 1)")
  local k = math.random(3, 5)
  check.check(k == 3 or k == 4 or k == 5, "random(3, 5)")
end
local one = math.random(1.5)
check.check(one == 1 or one == 2, "random(1.5) is floor(r*1.5)+1")
raises("bad argument #1 to 'random' (interval is empty)", function() return math.random(0) end)
raises("bad argument #2 to 'random' (interval is empty)", function() return math.random(2, 1) end)
raises("bad argument #2 to 'random' (interval is empty)", function() return math.random(3.9, 3.1) end)
raises("wrong number of arguments", function() return math.random(1, 2, 3) end)
raises("bad argument #1 to 'random' (number expected, got string)", function() return math.random("x") end)
raises("bad argument #1 to 'randomseed' (number expected, got no value)", function() return math.randomseed() end)
eq(select("#", math.randomseed(5)), 0, "randomseed returns nothing")

-- fmod, modf, frexp, ldexp
eq(math.fmod(5.5, 2), 1.5, "fmod")
eq(math.fmod(-5.5, 2), -1.5, "fmod keeps the dividend's sign")
eq(math.fmod(5.5, -2), 1.5, "fmod of a negative divisor")
eq(math.fmod(1, inf), 1, "fmod by inf")
check.check(isnan(math.fmod(1, 0)), "fmod by zero is nan")
check.check(isnan(math.fmod(inf, 1)), "fmod of inf is nan")
raises("bad argument #2 to 'fmod' (number expected, got no value)", function() return math.fmod(1) end)
local i, f = math.modf(-3.5)
eq(i, -3, "modf integral part")
eq(f, -0.5, "modf fraction")
i, f = math.modf(inf)
eq(i, inf, "modf(inf)")
eq(f, 0, "modf(inf) fraction")
i, f = math.modf(0 / 0)
check.check(isnan(i) and isnan(f), "modf(nan)")
local m, e = math.frexp(8)
eq(m, 0.5, "frexp mantissa")
eq(e, 4, "frexp exponent")
m, e = math.frexp(5e-324)
eq(m, 0.5, "frexp of the least subnormal")
eq(e, -1073, "its exponent")
m, e = math.frexp(inf)
eq(m, inf, "frexp(inf)")
eq(e, 0, "frexp(inf) exponent")
eq(math.ldexp(1, 1024), inf, "ldexp overflows")
eq(math.ldexp(1, -1075), 0, "ldexp underflows")
eq(math.ldexp(3, 2.7), 12, "ldexp truncates its exponent")
eq(math.ldexp(1, 2 ^ 40), 1, "2^40 as a C int is 0")
raises("bad argument #2 to 'ldexp' (number expected, got no value)", function() return math.ldexp(1) end)

-- log: base 10 is log10, any other base a quotient
eq(math.log(8, 2), 3, "log base 2")
eq(math.log(100, 10), 2, "log base 10")
eq(math.log(27, 3), 3, "log base 3")
eq(math.log(0), -inf, "log(0)")
eq(math.log(8, 1), inf, "log base 1")
check.check(isnan(math.log(-1)), "log(-1)")
eq(math.log10(1000), 3, "log10")
raises("bad argument #1 to 'log' (number expected, got no value)", function() return math.log() end)

-- floor, ceil, pow, abs, max, min
eq(math.floor(2 ^ 60), 2 ^ 60, "floor of a huge value")
eq(math.ceil(-2 ^ 60), -2 ^ 60, "ceil of a huge negative value")
eq(math.floor(-0.5), -1, "floor(-0.5)")
eq(math.floor(inf), inf, "floor(inf)")
eq(math.floor("1.5"), 1, "a numeric string")
eq(math.pow(2, 0.5), math.sqrt(2), "pow")
eq(math.pow(1, 0 / 0), 1, "1 to any power, even nan")
eq(math.pow(-1, inf), 1, "-1 to an infinite power")
check.check(isnan(math.pow(-8, 1 / 3)), "pow of a negative base to a fraction")
eq(math.abs(-3), 3, "abs")
eq(math.abs(-inf), inf, "abs(-inf)")
eq(math.max(1, 0 / 0), 1, "max compares with >")
check.check(isnan(math.max(0 / 0, 1)), "max starts from the first")
eq(math.max("10", 2), 10, "max converts strings")
eq(math.min(3, 1, 2), 1, "min")
raises("bad argument #1 to 'max' (number expected, got no value)", function() return math.max() end)
raises("bad argument #1 to 'min' (number expected, got no value)", function() return math.min() end)
raises("bad argument #2 to 'max' (number expected, got string)", function() return math.max(1, "x") end)
raises("bad argument #1 to 'floor' (number expected, got no value)", function() return math.floor() end)
raises("bad argument #2 to 'atan2' (number expected, got no value)", function() return math.atan2() end)
raises("bad argument #1 to 'pow' (number expected, got no value)", function() return math.pow() end)

-- the rest
eq(math.deg(math.pi), 180, "deg")
eq(math.rad(180), math.pi, "rad")
eq(math.atan2(1, 0), math.pi / 2, "atan2")
eq(math.exp(710), inf, "exp overflows")
eq(math.sinh(1000), inf, "sinh")
eq(math.tanh(inf), 1, "tanh")
check.check(isnan(math.sqrt(-1)), "sqrt(-1)")
check.check(isnan(math.acos(2)), "acos(2)")
check.check(isnan(math.sin(inf)), "sin(inf)")

print("math_lib.lua: " .. check.count() .. " checks passed")
