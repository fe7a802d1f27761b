-- Fan-in: 4 producer tasks send into one channel drained by one consumer task.
-- The Lua-only cousin of FanInBench (there the producers are 4 Java threads calling trySend).
--   java -jar ward-cli/target/ward.jar ward-bench/scripts/fan_in.lua [messages]

local async = require("ward.async")
local time = require("ward.time")

local n = tonumber(arg and arg[1]) or 1000000
local producers = 4

local function fan_in(count, cap)
  local ch = async.channel(cap)
  local per = math.floor(count / producers)
  local ps = {}
  for p = 1, producers do
    ps[p] = async.spawn(function()
      for i = 1, per do ch:send(i) end
    end)
  end
  local sum = 0
  for _ = 1, per * producers do sum = sum + ch:wait() end
  for p = 1, producers do ps[p]:wait() end
  if sum ~= producers * per * (per + 1) / 2 then error("lost messages") end
  return per * producers
end

for _, cap in ipairs({ 64, 1024 }) do
  fan_in(math.floor(n / 10), cap) -- warm-up
  local t0 = time.instant_now()
  local m = fan_in(n, cap)
  local s = t0:elapsed():seconds()
  print(string.format("fan-in, %d producers (capacity %d): %d messages in %.3f s = %.0f messages/s",
    producers, cap, m, s, m / s))
end
