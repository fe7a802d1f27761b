-- Self-checking tests of error values, error positions, pcall, xpcall and error levels
-- (Lua 5.2 semantics, as provided by io.ward.lua.lib.ProtectedCallLib and io.ward.lua.LuaErrors).
--
-- The chunk must be named after this file ("base_errors.lua" or "@base_errors.lua"): error
-- positions are checked as "base_errors.lua:<line>: ...". Uses only standard Lua 5.2, no
-- debug library. Returns the number of checks that ran.

local checks = 0

local function show(v)
  if type(v) == "string" then
    return string.format("%q", v)
  end
  return tostring(v)
end

local function check(cond, label, got)
  if not cond then
    error(label .. (got ~= nil and (": got " .. show(got)) or ""), 2)
  end
  checks = checks + 1
end

local function pack(...)
  return { n = select("#", ...), ... }
end

-- Expected lines are found without the debug library: a level-1 error raised by a closure
-- written on the same line as the code under test ("mark") gives that line.
local POS = "^base_errors%.lua:(%d+): "

-- line(msg) extracts the line number of a positioned error message.
local function line(msg)
  return tonumber(string.match(msg, POS))
end

-- 1. error("boom") inside a function: "base_errors.lua:<line>: boom".
do
  local _, mark = pcall(function() error("mark") end) local function boom() error("boom") end
  local ok, e = pcall(boom)
  check(ok == false, "pcall of a failing function returns false")
  check(type(e) == "string" and string.find(e, "^base_errors%.lua:%d+: boom$") ~= nil, "error position format", e)
  check(line(e) == line(mark), "error line is the line of the error call", e)
end

-- 2. Runtime errors raised by the VM carry the same prefix.
do
  local ok, e = pcall(function() local t = nil; return t.x end)
  check(not ok and string.find(e, POS) ~= nil, "runtime error has a position", e)
  ok, e = pcall(function() return 1 + {} end)
  check(not ok and string.find(e, POS) ~= nil, "arithmetic error has a position", e)
  ok, e = pcall(function() local f; f() end)
  check(not ok and string.find(e, POS) ~= nil, "call error has a position", e)
end

-- 3. Error values other than strings keep their identity through pcall (and nested pcall).
do
  local t = { code = 42 }
  local ok, e = pcall(error, t)
  check(ok == false and e == t, "table error value keeps its identity")
  ok, e = pcall(function() error(t) end)
  check(e == t and e.code == 42, "table raised inside a function keeps its identity")
  ok, e = pcall(function()
    local ok2, e2 = pcall(function() error(t) end)
    check(not ok2 and e2 == t, "inner pcall sees the table")
    error(e2)
  end)
  check(not ok and e == t, "rethrown table keeps its identity")
  local f = function() end
  ok, e = pcall(error, f)
  check(not ok and e == f, "function error value keeps its identity")
  ok, e = pcall(error, true)
  check(not ok and e == true, "boolean error value")
  ok, e = pcall(error)
  check(not ok and e == nil, "error() gives nil", e)
  ok, e = pcall(error, nil)
  check(not ok and e == nil, "error(nil) gives nil", e)
  local mt = setmetatable({}, { __tostring = function() return "custom" end })
  ok, e = pcall(function() error(mt) end)
  check(e == mt and tostring(e) == "custom", "table with __tostring keeps its identity")
end

