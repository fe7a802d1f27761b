-- Self-checking tests of weak tables whose mode changes after entries are stored (Lua 5.2:
-- weakness is the table's, not the entry's). setmetatable(t, {__mode = ...}) on a table that
-- already holds entries makes them weak; a weak table made strong keeps its entries.
-- Collections are asked for with collectgarbage() in bounded loops (no timing). Objects are
-- made inside helper functions so that no stale register of this chunk keeps them alive.
-- Standard Lua 5.2 only (also passes on lua5.2).
local check = require("check")

-- true when t[k] is gone after at most 50 collections
local function collected(t, k)
  for _ = 1, 50 do
    collectgarbage()
    if t[k] == nil then return true end
  end
  return false
end

local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

-- strong entries, then weak: the hash part, the array part, string keys
local function hashPart() return {[1] = {}} end
local x = hashPart()
setmetatable(x, {__mode = 'kv'})
check.check(collected(x, 1), "x[1] (hash part) collected after the table became weak")
check.eq(getmetatable(x).__mode, 'kv', "the metatable is the one set")

local function arrayPart() return {{}, {}, {}} end
local y = arrayPart()
setmetatable(y, {__mode = 'v'})
check.check(collected(y, 1) and collected(y, 2) and collected(y, 3), "array values collected")

local function fields() return {a = {}, b = function() end} end
local z = fields()
setmetatable(z, {__mode = 'v'})
check.check(collected(z, 'a') and collected(z, 'b'), "field values collected")

-- weak keys: only the key held elsewhere stays
local key = {}
local function keyed(k) return {[k] = 1, [{}] = 2, [{}] = 3} end
local w = keyed(key)
setmetatable(w, {__mode = 'k'})
local left
for _ = 1, 50 do
  collectgarbage()
  left = count(w)
  if left == 1 then break end
end
check.eq(left, 1, "only the key held elsewhere is left")
check.eq(w[key], 1, "its value is kept")

-- values that are referenced elsewhere, strings, numbers and booleans stay
local keep = {}
local s = {keep, 'str', n = 5, [true] = false}
setmetatable(s, {__mode = 'kv'})
for _ = 1, 3 do collectgarbage() end
check.check(s[1] == keep and s[2] == 'str' and s.n == 5 and s[true] == false, "live entries stay")

-- weak, then strong again: entries stored while weak are held strongly from then on
local function weakThenStrong(mt)
  local v = setmetatable({}, {__mode = 'kv'})
  local a, b, c = {}, {}, {} -- held until the table is strong
  v[1] = a
  v.x = b
  v[c] = 'k'
  setmetatable(v, mt)
  return v
end
for _, mt in ipairs({false, {}, {__mode = ''}}) do
  local v = weakThenStrong(mt or nil)
  for _ = 1, 5 do collectgarbage() end
  check.eq(type(v[1]), 'table', "v[1] kept once strong")
  check.eq(type(v.x), 'table', "v.x kept once strong")
  check.eq(count(v), 3, "all three entries kept once strong")
  for k, val in pairs(v) do
    check.check(type(k) ~= 'userdata' and type(val) ~= 'userdata', "no wrapper seen by pairs")
  end
end

-- a weak table stays usable after its mode changed: new entries, removal, length
local u = setmetatable({1, 2, 3}, {__mode = 'k'})
u[4] = 4
u[2] = nil
check.eq(u[1] + u[3] + u[4], 8, "entries of numbers stay")
setmetatable(u, {__mode = 'v'})
check.eq(u[1] + u[3] + u[4], 8, "and stay when the mode changes again")

return check.count()
