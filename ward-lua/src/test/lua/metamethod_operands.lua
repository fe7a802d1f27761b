-- Metamethods see their operands as written: a numeric string stays a string, and a number
-- or string compared with a table reaches the table's __lt / __le. Also passes under lua5.2.

local log
local function recorder(event)
  return function(a, b)
    log = {event, a, b}
    return event
  end
end

local mt = {}
for _, e in ipairs({"add", "sub", "mul", "div", "mod", "pow"}) do
  mt["__" .. e] = recorder(e)
end
local box = setmetatable({}, mt)

-- a string on the left: the metamethod gets the string, not the number it converts to
local cases = {
  {"add", function() return "7" + box end},
  {"sub", function() return "7" - box end},
  {"mul", function() return "7" * box end},
  {"div", function() return "7" / box end},
  {"mod", function() return "7" % box end},
  {"pow", function() return "7" ^ box end},
}
for _, c in ipairs(cases) do
  local event, f = c[1], c[2]
  assert(f() == event, event)
  assert(log[1] == event and log[2] == "7" and type(log[2]) == "string", event)
  assert(log[3] == box, event)
end

-- and on the right
assert(box + " 8 " == "add" and log[3] == " 8 " and type(log[3]) == "string")
-- a number stays a number
assert(3 * box == "mul" and log[2] == 3 and type(log[2]) == "number")
-- two numeric strings never reach a metamethod
assert("2" + "3" == 5 and "2" ^ "3" == 8)
-- a string that is no numeral, with no metamethod on either side: the string is blamed
local ok, err = pcall(function() return "x" + {} end)
assert(not ok and err:find("attempt to perform arithmetic on a string value", 1, true), err)
ok, err = pcall(function() return "5" + {} end)
assert(not ok and err:find("attempt to perform arithmetic on a table value", 1, true), err)

-- comparisons: a number or a string on the left, a table with the metamethod on the right
local seen
local Wrapped = {}
Wrapped.__lt = function(a, b)
  seen = {"lt", a, b}
  local x = type(a) == "table" and a.v or a
  local y = type(b) == "table" and b.v or b
  return x < y
end
local function wrap(v) return setmetatable({v = v}, Wrapped) end

assert(1 < wrap(2) and seen[2] == 1 and seen[1] == "lt")
assert(not (2.5 < wrap(2)) and seen[2] == 2.5)
assert("a" < wrap("b") and seen[2] == "a")
assert(not ("c" < wrap("b")))
-- <= without __le: not (b < a), through __lt with the operands swapped
assert(2 <= wrap(2) and seen[2].v == 2 and seen[3] == 2)
assert("b" <= wrap("b") and seen[3] == "b")
-- > and >= swap the operands: the table is on the left of the metamethod call
assert(wrap(3) > 2 and seen[2] == 2)

Wrapped.__le = function(a, b)
  seen = {"le", a, b}
  local x = type(a) == "table" and a.v or a
  local y = type(b) == "table" and b.v or b
  return x <= y
end
assert(1.5 <= wrap(2) and seen[1] == "le" and seen[2] == 1.5)
assert(not ("z" <= wrap("b")) and seen[2] == "z")

-- without a metamethod it is still an error, worded as Lua 5.2
ok, err = pcall(function() return 1 < {} end)
assert(not ok and err:find("attempt to compare number with table", 1, true), err)
ok, err = pcall(function() return "a" <= {} end)
assert(not ok and err:find("attempt to compare string with table", 1, true), err)
ok, err = pcall(function() return "a" < 1 end)
assert(not ok and err:find("attempt to compare string with number", 1, true), err)
ok, err = pcall(function() return 1 <= nil end)
assert(not ok and err:find("attempt to compare number with nil", 1, true), err)
-- strings still compare by bytes
assert("a" < "b" and "ab" <= "ab" and not ("b" <= "a") and "\xe1" > "a")
