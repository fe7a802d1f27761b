-- select_timeout.lua: racing work against deadlines.
--
--   ./ward examples/select_timeout.lua
--
-- async.select({a, b, ...}) waits for whichever awaitable completes first and returns its
-- index and values. The losers are not cancelled and lose nothing: a task that loses keeps
-- its result for a later wait(), a channel keeps its message. Cancel what you no longer need.
local async = require("ward.async")
local time = require("ward.time")

-- Pretend I/O: answers after `delay`.
local function fetch(name, delay)
  time.sleep(delay):wait()
  return name .. " answered after " .. delay
end

-- 1. Each request races its task against a 200 ms deadline.
for _, req in ipairs({ { "alpha", "50ms" }, { "beta", "500ms" }, { "gamma", "150ms" } }) do
  local name, delay = req[1], req[2]
  local work = async.spawn(fetch, name, delay)
  local winner, value = async.select({ work, time.sleep("200ms") })
  if winner == 1 then
    print("ok:       " .. value)
  else
    work:cancel()                    -- stop waiting for it, and stop it
    print("too slow: " .. name .. " (gave up after 200ms)")
  end
end

-- 2. time.timeout wraps one awaitable; on expiry its wait raises an error mentioning "timeout".
local replies = async.channel()
local ok, err = pcall(function()
  return time.timeout(replies, "100ms"):wait()
end)
print("waiting for a reply that never comes: " .. (ok and "got one?!" or tostring(err)))

-- 3. A late message is not lost: the select below times out, the message stays queued.
local late = async.spawn(function()
  time.sleep("300ms"):wait()
  replies:send("late reply")
end)
local winner = async.select({ replies, time.sleep("100ms") })
print("first select: " .. (winner == 1 and "reply" or "deadline"))
print("next wait:    " .. replies:wait())
late:wait()
