-- fan_in.lua: several producers send into one channel, one consumer reads them all.
--
--   ./ward examples/fan_in.lua
--
-- A channel is a queue between tasks: send(v) enqueues (waiting while it is full), wait()
-- takes the next value (waiting while it is empty). Once every producer is done, one helper
-- closes the channel: the consumer drains what is left and then gets nil, "closed".
local async = require("ward.async")
local time = require("ward.time")

local inbox = async.channel(8)

local producers = {}
for id = 1, 3 do
  producers[id] = async.spawn(function()
    for n = 1, 4 do
      time.sleep(string.format("%dms", 40 * id)):wait()    -- producers work at different speeds
      inbox:send(string.format("producer %d, item %d", id, n))
    end
    return id
  end)
end

-- Closes the channel once every producer has finished (their handles are waited on here).
local closer = async.spawn(function()
  for _, p in ipairs(producers) do
    p:wait()
  end
  inbox:close()
end)

-- The consumer: messages arrive in the order they were sent, mixed across producers.
local received = 0
while true do
  local msg, err = inbox:wait()
  if err == "closed" then
    break
  end
  received = received + 1
  print(msg)
end
closer:wait()
print(received .. " messages from " .. #producers .. " producers")
