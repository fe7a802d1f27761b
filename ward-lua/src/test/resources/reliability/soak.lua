-- Soak workload (SoakTest): LANES long-lived tasks, each looping until STOP closes, mixing
-- sleeps, channel exchanges with a child, spawn and join, and spawn and cancel. Every
-- spawned task is joined and counted: spawned = finished + cancelled at the end.
local async = require("ward.async")
local time = require("ward.time")

local LANES = ...
STATS = { spawned = 0, finished = 0, cancelled = 0, failed = 0, messages = 0, rounds = 0 }
local stopping = false

local function spawn(f, ...)
  STATS.spawned = STATS.spawned + 1
  return async.spawn(f, ...)
end

local function join(t)
  local ok, v = pcall(t.wait, t)
  if ok then
    STATS.finished = STATS.finished + 1
    return v
  elseif v == "cancelled" then
    STATS.cancelled = STATS.cancelled + 1
    return nil
  end
  STATS.failed = STATS.failed + 1
  error(v, 0)
end

local function ms(n)
  return time.sleep(string.format("%dms", n))
end

local function lane(seed)
  local r = seed
  while not stopping do
    r = (r * 16807) % 2147483647 -- Park-Miller: the product stays exact in a double
    local kind = r % 4
    if kind == 0 then
      ms(r % 20 + 1):wait()
    elseif kind == 1 then
      local ch = async.channel(4)
      local n = r % 16 + 1
      local child = spawn(function()
        local s = 0
        for _ = 1, n do s = s + ch:wait() end
        return s
      end)
      for k = 1, n do assert(ch:send(k)) end
      STATS.messages = STATS.messages + n
      assert(join(child) == n * (n + 1) / 2, "channel sum")
    elseif kind == 2 then
      local child = spawn(function(d) ms(d):wait(); return 7 end, r % 10)
      assert(join(child) == 7, "child result")
    else
      local child = spawn(function() time.sleep("1h"):wait() end)
      ms(r % 3):wait() -- sometimes the child has not started yet: cancel before start
      assert(child:cancel() == true)
      assert(join(child) == nil)
    end
    STATS.rounds = STATS.rounds + 1
  end
  return true
end

local lanes = {}
for i = 1, LANES do lanes[i] = spawn(lane, i) end
STOP:wait() -- closed by the test
stopping = true
for i = 1, LANES do assert(join(lanes[i]) == true) end
return STATS.spawned, STATS.finished, STATS.cancelled, STATS.failed
