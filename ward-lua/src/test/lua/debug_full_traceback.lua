-- Tracebacks and getinfo names as Lua 5.2 gives them once the full debug library records Java
-- functions as frames (docs/LUA.md, "The sandbox"): level 0, suspended coroutines (their
-- yield), coroutines dead of an error, tail calls, metamethods, and gmatch's upvalues. Run with
-- the full debug library (LuaScriptsTest: debug_full_*). Standard Lua 5.2 passes it too:
-- `lua5.2 -e 'package.path="lib/?.lua"' debug_full_traceback.lua`.
local C = require("check")

local function lines(s)
  local t = {}
  for l in (s .. "\n"):gmatch("(.-)\n") do t[#t + 1] = l end
  return t
end

-- level 0 is traceback itself, level 1 (the default) its caller
C.check(debug.traceback("m", 0):find("\n\t%[C%]: in function 'traceback'\n"), "level 0 shows traceback")
C.check(not debug.traceback("m"):find("'traceback'"), "level 1 does not")
C.check(debug.traceback("m"):find("^m\nstack traceback:\n\t[^\n]*debug_full_traceback.lua:%d+: in main chunk"),
    "level 1 starts at the main chunk")

-- a suspended coroutine: yield at level 0, then its Lua frames, no [C] line at the bottom
local function down(n)
  if n > 0 then down(n - 1) else coroutine.yield() end
end
local co = coroutine.create(down)
coroutine.resume(co, 2)
local tb = lines(debug.traceback(co))
C.eq(tb[1], "stack traceback:", "header")
C.eq(tb[2], "\t[C]: in function 'yield'", "yield first")
C.eq(#tb, 5, "yield and three calls of down")
C.check(tb[3]:find("in function 'down'"), "down called by down")
C.check(tb[5]:find("in function <"), "the body, called by resume, has no name")
C.eq(#lines(debug.traceback(co, nil, 1)), 4, "level 1 skips yield")
C.eq(debug.traceback(co, nil, 40), "stack traceback:", "past the frames")
C.eq(debug.getinfo(co, 0, "S").what, "C", "level 0 of a suspended coroutine is yield")
C.eq(debug.getinfo(co, 1, "n").name, "down", "level 1 is its caller")

-- a coroutine dead of an error keeps the frames where it was raised
local dead = coroutine.create(function () local function boom() error("x") end boom() end)
C.eq(coroutine.resume(dead), false, "the coroutine failed")
tb = lines(debug.traceback(dead))
C.eq(tb[2], "\t[C]: in function 'error'", "error first")
C.check(tb[3]:find("in function 'boom'"), "then boom")
C.eq(#lines(debug.traceback(dead, nil, 1)), #tb - 1, "level 1 of a dead coroutine skips error")
C.eq(debug.getinfo(dead, 1, "n").name, "boom", "getinfo of a dead coroutine")
-- also when the error leaves through more Java functions (a callback of string.gsub)
local viaJava = coroutine.create(function ()
  string.gsub("a", "a", function () local function deep() error("y") end deep() end)
end)
coroutine.resume(viaJava)
tb = lines(debug.traceback(viaJava))
C.eq(tb[2], "\t[C]: in function 'error'", "error first, under gsub")
C.check(tb[3]:find("in function 'deep'"), "then deep")
C.check(tb[5]:find("in function 'gsub'"), "then gsub")
-- one that caught its error and finished has none
local fine = coroutine.create(function () pcall(error, "x"); return 1 end)
coroutine.resume(fine)
C.eq(debug.traceback(fine), "stack traceback:", "a finished coroutine has no frames")

-- a tail call leaves a mark where its caller's frame was
local function tailTrace() return debug.traceback("t", 1) end
local function tailCaller() return (tailTrace()) end
local function tailer() return tailCaller() end
tb = lines(tailer())
C.check(tb[4]:find("in function <"), "a tail-called function has no name")
C.eq(tb[5], "\t(...tail calls...)", "the tail call mark")

-- functions called by metamethods are named after the event
local mt = {}
local function mm(a, b)
  local info = debug.getinfo(1, "n")
  return info.namewhat .. " " .. info.name
end
for _, e in ipairs({"__index", "__add", "__concat", "__eq", "__lt", "__le", "__unm", "__len"}) do
  mt[e] = mm
end
local x, y = setmetatable({}, mt), setmetatable({}, mt)
C.eq(x.field, "metamethod __index", "index")
C.eq(x + 1, "metamethod __add", "add")
C.eq(x .. "s", "metamethod __concat", "concat")
C.eq(-x, "metamethod __unm", "unary minus")
local seenEvent
mt.__lt = function () seenEvent = debug.getinfo(1, "n").name return true end
C.check(x < y and seenEvent == "__lt", "less than")
mt.__le = function () seenEvent = debug.getinfo(1, "n").name return true end
C.check(x >= y and seenEvent == "__le", "greater or equal is __le")
mt.__eq = function () seenEvent = debug.getinfo(1, "n").name return true end
C.check(x == y and seenEvent == "__eq", "equal")

-- the gmatch iterator's state as a C closure's upvalues, named ""
local it = string.gmatch("abc", "%a")
local name, value = debug.getupvalue(it, 1)
C.eq(name, "", "C upvalues have empty names")
C.eq(value, "abc", "the subject")
C.eq(select(2, debug.getupvalue(it, 2)), "%a", "the pattern")
C.eq(debug.getupvalue(it, 4), nil, "three upvalues")
C.eq(debug.getupvalue(print, 1), nil, "print has none")

print("debug_full_traceback: ok")
