-- Lua 5.2.4's base functions where Ward replaces LuaJ's (WardBaseLib and the sandbox's load):
-- select, ipairs/pairs with __ipairs/__pairs, rawlen, rawequal, rawget, rawset, type,
-- getmetatable/setmetatable with __metatable, collectgarbage, load's arguments, xpcall's extra
-- arguments, _VERSION. Standard Lua 5.2 only: LUA_PATH='lib/?.lua;;' lua5.2 base_functions.lua
-- passes too.
local check = require("check")
local eq, raises = check.eq, check.raises_plain

eq(_VERSION, "Lua 5.2", "_VERSION")

-- select
eq(select(-1, "a", "b"), "b", "negative index")
eq(select("#"), 0, "count of nothing")
eq(select("#", nil, nil), 2, "count of nils")
eq(select("#x", 1), 1, "any string starting with #")
eq(select("2", "a", "b"), "b", "numeric string index")
eq(select(1.7, "a", "b"), "a", "fraction truncates")
eq(select(-1.5, "a", "b"), "b", "negative fraction truncates")
eq(select("#", select(5, "a")), 0, "past the end")
raises("bad argument #1 to 'select' (index out of range)", function() return select(-3, "a", "b") end)
raises("bad argument #1 to 'select' (index out of range)", function() return select(0, "a") end)
raises("bad argument #1 to 'select' (index out of range)", function() return select(2 ^ 31, "a") end)
raises("bad argument #1 to 'select' (number expected, got string)", function() return select("x") end)
raises("bad argument #1 to 'select' (number expected, got no value)", function() return select() end)

-- ipairs and pairs
local t = setmetatable({}, {
  __ipairs = function(self) return 1, 2, 3, 4 end,
  __pairs = function(self) return 5, 6 end,
})
local n, a, b, c = select("#", ipairs(t)), ipairs(t)
eq(n, 3, "__ipairs results cut to three")
eq(a + b + c, 6, "__ipairs results")
n, a, b, c = select("#", pairs(t)), pairs(t)
eq(n, 3, "__pairs results padded to three")
eq(c, nil, "padding")
local seen = {}
for i, v in ipairs(setmetatable({10, 20}, { __index = function(_, k) return k * 100 end })) do seen[#seen + 1] = i .. "=" .. v end
eq(table.concat(seen, " "), "1=10 2=20", "ipairs reads raw")
eq(pairs({}), next, "pairs returns next")
raises("bad argument #1 to 'ipairs' (table expected, got no value)", function() return ipairs() end)
raises("bad argument #1 to 'ipairs' (table expected, got nil)", function() return ipairs(nil) end)
raises("bad argument #1 to 'pairs' (table expected, got number)", function() return pairs(5) end)

-- raw functions and type
eq(rawlen("abc"), 3, "rawlen of a string")
eq(rawlen(setmetatable({1}, { __len = function() return 9 end })), 1, "rawlen ignores __len")
raises("bad argument #1 to 'rawlen' (table or string expected)", function() return rawlen(5) end)
raises("bad argument #1 to 'rawlen' (table or string expected)", function() return rawlen() end)
eq(rawequal(1, 1.0), true, "rawequal numbers")
eq(rawequal({}, {}), false, "rawequal tables")
raises("bad argument #2 to 'rawequal' (value expected)", function() return rawequal(1) end)
raises("bad argument #1 to 'rawequal' (value expected)", function() return rawequal() end)
eq(rawget({5}, 1), 5, "rawget")
raises("bad argument #2 to 'rawget' (value expected)", function() return rawget({}) end)
raises("bad argument #1 to 'rawget' (table expected, got number)", function() return rawget(1, 1) end)
raises("table index is nil", function() return rawset({}, nil, 1) end)
raises("table index is NaN", function() return rawset({}, 0 / 0, 1) end)
raises("bad argument #3 to 'rawset' (value expected)", function() return rawset({}, 1) end)
eq(type(nil), "nil", "type(nil)")
raises("bad argument #1 to 'type' (value expected)", function() return type() end)

-- metatables
eq(getmetatable(setmetatable({}, { __metatable = "locked" })), "locked", "__metatable hides the metatable")
eq(getmetatable("").__index, string, "strings' metatable")
eq(getmetatable(1), nil, "numbers have none")
raises("cannot change a protected metatable", function() return setmetatable(setmetatable({}, { __metatable = 1 }), {}) end)
raises("bad argument #2 to 'setmetatable' (nil or table expected)", function() return setmetatable({}, 5) end)
raises("bad argument #1 to 'setmetatable' (table expected, got number)", function() return setmetatable(5, {}) end)
raises("bad argument #1 to 'setmetatable' (table expected, got nil)", function() return setmetatable(nil, 5) end)
raises("bad argument #1 to 'getmetatable' (value expected)", function() return getmetatable() end)

-- collectgarbage
eq(collectgarbage(), 0, "collect returns 0")
eq(collectgarbage("collect"), 0, "collect")
local kb, bytes = collectgarbage("count")
eq(type(kb), "number", "count in KB")
eq(type(bytes), "number", "and the bytes beyond")
eq(collectgarbage("isrunning"), true, "running")
eq(collectgarbage("stop"), 0, "stop")
eq(collectgarbage("isrunning"), false, "stopped")
eq(collectgarbage("restart"), 0, "restart")
eq(collectgarbage("setpause", 100), 200, "setpause returns the previous pause")
eq(collectgarbage("setpause", 200), 100, "and remembers")
eq(collectgarbage("setstepmul", 200), 200, "setstepmul")
eq(type(collectgarbage("step")), "boolean", "step")
eq(collectgarbage("generational"), 0, "generational")
eq(collectgarbage("incremental"), 0, "incremental")
raises("bad argument #1 to 'collectgarbage' (invalid option 'x')", function() return collectgarbage("x") end)
raises("bad argument #1 to 'collectgarbage' (invalid option '1')", function() return collectgarbage(1) end)
raises("bad argument #2 to 'collectgarbage' (number expected, got string)", function() return collectgarbage("count", "x") end)

-- load's arguments, env; loadstring
eq(load("return x", "n", "t", { x = 5 })(), 5, "env")
eq(load("return x", nil, nil, { x = 6 })(), 6, "env with nil name and mode")
local parts, k = { "return ", "7" }, 0
eq(load(function() k = k + 1 return parts[k] end)(), 7, "a reader function")
local f, err = load("return 1", "n", "b")
eq(f, nil, "mode b refuses text")
eq(err, "attempt to load a text chunk (mode is 'b')", "its message")
raises("bad argument #3 to 'load' (string expected, got table)", function() return load(nil, nil, {}) end)
raises("bad argument #2 to 'load' (string expected, got table)", function() return load(nil, {}) end)
raises("bad argument #1 to 'load' (function expected, got table)", function() return load({}) end)
raises("bad argument #1 to 'load' (function expected, got no value)", function() return load() end)
eq(loadstring("return 8")(), 8, "loadstring")

-- xpcall passes its extra arguments
local ok, x, y = xpcall(function(...) return ... end, print, 1, 2)
eq(ok and x + y, 3, "xpcall extra arguments")

print("base_functions.lua: " .. check.count() .. " checks passed")
