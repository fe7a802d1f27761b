-- Self-checking tests of Ward's sandbox (io.ward.lua.lib.Sandbox): require loads Lua files
-- only, no binary chunks anywhere, no io/os/luajava, only the read-only debug subset, no string.dump.
--
-- Standard Lua 5.2 only; meant to run on Ward's restricted environment (on a stock Lua these
-- checks fail on purpose). Returns the number of checks that ran.

local checks = 0

local function show(v)
  if type(v) == "string" then
    return string.format("%q", v)
  end
  return tostring(v)
end

local function check(cond, label, got)
  if not cond then
    error(label .. (got ~= nil and (": got " .. show(got)) or ""), 2)
  end
  checks = checks + 1
end

local function has(s, part)
  return type(s) == "string" and string.find(s, part, 1, true) ~= nil
end

local BINARY = "attempt to load a binary chunk (mode is 't')"
-- The header of a Lua 5.2 binary chunk, followed by some junk.
local CHUNK = "\27Lua\82\0\1\4\4\4\8\0\25\147\13\10\26\10" .. string.rep("\0", 32)

-- 1. Libraries that must not exist.
do
  check(io == nil, "no io")
  check(os == nil, "no os")
  check(luajava == nil, "no luajava")
  -- debug: traceback and getinfo only (debug_readonly.lua checks them); a bare
  -- Sandbox.restrict (BaseEnvironmentTest) leaves none at all
  if debug ~= nil then
    local names = {}
    for k in pairs(debug) do names[#names + 1] = k end
    table.sort(names)
    check(table.concat(names, ",") == "getinfo,traceback", "debug is the read-only subset")
    check(require("debug") == debug, "require('debug') is the subset")
    check(debug.sethook == nil, "no debug.sethook")
  else
    check(package.loaded.debug == nil, "package.loaded.debug is absent")
    check(not pcall(require, "debug"), "require('debug') fails")
    check(true, "no debug")
  end
  for _, name in ipairs({ "io", "os", "luajava" }) do
    check(package.loaded[name] == nil, "package.loaded." .. name .. " is absent")
    local ok = pcall(require, name)
    check(not ok, "require('" .. name .. "') fails")
  end
  check(string.dump == nil, "string.dump is absent")
  check(("x").dump == nil, "no dump method on strings")
end

-- 2. The libraries that must be there.
do
  check(type(require) == "function", "require")
  check(type(package) == "table" and type(package.loaded) == "table", "package")
  check(type(string.format) == "function" and type(table.concat) == "function"
    and type(math.floor) == "function", "string, table, math")
  check(type(load) == "function" and type(loadfile) == "function" and type(dofile) == "function", "load family")
end

-- 3. require: preload and Lua files only.
do
  local ok, e = pcall(require, "no_such_module_xyz")
  check(not ok and has(e, "no_such_module_xyz"), "require of a missing module fails", e)
  check(has(e, "no field package.preload['no_such_module_xyz']"), "the preload searcher is listed", e)
  check(has(e, "no_such_module_xyz.lua"), "the Lua file searcher is listed", e)
  check(not has(e, "no class"), "no Java class searcher", e)
  check(not has(e, ".so'") and not has(e, ".dll'"), "no C searcher", e)

  ok, e = pcall(require, "java.lang.System")
  check(not ok, "require cannot load Java classes", e)
  ok, e = pcall(require, "org.luaj.vm2.lib.jse.LuajavaLib")
  check(not ok, "require cannot load LuaJ's luajava library", e)

  check(type(package.searchers) == "table" and #package.searchers >= 1, "package.searchers")
  for i, searcher in ipairs(package.searchers) do
    local r = searcher("java.lang.System")
    check(type(r) ~= "function", "searcher #" .. i .. " finds no Java class", r)
  end

  local preloaded = {}
  package.preload.sandbox_preloaded = function(name) return preloaded end
  check(require("sandbox_preloaded") == preloaded, "preload still works")
  package.loaded.sandbox_preloaded = nil
  package.preload.sandbox_preloaded = nil

  local lib, msg, where = package.loadlib("libc.so.6", "puts")
  check(lib == nil and msg == "dynamic libraries not enabled" and where == "absent", "package.loadlib is disabled", msg)
  lib, msg, where = package.loadlib("anything", "*")
  check(lib == nil and where == "absent", "package.loadlib with '*'")
end

-- 4. load: text only.
do
  local f, e = load(CHUNK)
  check(f == nil and e == BINARY, "load of a binary chunk", e)
  f, e = load("\27")
  check(f == nil and e == BINARY, "load of a lone ESC", e)
  f, e = load(CHUNK, "bin", "b")
  check(f == nil and e == BINARY, "mode 'b' does not enable binary chunks", e)
  f, e = load(CHUNK, "bin", "bt")
  check(f == nil and e == BINARY, "mode 'bt' does not enable binary chunks", e)
  f, e = load(CHUNK, "bin", "t")
  check(f == nil and e == BINARY, "mode 't' refuses binary chunks", e)

  f, e = load("return 1", "x", "b")
  check(f == nil and e == "attempt to load a text chunk (mode is 'b')", "mode 'b' refuses text", e)
  f, e = load("return 1", "x", "t")
  check(f and f() == 1, "mode 't' loads text", e)
  f, e = load("return 2", "x", "bt")
  check(f and f() == 2, "mode 'bt' loads text", e)
  f, e = load("return 3")
  check(f and f() == 3, "default mode loads text", e)
  f, e = load("")
  check(type(f) == "function" and select("#", f()) == 0, "empty chunk", e)

  -- Reader functions.
  local pieces = { "\27", "Lua", "\82" }
  local i = 0
  f, e = load(function() i = i + 1; return pieces[i] end)
  check(f == nil and e == BINARY, "binary chunk from a reader function", e)
  pieces = { "return ", "4", "" }
  i = 0
  f, e = load(function() i = i + 1; return pieces[i] end)
  check(f and f() == 4, "text chunk from a reader function", e)

  -- Environments still work.
  local env = { y = 5 }
  f = load("return y", "env", "t", env)
  check(f() == 5, "load with env")

  -- Nested loads do not mix up modes.
  local served = false
  f, e = load(function()
    if not served then
      served = true
      local g, ge = load("return 1", "inner", "b")
      check(g == nil and has(ge, "text chunk"), "inner load with mode 'b'", ge)
      return "return 6"
    end
    return nil
  end, "outer", "t")
  check(f and f() == 6, "outer load keeps its own mode", e)

  -- Syntax errors are still reported normally.
  f, e = load("x = = 1", "=syntax")
  check(f == nil and has(e, "syntax"), "syntax error message", e)
end

-- 5. Chunk names of load follow Lua 5.2.
do
  local ok, e = pcall(load("error('z')"))
  check(not ok and e == "[string \"error('z')\"]:1: z", "default chunk name of a string", e)
  ok, e = pcall(load("error('z')", "chunk"))
  check(not ok and e == "[string \"chunk\"]:1: z", "plain chunk name", e)
  ok, e = pcall(load("error('z')", "=named"))
  check(not ok and e == "named:1: z", "'=' chunk name", e)
  ok, e = pcall(load("error('z')", "@file.lua"))
  check(not ok and e == "file.lua:1: z", "'@' chunk name", e)
  ok, e = pcall(load("\nerror('z')"))
  check(not ok and e == "[string \"...\"]:2: z", "multi-line source is cut at the first line", e)
  local long = string.rep("x", 50) .. " = 1 error('z')"
  ok, e = pcall(load(long))
  check(not ok and e == "[string \"" .. string.rep("x", 45) .. "...\"]:1: z", "long source is truncated", e)
  local n = 0
  ok, e = pcall(load(function() n = n + 1; if n == 1 then return "error('z')" end end))
  check(not ok and e == "(load):1: z", "reader function chunk name", e)
end

-- 6. loadfile / dofile of a missing file fail cleanly (no Java names).
do
  local f, e = loadfile("no/such/file.lua")
  check(f == nil and type(e) == "string" and not has(e, "java"), "loadfile of a missing file", e)
  local ok, e2 = pcall(dofile, "no/such/file.lua")
  check(not ok and not has(e2, "java"), "dofile of a missing file", e2)
  f, e = loadfile("no/such/file.lua", "b")
  check(f == nil, "loadfile with mode 'b'", e)
end

return checks
