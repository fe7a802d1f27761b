-- worker_pool.lua: a fixed pool of workers fed through a bounded channel (back-pressure).
--
--   ./ward examples/worker_pool.lua
--
-- The job queue holds at most 2 jobs. When it is full, jobs:send(...) suspends the producer
-- until a worker takes a job, so the producer can never run ahead of the workers and memory
-- stays bounded however many jobs there are. Closing the queue tells the workers to stop once
-- they have drained it.
local async = require("ward.async")
local time = require("ward.time")

local started = time.instant_now()
local function now() return started:elapsed():millis() end

local jobs = async.channel(2)        -- bounded: the back-pressure comes from here
local results = async.channel()      -- default capacity (64)

local workers = {}
for w = 1, 3 do
  workers[w] = async.spawn(function()
    local handled = 0
    while true do
      local job, err = jobs:wait()
      if err == "closed" then        -- closed and drained: this worker is done
        return handled
      end
      time.sleep(string.format("%dms", 60 + 30 * (job % 3))):wait()   -- "work" on the job
      results:send({ job = job, worker = w, square = job * job })
      handled = handled + 1
    end
  end)
end

local producer = async.spawn(function()
  for job = 1, 12 do
    local before = now()
    jobs:send(job)                   -- suspends while 2 jobs are already waiting
    local waited = now() - before
    print(string.format("[%4d ms] queued job %2d%s", now(), job,
      waited >= 10 and string.format("  (waited %d ms: queue full)", waited) or ""))
  end
  jobs:close()
end)

local sum = 0
for _ = 1, 12 do
  local r = results:wait()
  sum = sum + r.square
  print(string.format("[%4d ms] worker %d finished job %2d", now(), r.worker, r.job))
end
producer:wait()
for w, t in ipairs(workers) do
  print(string.format("worker %d handled %d jobs", w, t:wait()))
end
print("sum of squares 1..12 = " .. sum)
