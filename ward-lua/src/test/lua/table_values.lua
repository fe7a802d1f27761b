-- Self-checking tests of values stored under non-integer keys (LuaTable.defaultEntry patch,
-- docs/LUA.md): a number stays the value it was, whatever is assigned after it, and reads give
-- the same number each time. Standard Lua 5.2 only (also passes on lua5.2).
local check = require("check")

-- a string assigned over a number stays a string (LuaJ made it the number 10)
local t = {x = 1.5}
t.x = '10'
check.eq(type(t.x), 'string', "a string over a number stays a string")
check.eq(t.x, '10', "the string as given")
t.x = 2.5
check.eq(t.x, 2.5, "then a number again")
t.x = {}
check.eq(type(t.x), 'table', "then a table")

-- numbers of every kind under string, float and boolean keys
local u = {}
u.i, u.f, u.z, u.big, u.inf = 7, 0.25, -0.0, 2^53, 1/0
u[0.5], u[true] = 3, -1.5
check.eq(u.i, 7, "an integer")
check.eq(u.f, 0.25, "a float")
check.eq(tostring(u.z), '-0', "negative zero stays -0")
check.eq(u.big, 2^53, "2^53")
check.eq(u.inf, 1/0, "inf")
check.eq(u[0.5], 3, "under a float key")
check.eq(u[true], -1.5, "under a boolean key")
local nan = 0/0
u.nan = nan
check.check(u.nan ~= u.nan, "NaN stays NaN")

-- updated in a loop (the n_body pattern), then iterated
local b = {x = 0, vx = 0.5}
for _ = 1, 1000 do b.x = b.x + b.vx end
check.eq(b.x, 500, "1000 steps of 0.5")
check.eq(type(b.x), "number", "a number")
local seen = 0
for k, v in pairs(u) do
  check.eq(rawget(u, k) == v or v ~= v, true, "pairs gives the stored value of " .. tostring(k))
  seen = seen + 1
end
check.eq(seen, 8, "eight entries")
u.i = nil
check.eq(u.i, nil, "removed")
return check.count()
