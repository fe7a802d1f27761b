-- byte, char, sub, rep, reverse, upper, lower, len as Lua 5.2.4 does them (Ward's WardStringLib).
-- Every expected value was checked with lua5.2; this script also passes under lua5.2 itself:
--   cd ward-lua/src/test/lua && LUA_PATH='lib/?.lua;;' lua5.2 string_basic.lua
local check = require("check")
local eq = check.eq

local function err(f, ...)
  local ok, e = pcall(f, ...)
  check.check(not ok, "an error was expected")
  return (tostring(e):gsub("^[^\n]-:%d+: ", "", 1))
end

local function all(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  return table.concat(t, ",", 1, t.n)
end

-- sub
eq(string.sub("abcdef", 2, 4), "bcd", "sub")
eq(string.sub("abcdef", -3), "def", "sub negative")
eq(string.sub("abcdef", 0), "abcdef", "sub 0")
eq(string.sub("abcdef", -100, 2), "ab", "sub very negative")
eq(string.sub("abcdef", 5, 100), "ef", "sub past the end")
eq(string.sub("abcdef", 4, 2), "", "sub empty")
eq(string.sub("abcdef", 2.7, 4.2), "bcd", "sub truncates floats")
eq(string.sub("abcdef", -2.7), "ef", "sub truncates negative floats toward zero")
eq(string.sub("abcdef", "2", "3"), "bc", "sub numeric strings")
eq(string.sub("abc", 2^63), "abc", "sub 2^63 (the x86 cast gives -2^63: from the start)")
eq(string.sub("abc", -2^63, 2^63), "", "sub -2^63 .. 2^63 (both -2^63)")
eq(string.sub("abc", 2^53), "", "sub 2^53")
eq(string.sub("abc", 0/0), "abc", "sub NaN")
eq(string.sub(12345, 2, 3), "23", "sub of a number")
eq(("abc"):sub(2), "bc", "method call")

-- byte
eq(all(string.byte("abc")), "97", "byte")
eq(all(string.byte("abc", 0)), "", "byte 0")
eq(all(string.byte("abc", -10, 10)), "97,98,99", "byte clamped")
eq(all(string.byte("abc", -1)), "99", "byte negative")
eq(all(string.byte("abc", 2^53)), "", "byte huge")
eq(all(string.byte("\0\255")), "0", "byte 0")
eq(all(string.byte("\0\255", 2)), "255", "byte 255")
eq(all(string.byte("")), "", "byte of empty")
eq(err(string.byte, string.rep("x", 2000000), 1, -1), "stack overflow (string slice too long)", "byte too many")

-- char
eq(string.char(), "", "char none")
eq(string.char(76, 117, 97), "Lua", "char")
eq(string.char(65.9, "66"), "AB", "char truncates, converts strings")
eq(string.char(0, 255), "\0\255", "char bounds")
eq(string.char(2^32 + 65), "A", "char: an int cast first")
eq(err(function() return string.char(256) end), "bad argument #1 to 'char' (value out of range)", "char 256")
eq(err(function() return string.char(65, -1) end), "bad argument #2 to 'char' (value out of range)", "char -1")
eq(err(function() return string.char("x") end), "bad argument #1 to 'char' (number expected, got string)",
  "char string")
eq(err(function() return string.char(nil) end), "bad argument #1 to 'char' (number expected, got nil)", "char nil")

-- rep
eq(string.rep("ab", 3), "ababab", "rep")
eq(string.rep("ab", 3, ","), "ab,ab,ab", "rep sep")
eq(string.rep("ab", 2, 5), "ab5ab", "rep number sep")
eq(string.rep("ab", 2.9), "abab", "rep truncates")
eq(string.rep("x", 0), "", "rep 0")
eq(string.rep("x", -1), "", "rep negative")
eq(string.rep("", 1e8), "", "rep of empty")
eq(err(function() return string.rep("x") end), "bad argument #2 to 'rep' (number expected, got no value)", "rep n")

-- reverse, upper, lower, len
eq(string.reverse("abc\0d"), "d\0cba", "reverse")
eq(string.reverse(""), "", "reverse empty")
eq(string.reverse(123), "321", "reverse number")
eq(string.upper("abc\200\233xyZ"), "ABC\200\233XYZ", "upper: ASCII only")
eq(string.lower("ABC\192\201xyZ"), "abc\192\201xyz", "lower: ASCII only")
eq(string.len("a\0b"), 3, "len counts bytes")
eq(string.len(1.5), 3, "len of a number")
eq(#"\226\130\172", 3, "# counts bytes")
eq(err(function() return string.len() end), "bad argument #1 to 'len' (string expected, got no value)", "len none")
eq(err(function() return string.upper({}) end), "bad argument #1 to 'upper' (string expected, got table)",
  "upper table")
eq(err(function() return string.sub("x") end), "bad argument #2 to 'sub' (number expected, got no value)", "sub i")

-- the library itself
if WARD_ENGINE then -- set by LuaScriptsTest: Ward's sandbox has no string.dump
  eq(string.dump, nil, "no string.dump")
end
eq(getmetatable("").__index, string, "strings index the string table")
eq(("%d"):format(3), "3", "methods")

print("string_basic: " .. check.count() .. " checks")
