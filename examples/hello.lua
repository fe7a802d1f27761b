-- hello.lua: three tasks on one event loop thread, each ticking at its own pace.
--
--   ./ward examples/hello.lua
--
-- async.spawn starts a task (a coroutine the runtime resumes); time.sleep(d):wait()
-- suspends only the task that waits, so while one sleeps the others run and their lines
-- interleave. The whole run takes about as long as the slowest task, not the sum of all.
local async = require("ward.async")
local time = require("ward.time")

local started = time.instant_now()

local function ticker(name, every, times)
  for i = 1, times do
    time.sleep(every):wait()               -- this task waits here; the loop runs the others
    print(string.format("[%4d ms] %s tick %d", started:elapsed():millis(), name, i))
  end
  return name .. " finished"
end

-- Spawning is lazy: the tasks start as soon as the main chunk waits for something.
local tasks = {
  async.spawn(ticker, "fast", "100ms", 6),
  async.spawn(ticker, "medium", "150ms", 4),
  async.spawn(ticker, "slow", "300ms", 2),
}
print("hello from the main task: three tickers spawned")

-- t:wait() returns what the task returned (or re-raises its error).
for _, t in ipairs(tasks) do
  print(t:wait())
end
print(string.format("all done after %d ms (one after the other: 1800 ms)", started:elapsed():millis()))
