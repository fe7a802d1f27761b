-- Self-checking tests of unbounded and deep recursion (Lua 5.2: "stack overflow", caught by
-- pcall). Runs with and without Ward's ExecutionHook: with it, the call-depth limit raises
-- "<chunk>:<line>: stack overflow" (ExecutionHook.MAX_DEPTH); without it, the JVM's
-- StackOverflowError becomes "stack overflow". WardCommandIT checks the depth limit itself
-- (100,000 nested calls run, infinite recursion ends quickly) through the ward command, whose
-- threads have the stack that depth needs. Standard Lua 5.2 only (also passes on lua5.2).
local check = require("check")

-- Infinite recursion: pcall catches it, with Lua's message.
local function inf() return 1 + inf() end
local ok, err = pcall(inf)
check.eq(ok, false, "infinite recursion fails")
check.check(type(err) == "string" and string.find(err, "stack overflow$") ~= nil,
  "infinite recursion: stack overflow, got " .. tostring(err))
check.check(not string.find(err, "Error", 1, true), "no Java name in " .. err)
check.eq(select("#", pcall(inf)), 2, "pcall returns false and the message")

-- The runtime is still usable afterwards, several times over.
local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end
for i = 1, 2 do
  check.eq(f(1000), 1000, "finite recursion after an overflow, round " .. i)
  check.eq(pcall(inf), false, "overflow again, round " .. i)
end

-- xpcall's handler gets the message.
local seen
check.eq(xpcall(inf, function(m) seen = m return "handled" end), false, "xpcall fails")
check.check(string.find(seen, "stack overflow$") ~= nil, "xpcall handler sees stack overflow: " .. tostring(seen))

-- Recursion through a metamethod (a C stack overflow in Lua 5.2: "C stack overflow").
local t = setmetatable({}, { __index = function(t, k) return t[k] end })
ok, err = pcall(function() return t.x end)
check.eq(ok, false, "__index recursion fails")
check.check(string.find(err, "stack overflow$") ~= nil, "__index recursion: stack overflow, got " .. tostring(err))

-- Recursion through pcall: every level catches the overflow of the one below.
local function p() return pcall(p) end
local r = { p() }
check.eq(r[1], true, "outer pcall succeeds")
check.check(string.find(tostring(r[#r]), "stack overflow$") ~= nil, "innermost pcall: stack overflow, got " .. tostring(r[#r]))

-- In a coroutine: the coroutine dies of it, the caller goes on.
local co = coroutine.create(inf)
ok, err = coroutine.resume(co)
check.eq(ok, false, "coroutine overflow fails")
check.check(string.find(err, "stack overflow$") ~= nil, "coroutine: stack overflow, got " .. tostring(err))
check.eq(coroutine.status(co), "dead", "the coroutine is dead")
check.eq(f(1000), 1000, "still usable after the coroutine")

-- Tail calls do not grow the stack.
local function loop(n) if n == 0 then return "done" end return loop(n - 1) end
check.eq(loop(1000000), "done", "a million tail calls")

return check.count()
