-- Self-checking tests for the Duration part of `ward.time` (spec: semantics.md section 3).
--
-- Uses only require("ward.time"), require("check") (lib/check.lua) and standard Lua 5.2, so it
-- runs unchanged on plain LuaJ (io.ward.lua.time.TimeValuesLuaTest) and under the Ward runtime.
-- Returns the number of checks.

local time = require("ward.time")

local check_lib = require("check")
local check, eq, fails = check_lib.check, check_lib.eq, check_lib.raises_plain

local D = time.duration
local function ms(x) return D(x):millis() end

local NOT_FINITE = "duration must be finite"
local NOT_WHOLE = "duration number must be whole seconds; use a string for sub-second values"
local EMPTY = "duration string cannot be empty"
local UNPARSABLE = "failed to parse duration string"
local OVERFLOW = "duration overflow"
local NOT_A_DURATION = "userdata is not a Duration (expected number, string, or Duration)"
local WRONG_TYPE = "duration must be number, string, or Duration userdata"

-- Numbers are whole seconds --------------------------------------------------------------
eq(ms(2), 2000, "2")
eq(ms(0), 0, "0")
eq(ms(2.0), 2000, "2.0")
eq(ms(-3), -3000, "-3")
eq(ms(86400), 86400000, "one day in seconds")
eq(ms(9223372036), 9223372036000, "largest whole second")
fails(NOT_FINITE, D, 0 / 0)
fails(NOT_FINITE, D, 1 / 0)
fails(NOT_FINITE, D, -1 / 0)
fails(NOT_WHOLE, D, 0.5)
fails(NOT_WHOLE, D, -1.25)
fails(OVERFLOW, D, 1e300)
fails(OVERFLOW, D, 9223372037)

-- Strings --------------------------------------------------------------------------------
eq(ms("500ms"), 500, "500ms")
eq(ms("2s"), 2000, "2s")
eq(ms("1m"), 60000, "1m")
eq(ms("2h"), 7200000, "2h")
eq(ms("1d"), 86400000, "1d")
eq(ms("1h30m"), 5400000, "1h30m")
eq(ms("1h 30m"), 5400000, "1h 30m")
eq(ms("1 h 30 m"), 5400000, "spaces between number and unit")
eq(ms("5 S"), 5000, "5 S")
eq(ms("1H"), 3600000, "upper-case unit")
eq(ms("3MS"), 3, "upper-case ms")
eq(ms("1.5s"), 1500, "1.5s")
eq(ms("1.5h"), 5400000, "1.5h")
eq(D("10us"):micros(), 10, "10us")
eq(D("10US"):micros(), 10, "10US")
eq(ms("  2s\t"), 2000, "trimmed")
eq(ms("+2s"), 2000, "+2s")
eq(ms("-2s"), -2000, "-2s")
eq(ms("-1h30m"), -5400000, "the sign applies to the whole sum")
eq(ms("0s"), 0, "0s")
eq(ms("-0s"), 0, "-0s")
eq(ms("1d2h3m4s5ms"), 93784005, "every unit")
eq(ms("2s2s"), 4000, "repeated units are summed")
eq(ms("007s"), 7000, "leading zeros")
eq(D("0.0015ms"):micros(), 1, "fractions truncate toward zero")
eq(ms("106751d"), 9223286400000, "close to the limit")
fails(EMPTY, D, "")
fails(EMPTY, D, "   ")
for _, bad in ipairs({ "+", "-", "1x", "s", "1", "ms", "1h-30m", "--1s", "+-1s", "1..5s", ".5s",
                       "1.s", "1s1", "1 s s", "1ns", "1hh", "1 2s", "- 1s", "1e3s", "0x10s",
                       "1,5s", "1s,", "abc", "1\194\181s" }) do
  fails(UNPARSABLE, D, bad)
end
do
  local err = fails("duration", D, "9999999999999h")
  check(string.find(err, OVERFLOW, 1, true) or string.find(err, UNPARSABLE, 1, true), "overflow message")
end
fails(OVERFLOW, D, "9999999999999h")
fails(OVERFLOW, D, "106752d")
fails(OVERFLOW, D, "-106752d")
fails(OVERFLOW, D, "100000d 100000d")
fails(OVERFLOW, D, "99999999999999999999999999999999999999us")

-- Other types ----------------------------------------------------------------------------
fails(WRONG_TYPE, D)
fails(WRONG_TYPE, D, nil)
fails(WRONG_TYPE, D, true)
fails(WRONG_TYPE, D, {})
fails(WRONG_TYPE, D, print)
fails(WRONG_TYPE, D, coroutine.create(function() end))
fails(NOT_A_DURATION, D, time.now())
fails(NOT_A_DURATION, D, time.instant_now())

-- Copies ---------------------------------------------------------------------------------
do
  local a = D("1.5s")
  local b = D(a)
  eq(type(b), "userdata", "copy type")
  check(a == b, "copy equals original")
  check(not rawequal(a, b), "a copy is a distinct userdata")
  local keys = {}
  keys[a], keys[b] = 1, 2
  eq(keys[a], 1, "equal Durations are distinct table keys")
  eq(b:millis(), 1500, "copy value")
end

