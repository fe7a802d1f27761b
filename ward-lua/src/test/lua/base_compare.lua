-- Strings order as in Lua 5.2 (l_strcmp: strcoll in the C locale), by UNSIGNED bytes with a
-- proper prefix first, embedded zeros included. Plain LuaJ 3.0.1 compared signed bytes; Ward's
-- LuaJ patch of LuaString.strcmp fixes <, <=, >, >= (docs/LUA.md, "LuaJ patches").
-- Standard Lua 5.2 only: `lua5.2 -e 'package.path="lib/?.lua"' base_compare.lua` passes too.
local C = require("check")
local check, eq = C.check, C.eq

-- pairs {a, b} with a < b
local ordered = {
  { "a", "\xe1" }, { "a", "\x80" }, { "\x7f", "\x80" }, { "z", "\xff" }, { "\0", "\xff" },
  { "", "\0" }, { "", "\xff" }, { "alo", "\xe1lo" }, { "\xe1lo", "\xe1m" }, { "\xe1", "\xe1\0" },
  { "alo", "alo1" }, { "alo\0alo", "alo\0b" }, { "alo\0alo\0", "alo\0alo\0\0" }, { "alo", "alo\0" },
  { "\0", "\1" }, { "\0\0", "\0\1" }, { "\0\0\0", "\0\0\0\0" }, { "\0\0a\0", "\0\0b" },
  { "\xfe\xff", "\xff" }, { "\x80\0", "\x80\x01" }, { "A", "a" }, { "10", "9" },
}
for _, p in ipairs(ordered) do
  local a, b = p[1], p[2]
  local what = string.format("%q vs %q", a, b)
  check(a < b, what .. ": <")
  check(a <= b, what .. ": <=")
  check(b > a, what .. ": >")
  check(b >= a, what .. ": >=")
  check(not (b < a), what .. ": not reversed <")
  check(not (b <= a), what .. ": not reversed <=")
  check(not (a > b), what .. ": not >")
  check(not (a >= b), what .. ": not >=")
  check(a <= a and a >= a and not (a < a) and not (a > a), what .. ": equal to itself")
end

-- strings built at run time (not constants), and sub-strings sharing a buffer
local s = string.rep("\xe1", 3) .. "a"
check(s:sub(4, 4) < s:sub(1, 1), "sub-strings: 'a' < '\\xe1'")
check(s:sub(2, 3) > s:sub(4), "sub-strings: '\\xe1\\xe1' > 'a'")
check(string.char(200) > string.char(100), "string.char(200) > string.char(100)")

-- every byte value, in order
for i = 0, 254 do
  check(string.char(i) < string.char(i + 1), "byte " .. i .. " < byte " .. (i + 1))
end

-- table.sort's default order and the operators agree
local words = { "\xe1lo", "\0first :-)", "alo", "then this one", "45", "and a new", "\xff", "\x7f" }
table.sort(words)
for i = 2, #words do
  check(words[i - 1] < words[i], "sorted " .. i)
end
eq(words[1], "\0first :-)", "first")
eq(words[#words - 1], "\xe1lo", "second last")
eq(words[#words], "\xff", "last")
local sorted = { "b", "\xe1", "a", "\x80" }
table.sort(sorted, function(x, y) return x > y end)
eq(table.concat(sorted, ","), "\xe1,\x80,b,a", "sorted with >")

-- numbers and strings still do not compare
local ok, err = pcall(function() return 1 < "2" end)
check(not ok and err:find("attempt to compare") ~= nil, "number < string raises")

print("base_compare ok: " .. C.count() .. " checks")
