-- pipeline.lua: stages joined by channels, shut down cleanly by closing them.
--
--   ./ward examples/pipeline.lua
--
--   numbers --> [square] --> [keep even] --> [format] --> main task prints
--
-- Each stage is a task that reads its input channel until it is closed and drained, then
-- closes its output channel. Closing the first channel therefore shuts the whole pipeline
-- down in order, and no value in flight is lost.
local async = require("ward.async")
local time = require("ward.time")

-- A stage: applies fn to each input; a nil result is dropped (a filter).
local function stage(name, input, output, fn)
  return async.spawn(function()
    local seen = 0
    while true do
      local value, err = input:wait()
      if err == "closed" then
        break
      end
      seen = seen + 1
      local result = fn(value)
      if result ~= nil then
        output:send(result)            -- waits if the next stage is behind (capacity 2)
      end
    end
    output:close()                     -- propagate the shutdown downstream
    return string.format("stage %s: %d values in", name, seen)
  end)
end

local numbers, squares, evens, lines = async.channel(2), async.channel(2), async.channel(2), async.channel(2)

local source = async.spawn(function()
  for i = 1, 10 do
    numbers:send(i)
    time.sleep("20ms"):wait()          -- a source that produces over time
  end
  numbers:close()                      -- the only close we start: the rest follows
  return "source: 10 values out"
end)

local stages = {
  source,
  stage("square", numbers, squares, function(x) return x * x end),
  stage("keep-even", squares, evens, function(x) if x % 2 == 0 then return x end end),
  stage("format", evens, lines, function(x) return string.format("%3d is an even square", x) end),
}

local count = 0
while true do
  local line, err = lines:wait()
  if err == "closed" then
    break
  end
  count = count + 1
  print(line)
end

for _, t in ipairs(stages) do
  print(t:wait())
end
print(count .. " results; every stage finished and every channel is closed")
