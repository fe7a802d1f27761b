-- Self-checking tests of chunk names (Lua 5.2): load keeps the name it is given as the
-- chunk's source, and it is shortened (luaO_chunkid) only where it is printed: error
-- positions, short_src, syntax errors. Standard Lua 5.2 only (also passes on lua5.2).
local check = require("check")

local function source(f) return debug.getinfo(f, "S").source end
local function short(f) return debug.getinfo(f, "S").short_src end
local function err(f) return select(2, pcall(f)) end

-- the name as given, whatever its form
for _, name in ipairs({"modname", "=x", "@f.lua", "", "a\nb", string.rep("n", 100)}) do
  check.eq(source(load("return 1", name)), name, "source of a chunk named " .. name)
end
-- a string chunk without a name is named by its text; a reader function's by "=(load)"
check.eq(source(load("return 1")), "return 1", "a string chunk's text")
local done = false
local f = load(function() if not done then done = true return "return 2" end end)
check.eq(source(f), "=(load)", "a reader's chunk")
check.eq(short(f), "(load)", "a reader's chunk printed")

-- printed forms
check.eq(short(load("return 1", "modname")), '[string "modname"]', "a plain name")
check.eq(short(load("return 1", "=x")), "x", "=name")
check.eq(short(load("return 1", "@f.lua")), "f.lua", "@file")
check.eq(short(load("return 1", "a\nb")), '[string "a..."]', "up to the first newline")
check.eq(short(load("return 1", string.rep("n", 100))), '[string "' .. string.rep("n", 45) .. '..."]',
  "a long name")
check.eq(short(load("return 1", "=" .. string.rep("e", 80))), string.rep("e", 59), "=name cut at 59")
local path = "@" .. string.rep("dir/", 20) .. "file.lua"
check.eq(short(load("return 1", path)), "..." .. path:sub(-56), "a long path keeps its end")
check.eq(short(load("x = 1\nreturn x")), '[string "x = 1..."]', "a multi-line chunk")

-- in error positions
check.eq(err(load("error('boom')", "modname")), '[string "modname"]:1: boom', "error()")
check.eq(err(load("local t\nreturn t.x", "@f.lua")), "f.lua:2: attempt to index local 't' (a nil value)",
  "an operation's error")
check.eq(err(load("local function g() error('up', 2) end\ng()", "=x")), "x:2: up", "error(msg, 2)")
check.eq(select(2, load("x = = 1", "modname")), '[string "modname"]:1: unexpected symbol near \'=\'',
  "a syntax error")
check.eq(select(2, load("x = = 1", path)), "..." .. path:sub(-56) .. ":1: unexpected symbol near '='",
  "a syntax error in a long path")
check.eq(err(load("error('e')")), '[string "error(\'e\')"]:1: e', "a chunk named by its text")

-- the official calls.lua's check: a reader's chunk keeps its name
local pieces = {"x", "=", "10"}
local g = load(function() return table.remove(pieces, 1) end, "modname", "t", {})
check.eq(source(g), "modname", "a reader's chunk with a name")

return check.count()
