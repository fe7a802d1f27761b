-- ward.fs from tasks: calls suspend only their task (timers and other tasks go on), work from
-- the main chunk and from many tasks at once, under time.timeout and async.select, and a FIFO
-- read waits for its writer without holding up anything else.
local fs = require("ward.fs")
local async = require("ward.async")
local time = require("ward.time")
local process = require("ward.process")
local check = require("check")
local eq = check.eq

local d = fs.tempdir("ward-tasks")

-- many tasks writing and reading their own files at once
local tasks = {}
for i = 1, 50 do
  tasks[i] = async.spawn(function()
    local p = d .. "/f" .. i
    assert(fs.write(p, string.rep(string.char(i), i)).ok)
    assert(fs.is_file(p))
    return #fs.read(p)
  end)
end
for i = 1, 50 do
  eq(tasks[i]:wait(), i, "task " .. i)
end
eq(#fs.list(d), 50, "all files")

-- inside time.timeout and async.select
local v = time.timeout(async.spawn(function() return fs.read(d .. "/f3") end), "30s"):wait()
eq(v, "\3\3\3", "fs.read under time.timeout")
local idx, got = async.select({ async.spawn(function() return fs.is_dir(d) end), time.sleep("30s") })
eq(idx, 1, "the fs task wins select")
eq(got, true, "its value")

-- a FIFO: the reader waits for a writer; a ticker keeps ticking meanwhile
process.cmd("mkfifo", d .. "/fifo"):run()
eq(fs.is_fifo(d .. "/fifo"), true, "made a FIFO")
local reader = async.spawn(function() return fs.read(d .. "/fifo") end)
local ticks = 0
local ticker = async.spawn(function()
  for _ = 1, 5 do
    time.sleep("2ms"):wait()
    ticks = ticks + 1
  end
end)
ticker:wait()
eq(ticks, 5, "timers fire while a task waits on a FIFO with no writer")
eq(reader:done(), false, "the reader still waits")
eq(fs.write(d .. "/fifo", "through the pipe").ok, true, "a writer comes")
eq(reader:wait(), "through the pipe", "the reader gets it")

-- a read that times out: the task ends, the loop goes on (its thread waits for a writer)
local to = time.timeout(async.spawn(function() return fs.read(d .. "/fifo") end), "20ms")
local ok, err = pcall(function() return to:wait() end)
eq(ok, false, "a FIFO read under a short timeout fails")
check.check(tostring(err):find("timeout after 20ms", 1, true) ~= nil, "with a timeout error: " .. tostring(err))
-- release the abandoned reader so its thread ends
eq(fs.write(d .. "/fifo", "").ok, true, "a writer releases the abandoned reader")

-- from the main chunk (no task of its own) and from a coroutine inside a task
eq(fs.is_dir(d), true, "main chunk")
local co = coroutine.wrap(function() return fs.is_dir(d) end)
eq(co(), true, "inside a coroutine")
eq(fs.rm(d, { recursive = true }).ok, true, "clean up")
