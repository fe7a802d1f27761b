-- string.format as Lua 5.2.4 does it (Ward's WardStringLib over LuaFormat). Every expected value
-- was checked with lua5.2; this script also passes under lua5.2 itself:
--   cd ward-lua/src/test/lua && LUA_PATH='lib/?.lua;;' lua5.2 string_format.lua
local check = require("check")
local eq = check.eq

-- the error message of f(...) without its "chunk:line: " position
local function err(f, ...)
  local ok, e = pcall(f, ...)
  check.check(not ok, "an error was expected")
  return (tostring(e):gsub("^[^\n]-:%d+: ", "", 1))
end

-- what LuaJ's own string.format got wrong
eq(("%.2f"):format(1/3), "0.33", "%.2f")
eq(("%5.1f"):format(3.14159), "  3.1", "%5.1f")
eq(("%g"):format(1e20), "1e+20", "%g")
eq(("%5.2s"):format("abcdef"), "   ab", "%5.2s")
eq(("%d"):format(2^31), "2147483648", "%d of 2^31")
eq(string.format("%d", -2^63), "-9223372036854775808", "%d of -2^63")
eq(string.format("%x %X %o", 255, 255, 8), "ff FF 10", "hex and octal")
eq(string.format("%#x|%+d|% d|%-4d|%04d", 255, 5, 5, 5, 5), "0xff|+5| 5|5   |0005", "flags")
eq(string.format("%e", 12345.678), "1.234568e+04", "%e")
eq(string.format("%.3g|%g|%g", 0.0001234, 100000, 1000000), "0.000123|100000|1e+06", "%g")
eq(string.format("%a", 1), "0x1p+0", "%a")
eq(string.format("%c%c%c", 76, 117, 97), "Lua", "%c")
eq(string.format("%5s|%-5s|", "ab", "ab"), "   ab|ab   |", "%s width")
eq(string.format("%%"), "%", "%%")
eq(string.format("%s %s %s", 1, 1.5, 2^53), "1 1.5 9.007199254741e+15", "%s of numbers is %.14g")
eq(string.format("%s", nil), "nil", "%s of nil")
eq(string.format("%s|%s", true, false), "true|false", "%s of booleans")
eq(string.format("%d", "10"), "10", "numeric string for %d")
eq(string.format("%.1f", " 0x10 "), "16.0", "hex numeric string for %f")
eq(string.format("%5.1s|", "\0abc"), "     |", "%s stops at a zero byte")
eq(#string.format("%s", ("x"):rep(100) .. "\0y"), 102, "%s of a long string is whole")
eq(string.format("a\0b%d", 1), "a\0b1", "a zero byte in the format")

-- __tostring, as luaL_tolstring
local T = setmetatable({}, { __tostring = function() return "T!" end })
eq(string.format("%s|%4s", T, T), "T!|  T!", "__tostring")
eq(string.format("%s", setmetatable({}, { __tostring = function() return 42 end })), "42", "__tostring number")
local N = setmetatable({}, { __tostring = function() return {} end })
eq(string.format("[%.3s|%5.3s|%.7s|%-8s]", N, N, N, N), "[|     |(null)|(null)  ]",
  "__tostring returning a table: C's %s of NULL, as glibc prints it")
check.check(string.format("%s", {}):find("^table: ") ~= nil, "%s of a table")
check.check(string.format("%s", print):find("^function: ") ~= nil, "%s of a function")

-- %q
eq(string.format("%q", 'a "b"\n\0c\\'), '"a \\"b\\"\\\n\\0c\\\\"', "%q")
eq(string.format("%q", 1/3), '"0.33333333333333"', "%q of a number")

-- errors, each as lua5.2 words it
eq(err(function() return string.format("%d") end), "bad argument #2 to 'format' (no value)", "no value")
eq(err(function() return string.format("%d", "x") end),
  "bad argument #2 to 'format' (number expected, got string)", "not a number")
eq(err(function() return string.format("%d %d", 1) end), "bad argument #3 to 'format' (no value)", "no value #3")
eq(err(function() return string.format("%d", nil) end),
  "bad argument #2 to 'format' (number expected, got nil)", "nil for %d")
eq(err(function() return string.format("%q", {}) end),
  "bad argument #2 to 'format' (string expected, got table)", "%q of a table")
eq(err(function() return string.format("%d", 2^63) end),
  "bad argument #2 to 'format' (not a number in proper range)", "%d out of range")
eq(err(function() return string.format("%x", -1) end),
  "bad argument #2 to 'format' (not a non-negative number in proper range)", "%x of a negative")
eq(err(function() return string.format("%y", 1) end), "invalid option '%y' to 'format'", "invalid option")
eq(err(function() return string.format("%123d", 1) end), "invalid format (width or precision too long)", "width")
eq(err(function() return string.format("%------d", 1) end), "invalid format (repeated flags)", "flags")
eq(err(function() return string.format() end),
  "bad argument #1 to 'format' (string expected, got no value)", "no format")
eq(err(function() return string.format({}) end),
  "bad argument #1 to 'format' (string expected, got table)", "table format")
eq(string.format(12), "12", "a number as the format")

print("string_format: " .. check.count() .. " checks")
