-- debug.getlocal and debug.setlocal as Lua 5.2 has them (docs/LUA.md, "The sandbox"): named
-- locals, extra arguments of vararg functions ("(*vararg)", negative indexes), registers that
-- hold no named local ("(*temporary)"), and level 0 (getlocal's own arguments). Run with the
-- full debug library (LuaScriptsTest: debug_full_*). Standard Lua 5.2 passes it too:
-- `lua5.2 -e 'package.path="lib/?.lua"' debug_full_locals.lua`.
local C = require("check")

-- extra arguments, read and written by negative index
local function spread(first, ...)
  local seen = {}
  local i = 1
  while true do
    local name, value = debug.getlocal(1, -i)
    if name == nil then break end
    C.eq(name, "(*vararg)", "name of extra argument " .. i)
    seen[i] = value
    i = i + 1
  end
  return first, seen
end
local first, seen = spread("p", "x", false, nil, 7)
C.eq(first, "p", "the fixed parameter is no extra argument")
C.eq(seen[1], "x", "extra 1")
C.eq(seen[2], false, "extra 2")
C.eq(seen[3], nil, "extra 3 (nil is still counted)")
C.eq(seen[4], 7, "extra 4")
C.eq(select("#", spread()), 2, "no extras: the loop ends at once")
C.eq(#select(2, spread()), 0, "no extras seen")

-- setlocal of an extra argument changes what '...' gives afterwards, from an inner function too
local function rewrite(...)
  C.eq(debug.setlocal(1, -2, "two"), "(*vararg)", "setlocal names the extra argument")
  C.eq(debug.setlocal(1, -4, "no such"), nil, "past the last extra argument")
  local function deeper()
    C.eq(debug.setlocal(2, -1, "one"), "(*vararg)", "setlocal from a level below")
  end
  deeper()
  return ...
end
local a1, a2, a3 = rewrite(1, 2, 3)
C.eq(a1, "one", "first extra rewritten")
C.eq(a2, "two", "second extra rewritten")
C.eq(a3, 3, "third untouched")

-- a function without '...' has no extra arguments, whatever it was called with
local function fixed(x)
  return debug.getlocal(1, -1)
end
C.eq(fixed(1, 2, 3), nil, "no varargs in a fixed-arity function")

-- registers without a name: the value below the called function's slot
local function callee()
  local name, value = debug.getlocal(2, 3)
  C.eq(name, "(*temporary)", "temporary name")
  C.eq(value, 5, "temporary value: a + 1")
  C.eq(debug.getlocal(2, 4), nil, "the called function's own slot is past the limit")
  debug.setlocal(2, 3, 100)
  return 1
end
local function caller(a, b)
  return (a + 1) + callee()
end
C.eq(caller(4, 0), 101, "setlocal of a temporary changes the pending sum")

-- level 0 is getlocal itself: its arguments are its temporaries
local n0, v0 = debug.getlocal(0, 1)
C.eq(n0, "(*temporary)", "level 0 name")
C.eq(v0, 0, "level 0, slot 1: the level argument")
C.eq(select(2, debug.getlocal(0, 2)), 2, "level 0, slot 2: the index argument")
C.eq(debug.getlocal(0, 3), nil, "level 0 has two slots")
C.eq(debug.getlocal(0, 0), nil, "index 0 is nothing")

-- named locals still come first, and only once they are active
local function named(p)
  local q = p * 2
  local names = {}
  local i = 1
  while true do
    local name = debug.getlocal(1, i)
    if name == nil or name == "(*temporary)" then break end
    names[#names + 1] = name
    i = i + 1
  end
  return table.concat(names, ",")
end
C.eq(named(1), "p,q,names,i", "active locals of the frame, in order")

-- a coroutine's body function has its extra arguments too
local co = coroutine.wrap(function (...)
  C.eq(select(2, debug.getlocal(1, -2)), "b", "extra argument of a coroutine body")
  debug.setlocal(1, -1, "A")
  coroutine.yield(...)
end)
local c1, c2 = co("a", "b")
C.eq(c1, "A", "set in the coroutine body")
C.eq(c2, "b", "left alone")

print("debug_full_locals: ok")
