-- string.dump and binary chunks, opened by the opt-in "binary" library (docs/LUA.md, "The
-- sandbox"; LuaScriptsTest gives binary_* scripts it and the full debug library). Standard Lua
-- 5.2 passes it too: `lua5.2 -e 'package.path="lib/?.lua"' binary_chunks.lua`.
local C = require("check")

-- one character at a time, as a load reader
local function reader(s)
  local i = 0
  return function()
    i = i + 1
    return s:sub(i, i)
  end
end

-- a dumped function comes back with the same code, constants, nested functions and source
local function sample(n, ...)
  local parts = {}
  for i = 1, n do parts[#parts + 1] = i * 1.5 end
  local function inner(x) return "<" .. x .. ">" end
  return inner(table.concat(parts, ",")), select("#", ...)
end
local bytes = string.dump(sample)
C.eq(type(bytes), "string", "dump gives a string")
C.eq(bytes:sub(1, 4), "\27Lua", "a binary chunk starts with the signature")
local copy = assert(load(bytes))
C.check(copy ~= sample, "a new function")
local s, extra = copy(3, "a", "b")
C.eq(s, "<1.5,3,4.5>", "the copy computes what the original does")
C.eq(extra, 2, "the copy keeps its varargs")
C.eq(debug.getinfo(copy, "S").source, debug.getinfo(sample, "S").source, "the dumped source name is kept")
C.eq(debug.getinfo(copy, "S").linedefined, debug.getinfo(sample, "S").linedefined, "line information is kept")
C.eq(string.dump(copy), bytes, "dumping the copy gives the same bytes")

-- a reader function, and every mode that allows binary
for _, mode in ipairs({ "b", "bt" }) do
  local f = assert(load(reader(bytes), "=reader", mode))
  C.eq((f(1)), "<1.5>", "loaded through a reader in mode " .. mode)
end
C.eq((assert(load(bytes, "named", nil))(2)), "<1.5,3>", "mode nil allows binary")

-- the modes refuse what they do not allow, with Lua's texts
local f, err = load(bytes, "x", "t")
C.eq(f, nil, "mode t refuses a binary chunk")
C.eq(err, "attempt to load a binary chunk (mode is 't')", "mode t's error")
f, err = load(reader(bytes), "x", "t")
C.eq(err, "attempt to load a binary chunk (mode is 't')", "mode t's error through a reader")
f, err = load("return 1", "x", "b")
C.eq(err, "attempt to load a text chunk (mode is 'b')", "mode b refuses text")

-- a main chunk's only upvalue is _ENV: the globals, or load's env argument
GLOBAL_MARK = "global"
local main = string.dump(load("return GLOBAL_MARK"))
C.eq(load(main)(), "global", "the only upvalue becomes the globals")
C.eq(load(main, "e", "b", { GLOBAL_MARK = "env" })(), "env", "load's env argument becomes the first upvalue")
GLOBAL_MARK = nil

-- a function with several upvalues: all nil after load, names kept, env goes to the first
local a, b = 1, 2
local function pair(set)
  if set then a = set; b = b + 1 end
  return a, b
end
local p = load(string.dump(pair))
C.eq(debug.getupvalue(p, 1), "a", "first upvalue name after undump")
C.eq(debug.getupvalue(p, 2), "b", "second upvalue name after undump")
C.eq(select(2, debug.getupvalue(p, 1)), nil, "upvalues start nil (not the globals)")
C.eq(debug.getupvalue(p, 3), nil, "only two upvalues")
debug.setupvalue(p, 2, 10)
local ra, rb = p(5)
C.eq(ra, 5, "first upvalue written")
C.eq(rb, 11, "second upvalue used")
C.eq(a, 1, "the original's upvalues are not shared")
local withEnv = load(string.dump(pair), "p", "b", "first")
C.eq(select(2, debug.getupvalue(withEnv, 1)), "first", "the env argument goes to the first upvalue")
C.eq(select(2, debug.getupvalue(withEnv, 2)), nil, "and only there")

-- _ENV that is not the first upvalue stays nil until set
local x
local function late()
  local y = x
  return LATE_GLOBAL
end
local l = load(string.dump(late), "", "b")
C.eq(debug.getupvalue(l, 2), "_ENV", "_ENV is the second upvalue")
C.raises("attempt to index", l)
debug.setupvalue(l, 2, { LATE_GLOBAL = 42 })
C.eq(l(), 42, "_ENV set by hand")

-- broken chunks are Lua errors, named after the chunk
f, err = load(bytes:sub(1, 10))
C.eq(f, nil, "a truncated header does not load")
C.eq(err, "binary string: truncated precompiled chunk", "truncated header")
f, err = load(bytes:sub(1, #bytes - 1), "=cut")
C.eq(err, "cut: truncated precompiled chunk", "truncated body")
f, err = load(bytes:sub(1, 4) .. "\81" .. bytes:sub(6), "@file.luac")
C.eq(err, "file.luac: version mismatch in precompiled chunk", "another version")
f, err = load(bytes:sub(1, 18) .. ("\255"):rep(#bytes - 18), "=junk")
C.eq(err, "junk: corrupted precompiled chunk", "garbage after the header")
f, err = load("\27")
C.eq(err, "binary string: truncated precompiled chunk", "the signature's first byte alone")

-- only Lua functions can be dumped
C.raises_exactly("unable to dump given function", string.dump, print)
C.raises("bad argument #1 to '[%w.]*dump' %(function expected, got no value%)", string.dump)
C.raises("bad argument #1 to '[%w.]*dump' %(function expected, got table%)", string.dump, {})
