-- Self-checking tests of Lua 5.2's C-call limit (LUAI_MAXCCALLS, 200): recursion that goes
-- through Java (metamethods, pcall, tostring, string.gsub, table.sort, load readers, nested
-- coroutine resumes) ends at once with "C stack overflow", with a position only when a
-- Lua operation (not a call) made the entry, and the same number of levels as lua5.2 allows.
-- Ward counts these entries in LuaClosure.execute (io.ward.lua.patch.CallDepth), with or
-- without the execution hook. Standard Lua 5.2 only (also passes on lua5.2).
local check = require("check")

local function fails(what, expected, ok, err)
  check.eq(ok, false, what .. " fails")
  check.eq(err, expected, what .. ": the message")
end

-- __index: the entry comes from an operation, so the message has its position.
local n = 0
local t = setmetatable({}, { __index = function(t, k) n = n + 1 return t[k] end })
fails("__index recursion", "base_c_stack.lua:16: C stack overflow", pcall(function() return t.x end))
check.eq(n, 196, "__index levels")

-- __add
local a = setmetatable({}, { __add = function(x, y) return x + y end })
fails("__add recursion", "base_c_stack.lua:21: C stack overflow", pcall(function() return a + 1 end))

-- pcall in pcall: every level catches the one below; the innermost gets the message.
n = 0
local function p() n = n + 1 return pcall(p) end
local r = { p() }
check.eq(#r, 199, "pcall levels (results)")
check.eq(n, 198, "pcall levels")
check.eq(r[#r], "C stack overflow", "innermost pcall: C stack overflow, no position")

-- Entered from Java functions: no position.
n = 0
local function g(s) n = n + 1 return (string.gsub(s, ".", g)) end
fails("gsub callback recursion", "C stack overflow", pcall(g, "x"))
check.eq(n, 197, "gsub levels")
n = 0
local function ts() n = n + 1 return tostring(setmetatable({}, { __tostring = ts })) end
fails("__tostring recursion", "C stack overflow", pcall(ts))
check.eq(n, 197, "__tostring levels")
local function srt() table.sort({ 3, 2, 1 }, function(x, y) srt() return x < y end) end
fails("table.sort comparator recursion", "C stack overflow", pcall(srt))

-- A load reader that loads: the innermost load fails, the outer ones get an empty chunk.
n = 0
local function ld() n = n + 1 return load(function() ld() end) end
local ok, f = pcall(ld)
check.eq(ok, true, "load reader recursion")
check.eq(type(f), "function", "load returns a function")
check.eq(n, 197, "load levels")

-- Nested coroutine resumes: the innermost resume fails, the coroutine is not started.
n = 0
local last
local function cc()
  n = n + 1
  last = coroutine.create(cc)
  return coroutine.resume(last)
end
r = { cc() }
check.eq(#r, 199, "resume levels (results)")
check.eq(n, 198, "resume levels")
check.eq(r[#r], "C stack overflow", "innermost resume: C stack overflow")
check.eq(coroutine.status(last), "suspended", "the coroutine that was not resumed is still suspended")

-- Lua calls are not C calls: recursion far past 200 levels and long tail-call chains through Lua
-- functions run. (Depths stay small enough for the 4 MB test-thread stacks of interpreted,
-- not yet JIT-compiled, frames on the continuation engine: deeper recursion is base_recursion.lua's.)
local function deep(k) if k == 0 then return 0 end return 1 + deep(k - 1) end
check.eq(deep(1000), 1000, "1000 nested Lua calls")
local function hop(k) if k == 0 then return "done" end return (function(j) return hop(j) end)(k - 1) end
check.eq(hop(10000), "done", "a Lua function called through a tail call is a Lua call")
local function mutual(k) if k == 0 then return 0 end local v = (function() return mutual(k - 1) end)() return v + 1 end
check.eq(mutual(500), 500, "recursion with a tail call on each level")

-- A chunk loaded with an environment of its own is counted too, and sees that environment.
local env = { setmetatable = setmetatable, pcall = pcall }
local chunk = load("local t = setmetatable({}, { __index = function(t, k) return t[k] end })\n"
  .. "return x, pcall(function() return t.x end)", "=env", "t", env)
env.x = "own"
local x, eok, eerr = chunk()
check.eq(x, "own", "the chunk's environment")
fails("__index recursion in a chunk with its own environment", "env:1: C stack overflow", eok, eerr)
check.eq(load("return x", "=nil env", "t", {})(), nil, "an empty environment")

-- After all that, the runtime is fine.
check.eq(pcall(function() return t.x end), false, "again")
check.eq(deep(100), 100, "still usable")

return check.count()
