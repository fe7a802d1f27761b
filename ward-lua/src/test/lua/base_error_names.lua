-- Errors of operations on values of the wrong type, worded as Lua 5.2 words them, with the
-- variable kind and name ldebug.c works out from the bytecode (local, global, field, upvalue,
-- method, constant) and the chunk:line: position (docs/LUA.md, "LuaJ patches"): in the main
-- chunk, in a coroutine and, under Ward, in a task.
-- Standard Lua 5.2 passes the parts without Ward modules:
-- `lua5.2 -e 'package.path="lib/?.lua"' base_error_names.lua`.
local C = require("check")
local eq = C.eq

-- each case: a chunk (named "c") and its message under lua5.2
local cases = {
  { "local t = nil; return t.x", "c:1: attempt to index local 't' (a nil value)" },
  { "local t = nil; t.x = 1", "c:1: attempt to index local 't' (a nil value)" },
  { "x_undefined.y = 1", "c:1: attempt to index global 'x_undefined' (a nil value)" },
  { "return x_undefined.y", "c:1: attempt to index global 'x_undefined' (a nil value)" },
  { "local t = {} t.a.b = 1", "c:1: attempt to index field 'a' (a nil value)" },
  { "local t = {} return t.x.y.z", "c:1: attempt to index field 'x' (a nil value)" },
  { "local u; local function g() return u.x end return g()", "c:1: attempt to index upvalue 'u' (a nil value)" },
  { "local t = setmetatable({}, {__index = 5}) return t.x", "c:1: attempt to index a number value" },
  { "undefined_fn()", "c:1: attempt to call global 'undefined_fn' (a nil value)" },
  { "return undefined_fn()", "c:1: attempt to call global 'undefined_fn' (a nil value)" },
  { "local t = {} return t:m(1)", "c:1: attempt to call method 'm' (a nil value)" },
  { "local f = 1; return f(1, 2)", "c:1: attempt to call local 'f' (a number value)" },
  { "local f = nil; f()", "c:1: attempt to call local 'f' (a nil value)" },
  { "local t = {} t:m()", "c:1: attempt to call method 'm' (a nil value)" },
  { "local t = {} t.go()", "c:1: attempt to call field 'go' (a nil value)" },
  { "local u; local function g() u() end g()", "c:1: attempt to call upvalue 'u' (a nil value)" },
  { "local r = ('x')() return r", "c:1: attempt to call constant 'x' (a string value)" },
  { "local n = 1; n()", "c:1: attempt to call local 'n' (a number value)" },
  { "local c = {}; print(c.n + 1)", "c:1: attempt to perform arithmetic on field 'n' (a nil value)" },
  { "local c = {}; return 1 + c.n", "c:1: attempt to perform arithmetic on field 'n' (a nil value)" },
  { "local s = 'x'; return s + 1", "c:1: attempt to perform arithmetic on local 's' (a string value)" },
  { "local n = nil; return n / 2", "c:1: attempt to perform arithmetic on local 'n' (a nil value)" },
  { "return math.floor - 1", "c:1: attempt to perform arithmetic on field 'floor' (a function value)" },
  { "return {} % 2", "c:1: attempt to perform arithmetic on a table value" },
  { "return 'a' - 1", "c:1: attempt to perform arithmetic on a string value" },
  { "local t = {}; return -t", "c:1: attempt to perform arithmetic on local 't' (a table value)" },
  { "return -{}", "c:1: attempt to perform arithmetic on a table value" },
  { "local x; return x .. 'a'", "c:1: attempt to concatenate local 'x' (a nil value)" },
  { "local x; return 'a' .. x .. 'b'", "c:1: attempt to concatenate local 'x' (a nil value)" },
  { "return 'a' .. undefined_v", "c:1: attempt to concatenate global 'undefined_v' (a nil value)" },
  { "local s = 'x'; return s .. {}", "c:1: attempt to concatenate a table value" },
  { "local x = true; return #x", "c:1: attempt to get length of local 'x' (a boolean value)" },
  { "return #nil", "c:1: attempt to get length of a nil value" },
  { "local t = {} return #t.n", "c:1: attempt to get length of field 'n' (a nil value)" },
  { "return 1 < '2'", "c:1: attempt to compare number with string" },
  { "return '2' < 1", "c:1: attempt to compare string with number" },
  { "return 1 > '2'", "c:1: attempt to compare string with number" },
  { "return {} < {}", "c:1: attempt to compare two table values" },
  { "return {} <= {}", "c:1: attempt to compare two table values" },
  { "return true < false", "c:1: attempt to compare two boolean values" },
  { "local a = {} return a < 1", "c:1: attempt to compare table with number" },
  { "return nil >= 1", "c:1: attempt to compare number with nil" },
  { "return 1 <= nil", "c:1: attempt to compare number with nil" },
  { "return nil <= 1", "c:1: attempt to compare nil with number" },
  { "local x; return x > 1", "c:1: attempt to compare number with nil" },
  { "return {} >= 1", "c:1: attempt to compare number with table" },
  { "return 'a' <= {}", "c:1: attempt to compare string with table" },
  { "return 2 <= 'a'", "c:1: attempt to compare number with string" },
  { "local a\n\nreturn a.b", "c:3: attempt to index local 'a' (a nil value)" },
}

local function message(src)
  local ok, err = pcall(load(src, "=c"))
  return ok and "no error" or err
end

-- main chunk
for _, c in ipairs(cases) do
  eq(message(c[1]), c[2], "main: " .. c[1])
end

-- a coroutine
local co = coroutine.create(function()
  for _, c in ipairs(cases) do
    eq(message(c[1]), c[2], "coroutine: " .. c[1])
  end
  local ok, err = pcall(function() local t; return t.x end)
  return err
end)
local ok, last = coroutine.resume(co)
eq(ok, true, "coroutine ran")
eq(last:gsub("^.-:%d+: ", ""), "attempt to index local 't' (a nil value)", "coroutine: pcall of a closure")
-- an error leaving the coroutine
local ok2, err2 = coroutine.resume(coroutine.create(function() local q; q() end))
eq(ok2, false, "resume fails")
eq(err2:gsub("^.-:%d+: ", ""), "attempt to call local 'q' (a nil value)", "coroutine: error out of resume")

-- a task (Ward only): its error is raised again by wait()
local has_async, async = pcall(require, "ward.async")
if has_async then
  for _, c in ipairs(cases) do
    local ok3, err3 = pcall(function()
      return async.spawn(function() return load(c[1], "=c")() end):wait()
    end)
    eq(ok3 and "no error" or err3, c[2], "task: " .. c[1])
  end
end
print("base_error_names ok: " .. C.count() .. " checks")
