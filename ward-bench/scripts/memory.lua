-- Heap per parked task: park N tasks on one channel, compare the heap after a full
-- collection before and after. Same scenario as MemoryBench (kind=lua). collectgarbage("count")
-- is the whole JVM heap on Ward, so run nothing else meanwhile.
--   java -jar ward-cli/target/ward.jar ward-bench/scripts/memory.lua [tasks]

local async = require("ward.async")
local time = require("ward.time")

local n = tonumber(arg and arg[1]) or 100000

local function heap_kb()
  for _ = 1, 3 do collectgarbage("collect") end
  return collectgarbage("count")
end

local gate, parked, held
local function waiter()
  parked = parked + 1
  return gate:wait()
end

local function park(count)
  gate, parked, held = async.channel(1), 0, {}
  local t0 = time.instant_now()
  for i = 1, count do held[i] = async.spawn(waiter) end
  while parked < count do time.sleep(0):wait() end
  return t0:elapsed():seconds()
end

local function release()
  gate:close()
  for i = 1, #held do held[i]:wait() end
  gate, held = nil, nil
end

park(math.floor(n / 10)); release() -- warm-up
for round = 1, 2 do
  local before = heap_kb()
  local s = park(n)
  local after = heap_kb()
  print(string.format("parked tasks (round %d): %d parked in %.3f s, heap %.0f bytes per task",
    round, n, s, (after - before) * 1024 / n))
  release()
end
