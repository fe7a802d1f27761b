-- Plain CPU-bound Lua: fib(27) and string building, time per run.
-- Same workloads as LuaCpuBench. Pure Lua: runs on Ward or any Lua 5.2+.
--   java -jar ward-cli/target/ward.jar ward-bench/scripts/cpu.lua [runs]

local now, since
do
  local ok, time = pcall(require, "ward.time")
  if ok then
    now, since = time.instant_now, function(t0) return t0:elapsed():seconds() end
  else
    now, since = os.clock, function(t0) return os.clock() - t0 end
  end
end

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local function strings()
  local parts = {}
  for i = 1, 20000 do
    parts[#parts + 1] = string.format("%d:%s", i, ("x"):rep(i % 8))
  end
  local s = table.concat(parts, ",")
  local n = 0
  for w in s:gmatch("[^,]+") do n = n + #w end
  return n + #s:upper()
end

local runs = tonumber(arg and arg[1]) or 10
local function measure(name, f, check)
  for _ = 1, 3 do f() end -- warm-up
  local t0 = now()
  for _ = 1, runs do
    local r = f()
    if r ~= check then error(name .. " returned " .. tostring(r)) end
  end
  local s = since(t0)
  print(string.format("%s: %d runs in %.3f s = %.1f ms per run", name, runs, s, s * 1000 / runs))
end

measure("fib(27)", function() return fib(27) end, 196418)
measure("strings", strings, strings())