-- Methods --------------------------------------------------------------------------------
do
  local d = D("1.5s")
  eq(type(d), "userdata", "type")
  eq(getmetatable(d), "Duration", "protected metatable")
  eq(d:seconds(), 1.5, "seconds")
  eq(d:millis(), 1500, "millis")
  eq(d:micros(), 1500000, "micros")
  eq(D("250ms"):seconds(), 0.25, "float seconds")
  eq(D(0):seconds(), 0, "zero seconds")
  eq(D("-1.5ms"):millis(), -1, "millis truncate toward zero")
  eq(D("-1500us"):micros(), -1500, "negative micros")
  eq(D("1999us"):millis(), 1, "millis truncate")
  eq(D("-2s"):abs():millis(), 2000, "abs of negative")
  eq(D("2s"):abs():millis(), 2000, "abs of positive")
  eq(D("2s"):neg():millis(), -2000, "neg")
  eq(D("-2s"):neg():millis(), 2000, "neg of negative")
  eq(D(0):neg():millis(), 0, "neg of zero")
  eq(d:millis(), 1500, "methods do not mutate")
  eq(D("106751d"):neg():abs():millis(), 9223286400000, "neg/abs near the limit")
  eq(d.nothing, nil, "unknown field")
  fails("bad argument #1 to 'seconds' (Duration expected, got no value)", d.seconds)
  fails("bad argument #1 to 'millis' (Duration expected, got number)", d.millis, 5)
  fails("bad argument #1 to 'micros' (Duration expected, got TimePoint)", d.micros, time.now())
  fails("bad argument #1 to 'abs' (Duration expected, got string)", d.abs, "1s")
  fails("bad argument #1 to 'neg' (Duration expected, got nil)", d.neg, nil)
end

-- tostring -------------------------------------------------------------------------------
eq(tostring(D("1.5s")), "Duration(1500ms)", "tostring 1.5s")
eq(tostring(D(0)), "Duration(0ms)", "tostring 0")
eq(tostring(D(2)), "Duration(2000ms)", "tostring 2")
eq(tostring(D("-250ms")), "Duration(-250ms)", "tostring negative")
eq(tostring(D("500us")), "Duration(0.5ms)", "tostring sub-millisecond")
eq(tostring(D("1001us")), "Duration(1.001ms)", "tostring with microseconds")
eq(tostring(D("0.000001ms")), "Duration(0.000001ms)", "tostring one nanosecond")
eq(tostring(D("1d")), "Duration(86400000ms)", "tostring no exponent")

-- Metamethods ----------------------------------------------------------------------------
do
  local one, two = D("1s"), D("2s")
  check(one == D(1), "==")
  check(one ~= two, "~=")
  check(not (one == 1), "a Duration never equals a number")
  check(one < two and not (two < one) and not (one < D(1)), "<")
  check(one <= two and one <= D(1) and not (two <= one), "<=")
  check(two > one and two >= one, "> and >=")
  check(D("-1s") < D(0), "negative < zero")
  eq((one + two):millis(), 3000, "+")
  eq((one - two):millis(), -1000, "-")
  eq((two - one):millis(), 1000, "- positive")
  eq((two * 3):millis(), 6000, "Duration * number")
  eq((3 * two):millis(), 6000, "number * Duration")
  eq((two * 0.25):millis(), 500, "fractional factor")
  eq((D("1s") * 0.3):millis(), 300, "factor taken by its decimal form")
  eq((two * -1):millis(), -2000, "negative factor")
  eq((two * 0):millis(), 0, "zero factor")
  eq((D("1us") * 0.5):micros(), 0, "sub-nanosecond products truncate")
  eq((-two):millis(), -2000, "unary minus")
  eq(tostring(one + D("500us")), "Duration(1000.5ms)", "sum keeps nanoseconds")
  eq(one:millis(), 1000, "operands unchanged")

  local big = D("106751d")
  fails(OVERFLOW, function() return big + big end)
  fails(OVERFLOW, function() return big:neg() - big end)
  fails(OVERFLOW, function() return big * 2 end)
  fails(OVERFLOW, function() return big * 1.5 end)
  fails(OVERFLOW, function() return one * 1e300 end)
  fails(NOT_FINITE, function() return one * (0 / 0) end)
  fails(NOT_FINITE, function() return one * (1 / 0) end)

  fails("bad argument #2 to '__add' (Duration expected, got number)", function() return one + 1 end)
  fails("bad argument #1 to '__add' (Duration expected, got number)", function() return 1 + one end)
  fails("bad argument #2 to '__sub' (Duration expected, got table)", function() return one - {} end)
  fails("bad argument #1 to '__sub' (Duration expected, got number)", function() return 1 - one end)
  fails("bad argument #2 to '__sub' (Duration expected, got TimePoint)", function() return one - time.now() end)
  fails("bad argument #2 to '__mul' (number expected, got Duration)", function() return one * two end)
  fails("bad argument #2 to '__mul' (number expected, got string)", function() return one * "2" end)
  check(not pcall(function() return one < 1 end), "comparing a Duration with a number fails")
  check(not pcall(function() return one <= time.now() end), "comparing a Duration with a TimePoint fails")
  check(not pcall(function() return one .. "" end), "no concatenation")
end

return check_lib.count()
