-- debug.sethook as Lua 5.2 runs hooks (docs/LUA.md, "The sandbox"): call, tail call, return,
-- line and count events, Java functions seen as frames, tail calls seen in getinfo, one hook per
-- Lua thread. Run with the full debug library (LuaScriptsTest: debug_full_*). Standard Lua 5.2
-- passes it too: `lua5.2 -e 'package.path="lib/?.lua"' debug_full_hooks.lua`.
local C = require("check")

-- the order of call and return events: a tail call replaces its caller's frame, so the
-- replaced frame reports no return, and the function it calls reports "tail call"
local function leaf() return 1 end
local function middle() leaf(); return 2 end
local function first() return middle() end   -- tail call
local events = {}
debug.sethook(function (e)
  local info = debug.getinfo(2, "nSt")
  events[#events + 1] = e .. ":" .. (info.name or (info.what == "C" and "?C" or "?")) ..
      (info.istailcall and ":tail" or "")
end, "cr")
first()
debug.sethook()
-- the first event is sethook returning, the last one the call of sethook that clears the hook
C.eq(table.concat(events, " "),
    "return:sethook call:first tail call:?:tail call:leaf return:leaf return:?:tail call:sethook",
    "call and return events")

-- Java functions called from Lua are frames: the call hook sees them at level 2
local seen = {}
debug.sethook(function (e)
  seen[debug.getinfo(2, "f").func] = true
end, "c")
local s = tostring(12)
math.abs(-1)
debug.sethook()
C.check(seen[tostring], "tostring was a frame")
C.check(seen[math.abs], "math.abs was a frame")
C.check(not seen[print], "print was not called")

-- istailcall and the levels of a tail-called function
local function probe()
  local here = debug.getinfo(1, "t")
  local above = debug.getinfo(2, "Sf")
  return here.istailcall, above.what
end
local function viaTail() return probe() end
local tail, what = viaTail()
C.eq(tail, true, "entered by a tail call")
C.eq(what, "main", "the replaced frame is gone: level 2 is the main chunk")
local function viaCall() local a, b = probe(); return a, b end
tail = viaCall()
C.eq(tail, false, "entered by an ordinary call")

-- deep tail recursion keeps one frame
local function countdown(n)
  if n == 0 then
    return debug.getinfo(2, "S").what, debug.getinfo(1, "t").istailcall
  end
  return countdown(n - 1)
end
local w, t = countdown(20000)
C.eq(w, "main", "20000 tail calls leave one frame")
C.eq(t, true, "the last one is a tail call")

-- line events: the lines as they run, loops included
local lines = {}
local chunk = load("local x = 0\nfor i = 1, 2 do\n  x = x + i\nend\nreturn x", "=lines")
debug.sethook(function (e, l)
  if debug.getinfo(2, "S").source == "=lines" then lines[#lines + 1] = l end
end, "l")
chunk()
debug.sethook()
C.eq(table.concat(lines, ","), "1,2,3,2,3,2,5", "line events")

-- count events: one per so many instructions, the hook's own instructions included (as in Lua 5.2,
-- which counts them but calls no hook for them)
local counted = 0
debug.sethook(function () counted = counted + 1 end, "", 10)
for i = 1, 1000 do end
debug.sethook()
C.eq(counted, 167, "count events")

-- a hook is not called for its own code, and one it sets takes over after it returns
local log = {}
local function probed(a, b) local c = a + b; return c end
debug.sethook(function (e)
  log[#log + 1] = e
  debug.sethook(function (e2, l)
    local name = debug.getlocal(2, 1)
    log[#log + 1] = e2 .. ":" .. tostring(name)
    debug.sethook()
  end, "l")
end, "c")
probed(1, 2)
C.eq(table.concat(log, " "), "call line:a", "a hook set inside a hook runs once the first returns")

-- one hook per Lua thread: a coroutine's hook runs only there, and gethook tells them apart
local co = coroutine.create(function (x)
  local y = x + 1
  coroutine.yield(y)
  return y
end)
local colines = {}
local function cohook(e, l) colines[#colines + 1] = l end
debug.sethook(co, cohook, "l")
C.eq(debug.gethook(co), cohook, "the coroutine's hook")
C.eq(debug.gethook(), nil, "the main thread has none")
local mainlines = 0
local ok, v = coroutine.resume(co, 1)
C.eq(v, 2, "the coroutine ran")
C.check(#colines >= 2, "line events in the coroutine")
C.eq(mainlines, 0, "none in the main thread")
local fresh = coroutine.create(function () return debug.gethook() end)
C.eq(select(2, coroutine.resume(fresh)), nil, "a new coroutine starts without a hook")

-- the mask and count given back
local function quiet() end
debug.sethook(quiet, "cr", 7)
local f, mask, count = debug.gethook()
debug.sethook()
C.eq(f, quiet, "gethook: function")
C.eq(mask, "cr", "gethook: mask")
C.eq(count, 7, "gethook: count")
C.eq(debug.gethook(), nil, "cleared")

print("debug_full_hooks: ok")