-- 4. Levels.
do
  local function blame(msg, level) error(msg, level) end
  local _, m2 = pcall(function() error("m") end) local function blame2() blame("two", 2) end
  local mark
  local ok, e = pcall(function()
    local _, m = pcall(function() error("m") end) mark = line(m) blame("lvl2", 2)
  end)
  check(not ok and e == "base_errors.lua:" .. mark .. ": lvl2", "error(msg, 2) blames the caller's line", e)

  ok, e = pcall(function() blame2() end)
  check(not ok and e == "base_errors.lua:" .. line(m2) .. ": two", "level 2 blames the function that called blame", e)

  local function level3() blame("three", 3) end
  ok, e = pcall(function()
    local _, m = pcall(function() error("m") end) mark = line(m) level3()
  end)
  check(not ok and e == "base_errors.lua:" .. mark .. ": three", "error(msg, 3) blames two calls up", e)

  ok, e = pcall(function() error("plain", 0) end)
  check(not ok and e == "plain", "level 0 adds no position", e)

  ok, e = pcall(function() error("one", 1) end)
  check(not ok and string.find(e, "^base_errors%.lua:%d+: one$") ~= nil, "level 1 is the default", e)

  ok, e = pcall(function() error(42) end)
  check(not ok and type(e) == "string" and string.find(e, "^base_errors%.lua:%d+: 42$") ~= nil,
    "a number at level 1 becomes a positioned string", e)

  ok, e = pcall(function() error(42, 0) end)
  check(not ok and e == 42 and type(e) == "number", "a number at level 0 stays a number", e)

  ok, e = pcall(function() error({}, 2) end)
  check(not ok and type(e) == "table", "a table ignores the level", e)

  ok, e = pcall(error, "x", "level")
  check(not ok and e == "bad argument #2 to 'error' (number expected, got string)", "error level must be a number", e)
end

-- 5. Java-side argument errors of pcall/xpcall, Lua 5.2 wording.
do
  local ok, e = pcall(pcall)
  check(not ok and e == "bad argument #1 to 'pcall' (value expected)", "pcall without function", e)
  ok, e = pcall(xpcall, print)
  check(not ok and e == "bad argument #2 to 'xpcall' (value expected)", "xpcall without handler", e)
  ok, e = pcall(xpcall)
  check(not ok and e == "bad argument #2 to 'xpcall' (value expected)", "xpcall without arguments", e)
  ok, e = pcall(nil)
  check(not ok and type(e) == "string", "pcall of nil fails with a message", e)
end

-- 6. pcall results.
do
  local r = pack(pcall(function(...) return ... end, 1, nil, 3, nil))
  check(r.n == 5 and r[1] == true and r[2] == 1 and r[3] == nil and r[4] == 3 and r[5] == nil,
    "pcall passes arguments and returns every result", r.n)
  r = pack(pcall(function() end))
  check(r.n == 1 and r[1] == true, "pcall of a function returning nothing", r.n)
  r = pack(pcall(select, "#", 1, 2, 3))
  check(r.n == 2 and r[2] == 3, "pcall of a builtin")
  -- A tail call inside the protected function is still protected.
  local function fails() error("tail") end
  local ok, e = pcall(function() return fails() end)
  check(not ok and string.find(e, "tail$") ~= nil, "error in a tail call is caught", e)
end

-- 7. Deep recursion: a "stack overflow" error, catchable by pcall, and life goes on.
do
  local function f() return 1 + f() end
  local ok, e = pcall(f)
  check(ok == false, "stack overflow is caught by pcall")
  check(type(e) == "string" and string.find(e, "stack overflow", 1, true) ~= nil, "stack overflow message", e)
  local depth = 0
  local function g() depth = depth + 1; return g() + 1 end
  ok, e = pcall(g)
  check(not ok and string.find(e, "stack overflow", 1, true) ~= nil and depth > 100, "overflow after some depth", depth)
  ok, e = pcall(function() return 1 + 1 end)
  check(ok and e == 2, "pcall still works after a stack overflow")
  local h
  h = function(n) if n == 0 then return 0 end return 1 + h(n - 1) end
  check(h(100) == 100, "moderate recursion still works")
  ok, e = xpcall(f, function(m) return "handled: " .. m end)
  check(not ok and string.find(e, "^handled: .*stack overflow") ~= nil, "xpcall handler sees the stack overflow", e)
end

