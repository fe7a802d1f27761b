-- ward.process with more running children and waiting stream readers than the blocking pool
-- has threads (8 by default): "all calls that wait suspend only the calling task"
-- (ward-process.md), so starting a command, a stdin write or a drain must not queue behind
-- reads that wait for a long-running child (or for that very write). Each wait is bounded by
-- time.timeout only so that a deadlock fails with a message instead of hanging the suite.
local async = require("ward.async")
local process = require("ward.process")
local time = require("ward.time")

local n = 20          -- more than the default pool of 8 threads
local BOUND = "20s"   -- a liveness bound: each step below takes milliseconds when it works

local eq = require("check").eq

-- waits for an awaitable, or fails naming what never came
local function bounded(awaitable, what)
  local ok, a, b = pcall(function() return time.timeout(awaitable, BOUND):wait() end)
  if not ok then error(what .. " did not complete within " .. BOUND .. ": " .. tostring(a), 2) end
  return a, b
end

-- starts a command in a task, bounded
local function spawn(c, opts, what)
  return bounded(async.spawn(function() return c:spawn(opts) end), "spawning " .. what)
end

-- 0. n long-running children with the default stdio (stderr inherited: an embedded runtime
-- copies it into its own stream), all running at once
local sleepers = {}
for i = 1, n do
  sleepers[i] = spawn(process.cmd("sleep", "30"), nil, "sleep " .. i .. " while " .. (i - 1) .. " others run")
end
eq(bounded(async.spawn(function() return process.cmd("printf", "x"):output().stdout end),
  "output() while " .. n .. " children run"), "x", "a command next to the sleepers")
for i = 1, n do eq(sleepers[i]:kill(), true, "kill sleeper " .. i) end
for i = 1, n do eq(bounded(async.spawn(function() return sleepers[i]:wait() end), "sleeper " .. i).signal, 9, "sleeper " .. i) end

-- 1. n readers parked on n silent `cat`s; then a new command must still start, and a line
-- written to each cat must reach its reader
local kids, readers = {}, {}
for i = 1, n do kids[i] = spawn(process.cmd("cat"), { stdin = true }, "cat " .. i) end
for i = 1, n do
  local lines = kids[i]:stdout_lines()
  readers[i] = async.spawn(function() return lines:wait() end)
end
time.sleep(0):wait() -- every reader is now waiting for its first line
local other = async.spawn(function() return process.cmd("printf", "started"):output().stdout end)
eq(bounded(other, "starting a command while " .. n .. " stream readers wait"), "started", "a new command")
for i = 1, n do
  local w = kids[i]:stdin()
  local writer = async.spawn(function() return w:writeln("line " .. i) end)
  eq(bounded(writer, "writing to cat " .. i .. " while " .. n .. " readers wait"), true, "write " .. i)
end
for i = 1, n do eq(bounded(readers[i], "reader " .. i), "line " .. i, "reader " .. i) end
for i = 1, n do kids[i]:stdin():close() end
for i = 1, n do eq(bounded(async.spawn(function() return kids[i]:wait() end), "cat " .. i).ok, true, "cat " .. i) end

-- 2. n tasks in child:wait() (which drains the unstreamed stdout), then each child is fed
kids = {}
local waiters = {}
for i = 1, n do
  kids[i] = spawn(process.cmd("cat"), { stdin = true }, "cat " .. i)
  local k = kids[i]
  waiters[i] = async.spawn(function() return k:wait() end)
end
time.sleep(0):wait()
for i = 1, n do
  local w = kids[i]:stdin()
  local writer = async.spawn(function() w:writeln("fed " .. i); return w:close() end)
  eq(bounded(writer, "feeding cat " .. i .. " while " .. n .. " tasks wait for their children"), true, "feed " .. i)
end
for i = 1, n do
  local r = bounded(waiters[i], "waiter " .. i)
  eq(r.stdout, "fed " .. i .. "\n", "waiter " .. i .. " stdout")
end
print("process_stream_pool ok")
