-- async.select over 2 and 8 empty channels (the selector parks every time) against a plain
-- ch:wait(); one op = one select (or wait) plus an ack round trip. Same scenario as SelectBench.
--   java -jar ward-cli/target/ward.jar ward-bench/scripts/select.lua [ops]

local async = require("ward.async")
local time = require("ward.time")

local n = tonumber(arg and arg[1]) or 300000

local function exchange(count, k, receive)
  local chans = {}
  for i = 1, k do chans[i] = async.channel(1) end
  local ack = async.channel(1)
  local sender = async.spawn(function()
    for i = 1, count do
      chans[i % k + 1]:send(i)
      ack:wait()
    end
  end)
  for i = 1, count do
    if receive(chans) ~= i then error("wrong value") end
    ack:send(true)
  end
  sender:wait()
end

local function by_select(chans)
  local _, v = async.select(chans)
  return v
end
local function by_wait(chans) return chans[1]:wait() end

local cases = {
  { "ch:wait() (baseline)", 1, by_wait },
  { "select over 2", 2, by_select },
  { "select over 8", 8, by_select },
}
for _, c in ipairs(cases) do
  exchange(math.floor(n / 10), c[2], c[3]) -- warm-up
  local t0 = time.instant_now()
  exchange(n, c[2], c[3])
  local s = t0:elapsed():seconds()
  print(string.format("%s: %d ops in %.3f s = %.0f ops/s", c[1], n, s, n / s))
end
