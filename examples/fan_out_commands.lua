-- fan_out_commands.lua: the seed chapter's fan-out/fan-in, with real commands.
--
--   ./ward examples/fan_out_commands.lua
--
-- Eight tasks each run a shell command; the commands run at the same time (each task is
-- suspended while its process runs, the event loop is not). Every result goes into one
-- channel, and the main chunk collects them in the order they finish.
local async = require("ward.async")
local process = require("ward.process")

local results = async.channel({ capacity = 16 })
local workers = {}
for i = 1, 8 do
  workers[i] = async.spawn(function()
    local out = process.cmd("sh", "-lc", "echo worker=" .. i):output()
    out:assert_ok("worker " .. i)
    results:send((out.stdout:gsub("\n$", "")))
  end)
end

local seen = {}
for _ = 1, #workers do
  seen[#seen + 1] = results:wait()
end
for _, w in ipairs(workers) do w:wait() end

table.sort(seen)
for _, line in ipairs(seen) do print(line) end
print(#seen .. " workers done")
