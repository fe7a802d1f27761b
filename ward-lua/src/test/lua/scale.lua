-- Scale: 10,000 concurrently sleeping tasks and 100,000 channel messages between tasks.
local async = require("ward.async")
local time = require("ward.time")

local t0 = time.instant_now()
local tasks = {}
for i = 1, 10000 do
  tasks[i] = async.spawn(function() time.sleep("50ms"):wait(); return i end)
end
local sum = 0
for i = 1, 10000 do sum = sum + tasks[i]:wait() end
assert(sum == 10000 * 10001 / 2)
print(string.format("scale: 10000 sleeping tasks [%s] in %d ms", tostring(WARD_ENGINE), t0:elapsed():millis()))

t0 = time.instant_now()
local ch = async.channel(64)
local n = 100000
local consumer = async.spawn(function()
  local total, count = 0, 0
  while true do
    local v, err = ch:wait()
    if err == "closed" then break end
    total = total + v
    count = count + 1
  end
  return total, count
end)
for i = 1, n do ch:send(i) end
ch:close()
local total, count = consumer:wait()
assert(count == n and total == n * (n + 1) / 2)
print(string.format("scale: 100000 channel messages [%s] in %d ms", tostring(WARD_ENGINE), t0:elapsed():millis()))
