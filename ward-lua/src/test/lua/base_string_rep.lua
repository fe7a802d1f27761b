-- string.rep as Lua 5.2 defines it (with sep), and a count too large for any string is a Lua
-- error, not a Java exception's text nor a silently empty string (LuaJ computed len * n in a
-- 32-bit int: 2^31 raised "-2147483648", -1 raised "-1", 2^62 returned "").
local TOO_LARGE = "resulting string too large"
local fails = require("check").raises_exactly

assert(string.rep("ab", 3) == "ababab")
assert(("x"):rep(2) == "xx", "method form")
assert(string.rep("a", 3, ",") == "a,a,a", "separator")
assert(string.rep("ab", 1, ",") == "ab", "one copy has no separator")
assert(string.rep("", 5, "-") == "----", "empty string with separator")
assert(string.rep("x", 2.7) == "xx", "count truncated like luaL_checkint")
assert(string.rep("x", "3") == "xxx", "numeric string count")
for _, n in ipairs({ 0, -0.0, -1, -2 ^ 31, -2 ^ 53, -1 / 0 }) do
  assert(string.rep("x", n) == "", "count " .. tostring(n) .. " gives the empty string")
  assert(string.rep("x", n, ",") == "", "count " .. tostring(n) .. " with a separator")
end
assert(string.rep("", 2 ^ 40) == "", "an empty string repeated any number of times")
for _, n in ipairs({ 2 ^ 31, 2 ^ 32 + 1, 2 ^ 53, 2 ^ 62, 2 ^ 63, 1e300, 1 / 0 }) do
  fails(TOO_LARGE, string.rep, "x", n)
end
fails(TOO_LARGE, string.rep, "ab", 2 ^ 30)         -- 2^31 bytes
fails(TOO_LARGE, string.rep, "x", 2 ^ 30, "x")     -- 2^31 - 1 bytes plus nothing to spare
fails(TOO_LARGE, string.rep, "", 2 ^ 31, ",")      -- only separators, still too many
-- called by pcall (from C, in Lua), the function is named where the global table holds it
local ok, err = pcall(string.rep, {}, 2)
assert(not ok and err:find("bad argument #1 to 'string.rep'", 1, true), tostring(err))
ok, err = pcall(string.rep, "x")
assert(not ok and err:find("bad argument #2 to 'string.rep'", 1, true), tostring(err))
ok, err = pcall(string.rep, "x", 2, {})
assert(not ok and err:find("bad argument #3 to 'string.rep'", 1, true), tostring(err))
print("base_string_rep ok")
