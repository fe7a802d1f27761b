-- The seed chapter's examples (ward-async.md), with sleeps standing in for processes.
local async = require("ward.async")
local time = require("ward.time")

-- 1. spawn and wait
local t = async.spawn(function(x) return x + 1, "ok" end, 41)
local n, s = t:wait()
assert(n == 42 and s == "ok")

-- 2. race a task against a timeout
local racer = async.spawn(function()
  time.sleep("200ms"):wait()
  return "task"
end)
local idx, v = async.select({ racer, time.sleep("50ms") })
print("winner", idx, v)
assert(idx == 2)
racer:cancel()

-- 3. fan-out / fan-in through a channel
local results = async.channel({ capacity = 16 })
local workers = {}
for i = 1, 8 do
  workers[i] = async.spawn(function()
    time.sleep(tostring(10 * (9 - i)) .. "ms"):wait()   -- stands in for running a command
    results:send("worker=" .. i)
  end)
end
local seen = {}
for _ = 1, 8 do
  local line = results:wait()
  seen[#seen + 1] = line
end
for i = 1, 8 do workers[i]:wait() end
assert(#seen == 8)
table.sort(seen)
for i = 1, 8 do assert(seen[i] == "worker=" .. i, seen[i]) end

-- 4. a worker pool with a bounded queue (back-pressure) and clean shutdown with close
local jobs = async.channel(2)
local done = async.channel(64)
local pool = {}
for w = 1, 3 do
  pool[w] = async.spawn(function()
    local handled = 0
    while true do
      local job, err = jobs:wait()
      if job == nil and err == "closed" then break end
      time.sleep("1ms"):wait()
      done:send(job * job)
      handled = handled + 1
    end
    return handled
  end)
end
for j = 1, 20 do assert(jobs:send(j) == true) end
jobs:close()
local handled = 0
for w = 1, 3 do handled = handled + pool[w]:wait() end
assert(handled == 20)
local sum = 0
for _ = 1, 20 do sum = sum + done:wait() end
assert(sum == 2870)

-- 5. await helper
async.await(time.sleep("10ms"))
print("seed_examples ok")
