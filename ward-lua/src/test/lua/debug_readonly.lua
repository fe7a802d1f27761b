-- The read-only debug library (traceback, getinfo) that every script has, run with the
-- execution hook on (LuaScriptsTest): Lua 5.2's formats, in the main chunk, a task and a
-- coroutine. The full library (sethook, getupvalue, ...) is absent by default.
local check = require("check")
local async = require("ward.async")

-- absent by default: only traceback and getinfo
for _, name in ipairs({"sethook", "gethook", "getlocal", "setlocal", "getupvalue", "setupvalue",
    "upvalueid", "upvaluejoin", "getregistry", "getmetatable", "setmetatable", "getuservalue",
    "setuservalue", "debug"}) do
  check.eq(debug[name], nil, "debug." .. name .. " absent")
end
check.eq(type(debug.traceback), "function", "debug.traceback")
check.eq(type(debug.getinfo), "function", "debug.getinfo")
check.eq(package.loaded.debug, debug, "package.loaded.debug")

local function lines(s)
  local t = {}
  for l in (s .. "\n"):gmatch("(.-)\n") do t[#t + 1] = l end
  return t
end

-- xpcall(f, debug.traceback) in the main chunk: the frames where the error was raised
local function inner()
  error("boom")
end
local function outer()
  inner()
  return 1
end
local ok, tb = xpcall(outer, debug.traceback)
check.eq(ok, false, "xpcall fails")
local l = lines(tb)
check.eq(l[1], "debug_readonly.lua:25: boom", "message first")
check.eq(l[2], "stack traceback:", "header")
-- Lua 5.2 has "[C]: in function 'error'" first; Ward starts at the Lua function (docs/LUA.md)
check.eq(l[3], "\tdebug_readonly.lua:25: in function 'inner'", "innermost frame")
check.eq(l[4], "\tdebug_readonly.lua:28: in function <debug_readonly.lua:27>", "caller frame")
check.eq(l[5], "\t[C]: in function 'xpcall'", "xpcall frame")
check.eq(l[6], "\tdebug_readonly.lua:31: in main chunk", "main chunk")
check.eq(l[7], "\t[C]: in ?", "bottom")
check.eq(l[8], nil, "no more frames")

-- traceback directly: message, level, non-string message
check.eq(debug.traceback("m"), "m\nstack traceback:\n\tdebug_readonly.lua:45: in main chunk\n\t[C]: in ?",
  "traceback with a message")
check.eq(debug.traceback(), "stack traceback:\n\tdebug_readonly.lua:47: in main chunk\n\t[C]: in ?",
  "traceback without a message")
check.eq(debug.traceback("m", 2), "m\nstack traceback:\n\t[C]: in ?", "level past the main chunk")
check.eq(debug.traceback(nil, 3), "stack traceback:", "level past everything")
local t = {}
check.eq(debug.traceback(t), t, "a table message is returned as is")
check.eq(debug.traceback(42), "42\nstack traceback:\n\tdebug_readonly.lua:53: in main chunk\n\t[C]: in ?",
  "a number message is a string")
local function named()
  return debug.traceback("x", 1), debug.traceback("y", 2)
end
local a, b = named()
check.eq(a, "x\nstack traceback:\n\tdebug_readonly.lua:56: in function 'named'\n"
  .. "\tdebug_readonly.lua:58: in main chunk\n\t[C]: in ?", "level 1 in a function")
check.eq(b, "y\nstack traceback:\n\tdebug_readonly.lua:58: in main chunk\n\t[C]: in ?", "level 2 in a function")

-- in a task: the task's own stack
local function deep(n)
  if n == 0 then
    local tb = debug.traceback("in task") -- not a tail call: LuaJ drops the frame of one
    return tb
  end
  local r = deep(n - 1)
  return r
end
local task = async.spawn(function()
  local r = deep(1)
  return r
end)
check.eq(async.await(task), "in task\nstack traceback:\n"
  .. "\tdebug_readonly.lua:66: in function 'deep'\n"
  .. "\tdebug_readonly.lua:69: in function 'deep'\n"
  .. "\tdebug_readonly.lua:73: in function <debug_readonly.lua:72>\n"
  .. "\t[C]: in ?", "a task's traceback")
local task2 = async.spawn(function()
  local _, e = xpcall(function() error("task err") end, debug.traceback)
  return e
end)
check.eq(async.await(task2), "debug_readonly.lua:82: task err\nstack traceback:\n"
  .. "\tdebug_readonly.lua:82: in function <debug_readonly.lua:82>\n"
  .. "\t[C]: in function 'xpcall'\n"
  .. "\tdebug_readonly.lua:82: in function <debug_readonly.lua:81>\n"
  .. "\t[C]: in ?", "xpcall in a task")

-- in a coroutine: no [C] frame below its body; traceback of a suspended coroutine (Lua 5.2
-- shows "[C]: in function 'yield'" first: see docs/LUA.md)
local co = coroutine.create(function()
  local _, e = xpcall(function() error("co err") end, debug.traceback)
  coroutine.yield(e)
  return 1
end)
local _, e = coroutine.resume(co)
check.eq(e, "debug_readonly.lua:94: co err\nstack traceback:\n"
  .. "\tdebug_readonly.lua:94: in function <debug_readonly.lua:94>\n"
  .. "\t[C]: in function 'xpcall'\n"
  .. "\tdebug_readonly.lua:94: in function <debug_readonly.lua:93>", "xpcall in a coroutine")
check.eq(debug.traceback(co), "stack traceback:\n\tdebug_readonly.lua:95: in function <debug_readonly.lua:93>",
  "a suspended coroutine's traceback")
check.eq(debug.traceback(co, "hi"), "hi\nstack traceback:\n\tdebug_readonly.lua:95: in function <debug_readonly.lua:93>",
  "with a message")
check.eq(debug.getinfo(co, 1, "l").currentline, 95, "a suspended coroutine's level 1")
check.eq(debug.getinfo(co, 2), nil, "below a coroutine's body")

-- getinfo of a Lua function
local up = 1
local function f(x, y, ...)
  return up + x + y
end
local i = debug.getinfo(f)
check.eq(i.source, "@debug_readonly.lua", "source")
check.eq(i.short_src, "debug_readonly.lua", "short_src")
check.eq(i.what, "Lua", "what")
check.eq(i.linedefined, 112, "linedefined")
check.eq(i.lastlinedefined, 114, "lastlinedefined")
check.eq(i.currentline, -1, "currentline of a function value")
check.eq(i.nups, 1, "nups")
check.eq(i.nparams, 2, "nparams")
check.eq(i.isvararg, true, "isvararg")
check.eq(i.func, f, "func")
check.eq(i.name, nil, "no name for a function value")
check.eq(i.namewhat, "", "namewhat")
-- a Java function
local p = debug.getinfo(print)
check.eq(p.what, "C", "what of print")
check.eq(p.source, "=[C]", "source of print")
check.eq(p.short_src, "[C]", "short_src of print")
check.eq(p.currentline, -1, "currentline of print")
check.eq(p.linedefined, -1, "linedefined of print")
check.eq(p.nups, 0, "nups of print")
check.eq(p.isvararg, true, "isvararg of print")
-- levels
local function level_info()
  local here = debug.getinfo(1)
  local caller = debug.getinfo(2, "Sl")
  local self = debug.getinfo(0)
  return here, caller, self
end
local here, caller, self = level_info()
check.eq(here.currentline, 139, "level 1 currentline")
check.eq(here.name, "level_info", "level 1 name")
check.eq(here.namewhat, "local", "level 1 namewhat")
check.eq(here.func, level_info, "level 1 func")
check.eq(here.linedefined, 138, "level 1 linedefined")
check.eq(caller.what, "main", "level 2 is the main chunk")
check.eq(caller.currentline, 144, "level 2 currentline")
check.eq(caller.name, nil, "level 2 has only S and l")
check.eq(self.what, "C", "level 0 is getinfo")
check.eq(self.func, debug.getinfo, "level 0 func")
check.eq(self.name, "getinfo", "level 0 name")
check.eq(self.namewhat, "field", "level 0 namewhat")
check.eq(debug.getinfo(100), nil, "a level past the stack")
check.eq(debug.getinfo(1, "S").currentline, nil, "only what was asked")
check.raises("invalid option", debug.getinfo, 1, "X")
check.raises("function or level expected", debug.getinfo, "x")
print("debug_readonly ok (" .. check.count() .. " checks)")
