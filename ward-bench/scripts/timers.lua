-- 100,000 tasks each sleeping 10 ms: wall time until all have finished (target: < 1 s).
-- Same scenario as TimerBench.
--   java -jar ward-cli/target/ward.jar ward-bench/scripts/timers.lua [tasks]

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
  print(string.format("timers (round %d): %d tasks x 10 ms sleep, all done in %.3f s (%.0f tasks/s)",
    round, n, s, n / s))
end
