-- Assertions shared by the self-checking scripts in src/test/lua: `local check = require("check")`.
-- LuaScriptsTest and TimeValuesLuaTest put this directory on package.path; it is a subdirectory
-- so that LuaScriptsTest does not run it as a script. Standard Lua 5.2 only.
--
-- Every failure is raised at level 2, so its position is the calling script's line. Each
-- runtime loads its own copy, so count() is the number of checks one script made.

local M = {}

local checks = 0

local function q(v)
  return string.format("%q", tostring(v))
end

-- Ward turns Java failures into Lua messages; a Java class name in one is a leak.
local function java_name(err)
  return string.find(err, "Exception", 1, true) or string.find(err, "java.", 1, true)
end

-- Ends every raises*: the error names no Java class (else fails at the script's line: level 3
-- is the caller of raises*, which must not call this as a tail call), and counts the check.
local function raised(err)
  if java_name(err) then
    error("error leaks a Java name: " .. err, 3)
  end
  checks = checks + 1
end

-- the number of checks made so far
function M.count()
  return checks
end

-- check(cond, label): cond is true
function M.check(cond, label)
  if not cond then
    error("check failed: " .. label, 2)
  end
  checks = checks + 1
end

-- eq(got, want, label): got == want
function M.eq(got, want, label)
  if got ~= want then
    error(label .. ": expected " .. q(want) .. ", got " .. q(got), 2)
  end
  checks = checks + 1
end

-- raises(pattern, f, ...): f(...) raises a string error matching the Lua pattern, naming no
-- Java class. Returns the error.
function M.raises(pattern, f, ...)
  local ok, err = pcall(f, ...)
  if ok then
    error("expected an error matching " .. pattern, 2)
  end
  if type(err) ~= "string" or not string.find(err, pattern) then
    error("error '" .. tostring(err) .. "' does not match " .. pattern, 2)
  end
  raised(err)
  return err
end

-- raises_plain(texts, f, ...): f(...) raises an error whose text contains each of texts (a
-- string or a list of strings, plain matches) and names no Java class. Returns the error text.
function M.raises_plain(texts, f, ...)
  if type(texts) == "string" then
    texts = { texts }
  end
  local ok, err = pcall(f, ...)
  if ok then
    error("expected an error containing '" .. table.concat(texts, "', '") .. "', got success", 2)
  end
  err = tostring(err)
  for _, text in ipairs(texts) do
    if not string.find(err, text, 1, true) then
      error("error '" .. err .. "' does not contain '" .. text .. "'", 2)
    end
  end
  raised(err)
  return err
end

-- raises_exactly(message, f, ...): f(...) raises exactly this error value.
function M.raises_exactly(message, f, ...)
  local ok, err = pcall(f, ...)
  if ok then
    error("expected the error <" .. message .. ">, got a result", 2)
  end
  if err ~= message then
    error("expected the error <" .. message .. ">, got <" .. tostring(err) .. ">", 2)
  end
  checks = checks + 1
end

return M
