-- 100,000 tasks each sleeping 10 ms: wall time until all have finished (target: < 1 s).
-- Same scenario as TimerBench.
--   java -jar ward-cli/target/ward.jar ward-bench/scripts/timers.lua [tasks]

-- string.format("%.Nf") with the precision honoured (LuaJ 3.0.1 ignores it)
local function fixed(x, d)
  local m = 10 ^ d
  local v = math.floor(x * m + 0.5)
  if d == 0 then return string.format("%d", v) end
  return string.format("%d.%0" .. d .. "d", math.floor(v / m), v % m)
end
local async = require("ward.async")
local time = require("ward.time")

local n = tonumber(arg and arg[1]) or 100000

local function sleeper() return time.sleep("10ms"):wait() end
local function sleepers(count)
  local spawn, ts = async.spawn, {}
  for i = 1, count do ts[i] = spawn(sleeper) end
  for i = 1, count do
    if ts[i]:wait() ~= true then error("sleep failed") end
  end
end

for round = 1, 3 do
  local t0 = time.instant_now()
  sleepers(n)
  local s = t0:elapsed():seconds()
  print(string.format("timers (round %d): %d tasks x 10 ms sleep, all done in %s s (%s tasks/s)",
    round, n, fixed(s, 3), fixed(n / s, 0)))
end
