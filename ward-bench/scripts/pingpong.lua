-- Channel ping-pong between two Ward tasks, capacity 1 and 64: round trips per second.
-- Same scenario as ChannelPingPongBench.
--   java -jar ward-cli/target/ward.jar ward-bench/scripts/pingpong.lua [round_trips]

local async = require("ward.async")
local time = require("ward.time")

local n = tonumber(arg and arg[1]) or 500000

local function pingpong(count, cap)
  local ping, pong = async.channel(cap), async.channel(cap)
  local echo = async.spawn(function()
    for _ = 1, count do pong:send(ping:wait()) end
  end)
  for i = 1, count do
    ping:send(i)
    if pong:wait() ~= i then error("out of order") end
  end
  echo:wait()
end

for _, cap in ipairs({ 1, 64 }) do
  pingpong(math.floor(n / 10), cap) -- warm-up
  local t0 = time.instant_now()
  pingpong(n, cap)
  local s = t0:elapsed():seconds()
  print(string.format("channel ping-pong (capacity %d): %d round trips in %.3f s = %.0f round trips/s",
    cap, n, s, n / s))
end
