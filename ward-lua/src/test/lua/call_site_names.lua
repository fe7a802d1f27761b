-- Bad-argument messages name a function the way it was called, as Lua 5.2's luaL_argerror does.
-- Self-checking; passes under lua5.2 as well (`lua5.2 call_site_names.lua`).

-- runs src as chunk "=c" and returns its error message
local function err_of(src)
  local f = assert(load(src, "=c"))
  local ok, msg = pcall(f)
  assert(not ok, src .. ": no error")
  return msg
end

local function same(src, want)
  local got = err_of(src)
  assert(got == want, src .. "\n  want: " .. want .. "\n  got:  " .. tostring(got))
end

-- the variable a Lua call went through
same("string.rep()", "c:1: bad argument #1 to 'rep' (string expected, got no value)")
same("local dup = string.rep; dup()", "c:1: bad argument #1 to 'dup' (string expected, got no value)")
same("REPEAT = string.rep; REPEAT('x', {})", "c:1: bad argument #2 to 'REPEAT' (number expected, got table)")
same("local lib = {twice = string.rep}; lib.twice('x', 'y')",
  "c:1: bad argument #2 to 'twice' (number expected, got string)")
same("local r = string.rep; local function inner() return 1 + #r() end inner()",
  "c:1: bad argument #1 to 'r' (string expected, got no value)")
same("local t = {string.rep}; t[1]()", "c:1: bad argument #1 to '?' (string expected, got no value)")
REPEAT = nil

-- method calls: self is not counted, and a bad self says so
same("('x'):rep({})", "c:1: bad argument #1 to 'rep' (number expected, got table)")
same("local s = 'abc' return s:sub('one')", "c:1: bad argument #1 to 'sub' (number expected, got string)")
same("local obj = {cut = string.sub}; obj:cut(1)", "c:1: calling 'cut' on bad self (string expected, got table)")
same("local proxy = setmetatable({}, {__index = string}); proxy:upper()",
  "c:1: calling 'upper' on bad self (string expected, got table)")

-- LuaJ's own functions (base library, io, os) are named the same way
same("local show = tostring; show()", "c:1: bad argument #1 to 'show' (value expected)")
same("next(1)", "c:1: bad argument #1 to 'next' (table expected, got number)")
same("for k in next, 1 do end", "c:1: bad argument #1 to 'for iterator' (table expected, got number)")
do -- the index is found among pcall's arguments; 5.2 may say '_G.next' (its traversal order)
  local ok, m = pcall(next, 1)
  assert(not ok and (m:gsub("'_G%.", "'")) == "bad argument #1 to 'next' (table expected, got number)", m)
end
same("local t = {num = tonumber} t:num(10)", "c:1: calling 'num' on bad self (string expected, got table)")

-- a tail call has the caller's position, as in Lua
same("return math.floor({})", "c:1: bad argument #1 to 'floor' (number expected, got table)")

-- functions called by the interpreter for an operation: the metamethod's event
same("local t = setmetatable({}, {__index = string.rep}) return t.key",
  "c:1: bad argument #1 to '__index' (string expected, got table)")
same("local t = setmetatable({}, {__concat = math.floor}) return t .. 'x'",
  "c:1: bad argument #1 to '__concat' (number expected, got table)")
same("local t = setmetatable({}, {__call = string.upper}) return t()",
  "c:1: bad argument #1 to 't' (string expected, got table)")
same("for _ in string.upper do end", "c:1: bad argument #1 to 'for iterator' (string expected, got nil)")

-- functions called from library code (C in Lua): named by where _G holds them, no position
local ok, msg = pcall(string.rep)
assert(not ok and msg == "bad argument #1 to 'string.rep' (string expected, got no value)", msg)
ok, msg = pcall(math.floor, "x")
assert(not ok and msg == "bad argument #1 to 'math.floor' (number expected, got string)", msg)
same("table.sort({3, 2, 1}, table.insert)",
  "bad argument #1 to 'table.insert' (table expected, got number)")
same("string.gsub('abc', '%w', math.floor)", "bad argument #1 to 'math.floor' (number expected, got string)")
-- a Lua function in between settles the name where it calls
same("table.sort({3, 2, 1}, function(a, b) return string.rep() end)",
  "c:1: bad argument #1 to 'rep' (string expected, got no value)")
local co = coroutine.create(string.char)
ok, msg = coroutine.resume(co, -1)
assert(not ok and msg == "bad argument #1 to 'string.char' (value out of range)", msg)

-- compiler limits read as Lua 5.2's
local _, limit = load(("x,"):rep(250) .. "x = nil", "=c")
assert(limit:find("^c:1: too many C levels %(limit is 200%) in main function near "), limit)
_, limit = load("local v" .. (", v"):rep(200), "=c")
assert(limit == "c:1: too many local variables (limit is 200) in main function near <eof>", limit)
-- each function has its own 200 locals
local nested = "local a0" .. (", a"):rep(150) .. "\nlocal function g()\n  local b0" .. (", b"):rep(150)
  .. "\nend"
assert(load(nested, "=c"))

-- io's files share one metatable, as Lua's FILE*
if io and io.stdout then
  local mt = getmetatable(io.stdout)
  assert(type(mt) == "table" and mt == getmetatable(io.stderr) and mt.__index == mt)
  assert(mt.write == io.stdout.write and type(mt.__gc) == "function")
  assert(tostring(io.stdout):match("^file %(") and mt.__tostring(io.stdout) == tostring(io.stdout))
  same("getmetatable(io.stdout).__gc()", "c:1: bad argument #1 to '__gc' (FILE* expected, got no value)")
  same("getmetatable(io.stdout).__tostring({})",
    "c:1: bad argument #1 to '__tostring' (FILE* expected, got table)")
end

print("call_site_names ok")