-- 8. xpcall.
do
  local ok, v = xpcall(function(a, b) return a + b end, print, 1, 2)
  check(ok == true and v == 3, "xpcall passes extra arguments to f (5.2)", v)
  local r = pack(xpcall(function(...) return select("#", ...), ... end, print, "a", nil))
  check(r.n == 4 and r[1] == true and r[2] == 2 and r[3] == "a" and r[4] == nil, "xpcall returns every result", r.n)

  local seen
  ok, v = xpcall(function() error("boom") end, function(m) seen = m; return "H:" .. m end)
  check(not ok and string.find(v, "^H:base_errors%.lua:%d+: boom$") ~= nil, "handler result replaces the error", v)
  check(string.find(seen, "^base_errors%.lua:%d+: boom$") ~= nil, "handler gets the positioned message", seen)

  local t = {}
  ok, v = xpcall(function() error(t) end, function(m) return m end)
  check(not ok and v == t, "handler gets the table error itself")

  r = pack(xpcall(error, function() end, "x"))
  check(r.n == 2 and r[1] == false and r[2] == nil, "handler results are cut to one value", r.n)
  r = pack(xpcall(error, function() return 1, 2, 3 end, "x"))
  check(r.n == 2 and r[2] == 1, "only the first handler result is kept", r.n)

  ok, v = xpcall(error, function(m) error("oops") end, "x")
  check(not ok and v == "error in error handling", "a handler that always fails", v)

  local n = 0
  ok, v = xpcall(error, function(m)
    n = n + 1
    if n < 3 then error("again" .. n, 0) end
    return "handled:" .. tostring(m)
  end, "x")
  check(not ok and v == "handled:again2", "a failing handler is called again with its own error", v)

  ok, v = xpcall(error, 42, "x")
  check(not ok and v == "error in error handling", "a handler that is not a function", v)

  ok, v = xpcall(function() return "fine" end, 42)
  check(ok and v == "fine", "the handler is not used without an error", v)

  -- xpcall nested in pcall, pcall nested in the handler.
  ok, v = pcall(xpcall, function() error("in") end, function(m)
    local ok2, e2 = pcall(error, "inner", 0)
    return (ok2 and "?" or e2) .. "|" .. m
  end)
  check(ok and v == false, "pcall(xpcall(...)) returns xpcall's results")
end

-- 9. Errors from built-in (Java) functions have Lua wording, never Java class names.
do
  local ok, e = pcall(function() return ("x"):rep() end)
  check(not ok and not string.find(e, "java", 1, true) and not string.find(e, "Exception", 1, true),
    "no Java class names in builtin errors", e)
  ok, e = pcall(setmetatable, 1, {})
  check(not ok and not string.find(e, "java", 1, true), "setmetatable error", e)
  ok, e = pcall(function() return #nil end)
  check(not ok and string.find(e, POS) ~= nil and not string.find(e, "java", 1, true), "length of nil", e)
end

-- 10. assert keeps its message; a failing assert is positioned like error().
do
  local ok, e = pcall(function() assert(false, "custom") end)
  check(not ok and string.find(e, "custom", 1, true) ~= nil, "assert message", e)
  ok, e = pcall(function() assert(nil) end)
  check(not ok and string.find(e, "assertion failed!", 1, true) ~= nil, "default assert message", e)
  local a, b, c = assert(1, 2, 3)
  check(a == 1 and b == 2 and c == 3, "assert returns its arguments")
end

-- 11. tostring of a caught message is the message; concatenation of rethrown messages.
do
  local ok, e = pcall(function()
    local ok2, e2 = pcall(error, "inner", 0)
    error("outer(" .. e2 .. ")", 0)
  end)
  check(not ok and e == "outer(inner)", "messages compose", e)
  ok, e = pcall(function()
    local _, e2 = pcall(function() error("first") end)
    error(e2, 0)
  end)
  check(not ok and string.find(e, "^base_errors%.lua:%d+: first$") ~= nil, "a positioned message rethrown at level 0 is unchanged", e)
end

return checks
