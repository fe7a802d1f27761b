-- ward.process concurrency: 50 commands from 50 tasks running at the same time (the wall time
-- is printed, not asserted: the machine is shared). The seed chapter's fan-out/fan-in example
-- runs as itself, examples/fan_out_commands.lua, in WardExamplesIT (exact output, every engine).
local async = require("ward.async")
local process = require("ward.process")
local time = require("ward.time")

local eq = require("check").eq

---------------------------------------------------------------- 50 commands from 50 tasks
local n = 50
local started = async.channel(n)
local gate = async.channel(1)
local t0 = time.instant_now()
local tasks = {}
for i = 1, n do
  tasks[i] = async.spawn(function()
    local child = process.sh("sleep 0.2; echo task=" .. i):spawn()
    started:send(child:pid())
    local r = child:wait()
    return r.ok, r.stdout
  end)
end
local pids = {}
for _ = 1, n do pids[started:wait()] = true end
local distinct = 0
for _ in pairs(pids) do distinct = distinct + 1 end
eq(distinct, n, "50 distinct processes")
for i = 1, n do
  local ok, out = tasks[i]:wait()
  eq(ok, true, "task " .. i .. " ok")
  eq(out, "task=" .. i .. "\n", "task " .. i .. " output")
end
print(string.format("process_concurrency [%s]: %d concurrent `sleep 0.2` commands from %d tasks in %d ms",
  tostring(WARD_ENGINE), n, n, t0:elapsed():millis()))

-- the same with output(): each task suspended in output() at the same time
t0 = time.instant_now()
for i = 1, n do
  tasks[i] = async.spawn(function()
    return process.cmd("sh", "-c", "sleep 0.2; printf %s " .. i):output()
  end)
end
for i = 1, n do
  local r = tasks[i]:wait()
  eq(r.ok, true, "output task " .. i); eq(r.stdout, tostring(i), "output task " .. i .. " stdout")
end
print(string.format("process_concurrency [%s]: %d concurrent output() calls in %d ms",
  tostring(WARD_ENGINE), n, t0:elapsed():millis()))

-- while the main chunk waits on a process, other tasks run: here the process can only end
-- once a ticking task has fed and closed its stdin
local cat = process.cmd("cat"):spawn({ stdin = true })
local feeder = async.spawn(function()
  local w = cat:stdin()
  for k = 1, 5 do time.sleep("1ms"):wait(); w:writeln("tick " .. k) end
  w:close()
end)
local fed = cat:wait()
feeder:wait()
eq(fed.stdout, "tick 1\ntick 2\ntick 3\ntick 4\ntick 5\n", "fed while the main chunk waited")

-- streams from many tasks at once: each reads its own process's lines
for i = 1, 20 do
  tasks[i] = async.spawn(function()
    local child = process.sh("for j in 1 2 3; do echo " .. i .. "-$j; done"):spawn()
    local lines, got = child:stdout_lines(), {}
    while true do
      local l = lines:wait()
      if not l then break end
      got[#got + 1] = l
    end
    child:wait()
    return table.concat(got, ",")
  end)
end
for i = 1, 20 do eq(tasks[i]:wait(), i .. "-1," .. i .. "-2," .. i .. "-3", "stream task " .. i) end
print("process_concurrency ok")
