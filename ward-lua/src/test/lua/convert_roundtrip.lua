-- decode(encode(v)) == v for generated values, in every format of ward.convert (seeded, so a
-- failure repeats). Each format gets the values it can hold: JSON and YAML any tree of null,
-- booleans, numbers, UTF-8 strings, arrays and string-keyed maps (YAML also number keys);
-- TOML no null and a table at the top; INI sections of string values.
local convert = require("ward.convert")
local check_lib = require("check")
local check, eq = check_lib.check, check_lib.eq
local null = convert.json.null

math.randomseed(20261206)
local R = math.random

local CHARS = { "a", "Z", "0", " ", "-", "_", ":", "=", "\"", "\\", "/", "\n", "\t", "\1", "é", "ß", "中", "\240\159\152\128", "#", "'", "[", "{" }
local function str(max, plain)
  local n = R(0, max)
  local out = {}
  for i = 1, n do
    out[i] = plain and string.char(R(97, 122)) or CHARS[R(1, #CHARS)]
  end
  return table.concat(out)
end

local function number()
  local k = R(1, 5)
  if k == 1 then return R(-1000, 1000) end
  if k == 2 then return R(-2 ^ 31, 2 ^ 31) * 2 ^ 21 end -- large integers within 2^53
  if k == 3 then return (R() - 0.5) * 10 ^ R(-20, 20) end
  if k == 4 then return R() end
  return -R(0, 100) / 8
end

local function value(depth, opts)
  local k = R(1, depth > 3 and 4 or 7)
  if k == 1 then return opts.null and null or true end
  if k == 2 then return R(0, 1) == 1 end
  if k == 3 then return number() end
  if k == 4 then return str(12) end
  if k == 5 then -- array
    local n = R(0, 5)
    local t = n == 0 and convert.json.decode("[]") or {}
    for i = 1, n do t[i] = value(depth + 1, opts) end
    return t
  end
  local t = {}
  for _ = 1, R(0, 5) do
    local key = str(8)
    -- (not positive: keys 1, 2... would make the table an array)
    if opts.number_keys and R(1, 4) == 1 then key = R(-50, 0) end
    t[key] = value(depth + 1, opts)
  end
  return t
end

local function same(a, b, path)
  if type(a) ~= type(b) then return false, path .. ": " .. type(a) .. " vs " .. type(b) end
  if type(a) ~= "table" then
    if a == b then return true end
    return false, path .. ": " .. tostring(a) .. " vs " .. tostring(b)
  end
  for k, v in pairs(a) do
    local ok, why = same(v, b[k], path .. "." .. tostring(k))
    if not ok then return false, why end
  end
  for k in pairs(b) do
    if a[k] == nil then return false, path .. ": extra key " .. tostring(k) end
  end
  return true
end

local function roundtrip(name, make, n)
  local fmt = convert[name]
  for i = 1, n do
    local v = make()
    local text = fmt.encode(v)
    local ok, why = same(v, fmt.decode(text), "$")
    check(ok, name .. " round trip #" .. i .. " " .. tostring(why) .. "\n" .. text)
    eq(fmt.encode(fmt.decode(text)), text, name .. " encode(decode(text)) is stable #" .. i)
  end
  -- the _async forms agree
  local v = make()
  eq(fmt.encode_async(v), fmt.encode(v), name .. " encode_async")
  local ok, why = same(v, fmt.decode_async(fmt.encode(v)), "$")
  check(ok, name .. " decode_async " .. tostring(why))
end

roundtrip("json", function() return value(0, { null = true }) end, 300)
roundtrip("yaml", function() return value(0, { null = true, number_keys = true }) end, 300)
roundtrip("toml", function()
  local t = {}
  for _ = 1, R(0, 6) do t[str(8)] = value(1, { null = false }) end
  return t
end, 300)
roundtrip("ini", function()
  local doc = {}
  for s = 0, R(0, 3) do
    local sec = {}
    for _ = 1, R(1, 4) do
      local v = str(10, true)
      sec[str(6, true) .. "k"] = R(1, 2) == 1 and v or "x " .. v .. " y"
    end
    doc[s == 0 and "" or str(5, true) .. "s"] = sec
  end
  return doc
end, 200)

return check_lib.count()
