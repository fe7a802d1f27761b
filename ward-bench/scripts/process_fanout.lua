-- Process fan-out: 50 `sleep 0.2` commands run concurrently from 50 tasks, then the same 50
-- one after another. Concurrently they take about the time of the slowest (each task is
-- suspended while its process runs; the loop is not blocked), one after another about 50 x 0.2 s.
--   java -jar ward-cli/target/ward.jar ward-bench/scripts/process_fanout.lua [commands] [seconds]

local async = require("ward.async")
local process = require("ward.process")
local time = require("ward.time")

local n = tonumber(arg and arg[1]) or 50
local secs = arg and arg[2] or "0.2"

local function run_one(i)
  local r = process.cmd("sleep", secs):output()
  if not r.ok then error("sleep " .. secs .. " failed in command " .. i .. " (code " .. tostring(r.code) .. ")") end
end

-- warm-up: start a few processes so the first measured spawn is not the first ever
for i = 1, 3 do process.cmd("true"):output() end

local t0 = time.instant_now()
local tasks = {}
for i = 1, n do tasks[i] = async.spawn(run_one, i) end
for i = 1, n do tasks[i]:wait() end
local concurrent = t0:elapsed():seconds()

t0 = time.instant_now()
for i = 1, n do run_one(i) end
local sequential = t0:elapsed():seconds()

print(string.format("process fan-out, %d x `sleep %s`: concurrent from %d tasks %.3f s, one after another %.3f s (%.1fx)",
  n, secs, n, concurrent, sequential, sequential / concurrent))
