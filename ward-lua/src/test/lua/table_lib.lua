-- Lua 5.2.4's table library as Ward provides it (WardTableLib): raw element access, # with
-- __len, C-int positions, Lua 5.2's error texts. Standard Lua 5.2 only: the same script passes
-- under lua5.2 (LUA_PATH='lib/?.lua;;' lua5.2 table_lib.lua).
local check = require("check")
local eq, raises = check.eq, check.raises_plain

local function list(t, n)
  local o = {}
  for i = 1, n or #t do o[i] = tostring(rawget(t, i)) end
  return table.concat(o, ",")
end

-- insert
local t = {1, 2}
table.insert(t, 3)
eq(list(t), "1,2,3", "insert at the end")
table.insert(t, 1, 0)
eq(list(t), "0,1,2,3", "insert at the front")
table.insert(t, 5, 4)
eq(list(t), "0,1,2,3,4", "insert at n+1")
table.insert(t, 2.9, "x") -- positions are truncated like luaL_checkint
eq(list(t), "0,x,1,2,3,4", "fractional position")
table.insert(t, "1", "s")
eq(t[1], "s", "numeric string position")
raises("bad argument #2 to 'insert' (position out of bounds)", function() table.insert({1, 2}, 4, 20) end)
raises("bad argument #2 to 'insert' (position out of bounds)", function() table.insert({1, 2}, 0, 20) end)
raises("bad argument #2 to 'insert' (position out of bounds)", function() table.insert({}, -1, 20) end)
raises("bad argument #2 to 'insert' (number expected, got string)", function() table.insert({}, "x", 20) end)
raises("bad argument #2 to 'insert' (number expected, got nil)", function() table.insert({}, nil, 20) end)
raises("wrong number of arguments to 'insert'", function() table.insert({}) end)
raises("wrong number of arguments to 'insert'", function() table.insert({}, 1, 2, 3) end)
raises("bad argument #1 to 'insert' (table expected, got nil)", function() table.insert(nil, 1) end)
raises("bad argument #1 to 'insert' (table expected, got no value)", function() table.insert() end)
-- raw access: __newindex and __index are not used
local log = {}
local proxy = setmetatable({}, { __newindex = function(_, k) log[#log + 1] = k end, __index = function() return "i" end })
table.insert(proxy, "v")
eq(rawget(proxy, 1), "v", "insert writes raw")
eq(#log, 0, "no __newindex")
-- # honours __len, which must be a number
local sized = setmetatable({}, { __len = function() return 2 end })
table.insert(sized, "z")
eq(rawget(sized, 3), "z", "insert after __len")
raises("object length is not a number", function() table.insert(setmetatable({}, { __len = function() return "x" end }), 1) end)
local strlen = setmetatable({}, { __len = function() return "1" end })
table.insert(strlen, "w")
eq(rawget(strlen, 2), "w", "a numeric string length converts")

-- remove
t = {1, 2, 3}
eq(table.remove(t), 3, "remove the last")
eq(table.remove(t, 1), 1, "remove the first")
eq(list(t), "2", "after removes")
eq(table.remove({}), nil, "remove from empty")
eq(table.remove({}, 0), nil, "remove position 0 of an empty table")
eq(table.remove({}, 1), nil, "remove position n+1")
eq(table.remove({ [0] = "z" }, 0), "z", "position 0 when n is 0 reads t[0]")
eq(table.remove({1, 2}, 3), nil, "position n+1 is allowed")
raises("bad argument #1 to 'remove' (position out of bounds)", function() table.remove({1, 2}, 4) end)
raises("bad argument #1 to 'remove' (position out of bounds)", function() table.remove({1, 2}, 0) end)
raises("bad argument #1 to 'remove' (position out of bounds)", function() table.remove({}, -1) end)
raises("bad argument #1 to 'remove' (position out of bounds)", function() table.remove({}, 2) end)
raises("bad argument #2 to 'remove' (number expected, got table)", function() table.remove({}, {}) end)

-- concat
eq(table.concat({1, 2.5, "x", 1e15, 2 ^ 53, 1 / 0}, " "), "1 2.5 x 1e+15 9.007199254741e+15 inf", "numbers as Lua prints them")
eq(table.concat({1, 2, 3}, ", ", 2, 3), "2, 3", "range")
eq(table.concat({1, 2, 3}, ", ", 3, 2), "", "empty range")
eq(table.concat({1, 2, 3}, 5), "15253", "a number separator")
eq(table.concat({}), "", "empty table")
raises("invalid value (table) at index 3 in table for 'concat'", function() table.concat({1, 2, {}}) end)
raises("invalid value (nil) at index 4 in table for 'concat'", function() table.concat({1, 2, 3}, ",", 1, 5) end)
raises("invalid value (boolean) at index 1 in table for 'concat'", function() table.concat({true}) end)
raises("bad argument #2 to 'concat' (string expected, got table)", function() table.concat(nil, {}) end)
raises("bad argument #1 to 'concat' (table expected, got nil)", function() table.concat(nil) end)
raises("bad argument #3 to 'concat' (number expected, got string)", function() table.concat({}, "", "x") end)

-- unpack and pack
eq(select("#", table.unpack({1, 2, 3})), 3, "unpack all")
eq(select("#", table.unpack({1, 2, 3}, 2)), 2, "unpack from 2")
eq(select("#", table.unpack({}, 1, 3)), 3, "unpack pads with nil")
eq(select("#", table.unpack({1, 2, 3}, 3, 1)), 0, "empty range")
eq(select("#", table.unpack({1, 2, 3}, -1, 1)), 3, "negative start")
local a, b = table.unpack({1, 2, 3}, 2.7, 3.9)
eq(a, 2, "fractions truncate")
eq(b, 3, "fractions truncate (end)")
eq(select("#", table.unpack({}, 1, 2 ^ 40)), 0, "2^40 as a C int is 0")
eq(select("#", table.unpack({}, 1, 100000)), 100000, "many results")
raises("too many results to unpack", function() return table.unpack({}, 1, 1e7) end)
raises("too many results to unpack", function() return table.unpack({}, -2 ^ 31 + 1, 2 ^ 31 - 1) end)
raises("bad argument #1 to 'unpack' (table expected, got no value)", function() return table.unpack() end)
eq(unpack, table.unpack, "the global unpack of Lua 5.2's compatibility build")
local p = table.pack(nil, 2, nil)
eq(p.n, 3, "pack counts nils")
eq(p[2], 2, "pack stores")
eq(table.pack().n, 0, "empty pack")

-- sort
t = {5, 2, 8, 1, 9, 3}
table.sort(t)
eq(list(t), "1,2,3,5,8,9", "default order")
table.sort(t, function(x, y) return x > y end)
eq(list(t), "9,8,5,3,2,1", "comparator")
t = {"b", "a", "B", "\200", ""}
table.sort(t)
eq(list(t), ",B,a,b,\200", "strings by bytes")
local big = {}
for i = 1, 16 do big[i] = i end
raises("invalid order function for sorting", function() table.sort(big, function() return true end) end)
raises("attempt to compare string with number", function() table.sort({3, 1, "x"}) end)
raises("attempt to compare two table values", function() table.sort({{}, {}}) end)
raises("attempt to compare table with number", function() table.sort({3, 1, {}}) end)
raises("bad argument #2 to 'sort' (function expected, got number)", function() table.sort({1, 2, 3}, 5) end)
raises("bad argument #1 to 'sort' (table expected, got nil)", function() table.sort(nil) end)
local mt = { __lt = function(x, y) return x.v < y.v end }
local objs = {}
for i, v in ipairs({4, 1, 3}) do objs[i] = setmetatable({ v = v }, mt) end
table.sort(objs)
eq(objs[1].v .. objs[2].v .. objs[3].v, "134", "__lt")
table.sort(setmetatable({}, { __len = function() return 2 ^ 31 end })) -- a negative C int: nothing to do
eq(table.maxn({1, 2, [5] = 1, [7.5] = 2}), 7.5, "maxn")

print("table_lib.lua: " .. check.count() .. " checks passed")
