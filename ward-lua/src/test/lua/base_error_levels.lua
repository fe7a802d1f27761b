-- error(msg, level) positions (Lua 5.2) in the main chunk, in coroutines and in tasks.
--
-- A Ward runtime finds a level's position one of two ways: from the execution hook's call
-- stack when the hook is installed, else from LuaJ's per-frame error hook as the error unwinds
-- (io.ward.lua.ErrorLevels). ErrorLevelsTest runs this script both ways on every engine and
-- requires the same results; LuaScriptsTest runs it without the hook. Standard Lua 5.2 apart
-- from the task part, which is skipped when ward.async is missing, so `lua5.2
-- base_error_levels.lua` checks the expectations against the reference interpreter.
--
-- Returns every result, one line each.

local results = {}
local T = { "the table message" }

-- here(f): "chunk:line" of the line f is written on (f raises a level-1 error there).
local function here(f)
  local _, e = pcall(f)
  return (string.match(e, "^(.-:%d+): $"))
end

local function raise(msg, level) error(msg, level) end local RAISE = here(function() error("") end)
local function call(msg, level) raise(msg, level) end local CALL = here(function() error("") end)
local function outer(msg, level) call(msg, level) end local OUTER = here(function() error("") end)

-- Each of these is called by a Java function (pcall, coroutine.resume, the task's start), the
-- bottom of what levels can name: a level beyond the Lua functions gets no position.
local cases = {
  { "level 1 by default", RAISE .. ": m", call, "m" },
  { "level 1", RAISE .. ": m", call, "m", 1 },
  { "level 2", CALL .. ": m", call, "m", 2 },
  { "level 3", OUTER .. ": m", outer, "m", 3 },
  { "level 0", "m", call, "m", 0 },
  { "level past the Lua functions", "m", call, "m", 3 },
  { "table, level 0", T, call, T, 0 },
  { "table, level 1", T, call, T, 1 },
  { "table, level 2", T, call, T, 2 },
  { "number, level 2", CALL .. ": 42", call, 42, 2 },
  { "number, level 0", 42, call, 42, 0 },
  { "beyond the BMP, level 2", CALL .. ": caf\195\169 \240\159\152\128", call, "caf\195\169 \240\159\152\128", 2 },
}

local function show(v)
  if v == T then
    return "T"
  end
  return type(v) .. " " .. tostring(v)
end

-- Runs every case with run(f, msg, level), which returns false and the error.
local function check_all(where, run)
  for _, c in ipairs(cases) do
    local label, want, f, msg, level = c[1], c[2], c[3], c[4], c[5]
    local ok, e = run(f, msg, level)
    if ok or e ~= want then
      error(where .. ", " .. label .. ": expected " .. show(want) .. ", got " .. show(e), 0)
    end
    results[#results + 1] = where .. ", " .. label .. ": " .. show(e)
  end
end

local function resume(f, ...)
  return coroutine.resume(coroutine.create(f), ...)
end

check_all("main chunk", pcall)
check_all("coroutine", resume)
assert(resume(function() check_all("pcall in a coroutine", pcall) end))
local nested = coroutine.wrap(function() check_all("coroutine in a coroutine", resume) end)
nested()

local has_async, async = pcall(require, "ward.async")
if has_async then
  local function await(f, ...)
    local t = async.spawn(f, ...)
    return pcall(t.wait, t)
  end
  check_all("task", await)
  async.spawn(function() check_all("pcall in a task", pcall) end):wait()
  async.spawn(function() check_all("coroutine in a task", resume) end):wait()
  assert(resume(function() check_all("task in a coroutine", await) end))
end

return table.concat(results, "\n")
