-- Self-checking tests of Lua 5.2's closure cache: a function expression evaluated again over
-- the very same upvalues gives the same closure (==, same table key); a new variable (a loop's
-- fresh local, another call's local) gives a new one. Standard Lua 5.2 only (also passes on
-- lua5.2, whose cache this is).
local check = require("check")

-- no upvalues: made once
local t = {}
for i = 1, 3 do t[i] = function() return 1 end end
check.check(t[1] == t[2] and t[2] == t[3], "a function without upvalues is one value")

-- the same outer local and _ENV every time
local a = {}
for i = 1, 5 do a[i] = function(x) return x + #a + #_ENV end end
check.check(a[3] == a[4] and a[4] == a[5], "same upvalues, same closure")

-- the loop variable is a new variable each iteration
local b = {}
for i = 1, 5 do b[i] = function() return i end end
check.check(b[3] ~= b[4] and b[4] ~= b[5], "a fresh loop variable makes a new closure")
check.eq(b[2]() + b[5](), 7, "each closure keeps its own variable")

-- an upvalue of the enclosing function is shared by all calls
local function maker() return function(x) return math.sin(_ENV[x] or 0) end end
check.check(maker() == maker(), "closures over the enclosing function's upvalues")

-- a local of each call is a new variable
local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local c1, c2 = counter(), counter()
check.check(c1 ~= c2, "each call's local makes a new closure")
c1(); c1()
check.eq(c1(), 3, "c1 counts alone")
check.eq(c2(), 1, "c2 counts alone")

-- the same expression evaluated twice in a row
local x = 1
local function pick(which)
  if which then return function() return x end end
  return function() return x end
end
check.check(pick(true) == pick(true), "the same expression twice")

-- usable as table keys
local keys = {}
for _ = 1, 10 do keys[function() return keys end] = true end
local n = 0
for _ in pairs(keys) do n = n + 1 end
check.eq(n, 1, "ten evaluations, one key")

-- closures still work after being taken from the cache, and upvalue writes are shared
local shared = 0
local fs = {}
for i = 1, 2 do fs[i] = function(d) shared = shared + d; return shared end end
check.check(fs[1] == fs[2], "one closure")
fs[1](5)
check.eq(fs[2](1), 6, "writes through either name")

return check.count()
