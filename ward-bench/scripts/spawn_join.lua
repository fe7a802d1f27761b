-- Spawn + join throughput of Ward tasks: one at a time, and 100 alive at once.
-- Same scenario as SpawnJoinBench.
--   java -jar ward-cli/target/ward.jar ward-bench/scripts/spawn_join.lua [tasks]

local async = require("ward.async")
local time = require("ward.time")

local n = tonumber(arg and arg[1]) or 200000

local function work(i) return i end
local function spawn_join(count, batch)
  local spawn, ts = async.spawn, {}
  for _ = 1, count, batch do
    for i = 1, batch do ts[i] = spawn(work, i) end
    for i = 1, batch do
      if ts[i]:wait() ~= i then error("wrong result") end
    end
  end
end

for _, batch in ipairs({ 1, 100 }) do
  spawn_join(math.floor(n / 10), batch) -- warm-up
  local t0 = time.instant_now()
  spawn_join(n, batch)
  local s = t0:elapsed():seconds()
  print(string.format("spawn + join (batch %d): %d tasks in %.3f s = %.0f tasks/s", batch, n, s, n / s))
end
