-- ward.process control: timeouts (the process is killed, ok = false, timed_out = true),
-- cancelling a task that waits on a process (the task ends, the process is NOT killed),
-- shell_defaults (pipefail, timeout, nil clears; per runtime; for commands created afterwards).
local async = require("ward.async")
local process = require("ward.process")
local time = require("ward.time")

local check = require("check")
local eq, raises = check.eq, check.raises_plain

local function alive(pid)
  return process.cmd("kill", "-0", pid):stdin_null():output().ok
end

-- a timed-out `sleep 30`: had the timeout not killed it, it would end ok after 30 s
local function expect_timed_out(r, label)
  eq(r.ok, false, label .. ": not ok")
  eq(r.timed_out, true, label .. ": timed_out")
  eq(r.signal, 9, label .. ": killed by SIGKILL")
  eq(r.code, 137, label .. ": code 128 + 9")
end

---------------------------------------------------------------- timeouts
local t0 = time.instant_now()
expect_timed_out(process.cmd("sleep", "30"):timeout(0.2):output(), "timeout(0.2)")
print(string.format("process_control: sleep 30 with timeout 0.2 ended after %d ms", t0:elapsed():millis()))
expect_timed_out(process.cmd("sleep", "30"):timeout("200ms"):output(), "timeout('200ms')")
expect_timed_out(process.cmd("sleep", "30"):timeout(time.duration("150ms")):output(), "timeout(Duration)")
expect_timed_out(process.cmd("sleep", "30"):timeout(0.2):run(), "run() with a timeout")
local child = process.cmd("sleep", "30"):timeout(0.2):spawn()
local pid = child:pid()
expect_timed_out(child:wait(), "spawn() with a timeout")
eq(alive(pid), false, "the timed-out process is gone")
-- what was written before the kill is kept
local r = process.sh("echo before; exec sleep 30"):timeout(0.3):output()
expect_timed_out(r, "output before the timeout")
eq(r.stdout, "before\n", "stdout before the timeout")

-- in time: timed_out is false
r = process.cmd("printf", "quick"):timeout(30):output()
eq(r.ok, true, "in time"); eq(r.timed_out, false, "not timed out"); eq(r.stdout, "quick", "output")
eq(process.cmd("true"):output().timed_out, false, "no timeout: timed_out is false")
eq(process.cmd("false"):output().timed_out, false, "failure is not a timeout")

-- timeout(nil) clears a timeout set before
r = process.cmd("sleep", "0.3"):timeout(0.05):timeout(nil):output()
eq(r.ok, true, "timeout(nil) clears"); eq(r.timed_out, false, "cleared: no timeout")

-- a timeout in one task does not disturb another task's command
local long = async.spawn(function() return process.cmd("sleep", "30"):timeout(0.2):output() end)
local short = async.spawn(function() return process.sh("sleep 0.4; echo fine"):output() end)
expect_timed_out(long:wait(), "timeout in a task")
eq(short:wait().stdout, "fine\n", "the other task's command")

---------------------------------------------------------------- process trees (README: a timeout
-- and kill() end the child's descendants too). A killed grandchild is re-parented and may stay a
-- zombie when the container's init does not reap it: "running" means present and not a zombie.
local function running(pid)
  return process.cmd("sh", "-c", 'read -r _ _ st _ < "/proc/$1/stat" 2>/dev/null || exit 1; [ "$st" != Z ]', "sh", pid)
    :stdin_null():output().ok
end
-- A killed process closes its pipes before it turns zombie, so after the eof below it may still
-- read as running for a moment: poll (up to 10 s, for a loaded machine) rather than look once.
local function ended_soon(pid)
  for _ = 1, 400 do
    if not running(pid) then return true end
    time.sleep("25ms"):wait()
  end
  return false
end
for _, how in ipairs({ "timeout", "kill" }) do
  local c = process.sh("sleep 30 & echo $!; wait")
  -- long enough for running() below, itself a process, to look before the timeout fires on a
  -- loaded machine (0.3 s was not: CI saw the grandchild already gone)
  if how == "timeout" then c:timeout(2) end
  local tree = c:spawn()
  local tlines = tree:stdout_lines()
  local gpid = tlines:wait()
  eq(running(gpid), true, how .. ": the grandchild runs")
  if how == "kill" then eq(tree:kill(), true, "kill the tree") end
  -- the grandchild held the pipe too: eof comes only once it is gone
  eq(select(2, tlines:wait()), "eof", how .. ": eof after the tree ended")
  local tr = tree:wait()
  eq(tr.signal, 9, how .. ": the child was killed")
  eq(ended_soon(gpid), true, how .. ": the grandchild was killed too")
end

-- kill() of a shell waiting for its own child: the shell must end by the SIGKILL that kill()
-- reports, not by exiting on its own once its child was killed first (then `wait` returns 0 and
-- the result would read ok = true). The pause lets the shell settle in `wait`, where the race
-- shows; repeated because each round can only lose the race, never win it wrongly.
local lost = {}
for round = 1, 30 do
  local sh = process.sh("sleep 30 & echo $!; wait"):spawn()
  sh:stdout_lines():wait()
  time.sleep("50ms"):wait()
  eq(sh:kill(), true, "kill a waiting shell")
  local kr = sh:wait()
  if kr.ok or kr.signal ~= 9 then
    lost[#lost + 1] = string.format("round %d: ok=%s code=%s signal=%s", round, tostring(kr.ok), tostring(kr.code), tostring(kr.signal))
  end
end
eq(table.concat(lost, "; "), "", "every killed shell reports signal 9")

---------------------------------------------------------------- cancellation
-- a task waiting on a spawned `sleep 10`: cancel ends the task, the process keeps running
local pidch = async.channel(1)
local waiting = async.spawn(function()
  local c = process.cmd("sleep", "10"):spawn()
  pidch:send(c:pid())
  return c:wait()
end)
local spid = pidch:wait()
time.sleep(0):wait() -- let the task reach wait()
eq(waiting:done(), false, "the task waits on the process")
eq(waiting:cancel(), true, "cancel the waiting task")
raises({ "cancelled" }, waiting.wait, waiting)
eq(waiting:done(), true, "cancelled task is done")
-- the task ended before its process did, and the process was not killed
eq(alive(spid), true, "the process survives the cancelled waiter")

-- the same with output(): the shell hands its pid through a fifo (cat returns once it is
-- written), then becomes `sleep 10`
local fifodir = process.cmd("mktemp", "-d"):output().stdout:gsub("\n$", "")
local fifo = fifodir .. "/pid"
eq(process.cmd("mkfifo", fifo):output().ok, true, "mkfifo")
local outputting = async.spawn(function()
  return process.sh("echo $$ > '" .. fifo .. "'; exec sleep 10"):output()
end)
local opid = process.cmd("cat", fifo):output().stdout:gsub("%s", "")
time.sleep(0):wait() -- the task is in output(), waiting for `sleep 10`
eq(outputting:done(), false, "the task waits on output()")
eq(outputting:cancel(), true, "cancel the task in output()")
raises({ "cancelled" }, outputting.wait, outputting)
eq(alive(tonumber(opid)), true, "output()'s process survives the cancelled task")

-- a cancelled waiter frees nothing else: another handle can still wait for the child
local shared = process.cmd("sleep", "0.2"):spawn()
local w1 = async.spawn(function() return shared:wait() end)
time.sleep(0):wait()
w1:cancel()
eq(shared:wait().ok, true, "the child can still be waited after a waiter was cancelled")

-- cancelling a task that reads a stream releases it; the stream still works afterwards
local cat = process.cmd("cat"):spawn({ stdin = true })
local catin, catlines = cat:stdin(), cat:stdout_lines()
local reader = async.spawn(function() return catlines:wait() end)
time.sleep(0):wait()
eq(reader:cancel(), true, "cancel a stream reader")
raises({ "cancelled" }, reader.wait, reader)
catin:writeln("kept")
eq(catlines:wait(), "kept", "the line was not taken by the cancelled reader")
catin:close()
eq(cat:wait().ok, true, "cat ok")

-- a process killed by cancel? only when asked: kill() from the canceller
local asked = process.cmd("sleep", "30"):spawn()
local aw = async.spawn(function() return asked:wait() end)
time.sleep(0):wait()
aw:cancel()
eq(asked:kill(), true, "explicit kill after the cancel")
eq(asked:wait().signal, 9, "killed on request")

-- ... or when the command says kill_on_cancel: a task cancelled while it waits kills it
local function cancel_waiter(t)
  time.sleep(0):wait() -- the task waits on the process
  eq(t:cancel(), true, "cancel the waiting task")
  raises({ "cancelled" }, t.wait, t)
end
local koc = process.cmd("sleep", "30"):kill_on_cancel():spawn()
cancel_waiter(async.spawn(function() return koc:wait() end))
eq(ended_soon(koc:pid()), true, "kill_on_cancel: a cancelled wait() kills the child")
eq(koc:wait().signal, 9, "kill_on_cancel: killed by SIGKILL")

local kfifo = fifodir .. "/kpid"
eq(process.cmd("mkfifo", kfifo):output().ok, true, "mkfifo")
local koc_output = async.spawn(function()
  return process.sh("echo $$ > '" .. kfifo .. "'; exec sleep 30"):kill_on_cancel(true):output()
end)
local kpid = process.cmd("cat", kfifo):output().stdout:gsub("%s", "")
cancel_waiter(koc_output)
eq(ended_soon(kpid), true, "kill_on_cancel: a cancelled output() kills its process")

for _, how in ipairs({ "pipeline", "stage" }) do
  local first = process.cmd("sleep", "30")
  if how == "stage" then first:kill_on_cancel() end -- before pipe(), which takes a snapshot
  local p = first:pipe(process.cmd("sleep", "30"))
  if how == "pipeline" then p:kill_on_cancel() end
  local pc = p:spawn()
  cancel_waiter(async.spawn(function() return pc:wait() end))
  for i, spid_ in ipairs(pc:pids()) do
    eq(ended_soon(spid_), true, "kill_on_cancel on the " .. how .. ": stage " .. i .. " killed")
  end
end

local off = process.cmd("sleep", "30"):kill_on_cancel():kill_on_cancel(false):spawn()
cancel_waiter(async.spawn(function() return off:wait() end))
eq(alive(off:pid()), true, "kill_on_cancel(false): the cancelled wait kills nothing")
eq(off:kill(), true, "kill it by hand"); off:wait()

-- cancelled while the process is still being started: it is killed once it has started. The
-- task cancels itself from a middleware, right before the start, so the cancel takes effect at
-- the wait for the start. The process would leave a flag after half a second; killed, it
-- leaves none (a machine too slow to start it within 2 s could only make this pass unproven).
local flag = fifodir .. "/flag"
local starting
starting = async.spawn(function()
  process.push_middleware(function(spec) starting:cancel(); return spec end)
  return process.sh("sleep 0.5; touch '" .. flag .. "'"):kill_on_cancel():output()
end)
raises({ "cancelled" }, starting.wait, starting)
time.sleep("2s"):wait()
eq(process.cmd("test", "-e", flag):output().ok, false,
  "kill_on_cancel: a process cancelled while starting is killed once started")

process.cmd("kill", "-9", spid, opid):output()
process.cmd("rm", "-rf", fifodir):output()

---------------------------------------------------------------- shell_defaults
local d = process.shell_defaults()
eq(type(d), "table", "shell_defaults() is a table")
eq(d.pipefail, false, "default pipefail")
eq(d.timeout, nil, "default timeout")

local before = process.cmd("sleep", "0.5")
local before_pipe = process.cmd("false"):pipe(process.cmd("true"))
d = process.shell_defaults({ pipefail = true, timeout = "200ms" })
eq(d.pipefail, true, "pipefail set"); eq(d.timeout, 0.2, "timeout in seconds")
d = process.shell_defaults()
eq(d.pipefail, true, "read back pipefail"); eq(d.timeout, 0.2, "read back timeout")

-- commands and pipelines created afterwards get the defaults
expect_timed_out(process.cmd("sleep", "30"):output(), "default timeout")
r = process.cmd("false"):pipe(process.cmd("true")):output()
eq(r.ok, false, "default pipefail")
r = process.cmd("sleep", "30"):pipe(process.cmd("sleep", "30")):output()
eq(r.timed_out, true, "default timeout on a pipeline"); eq(r.ok, false, "timed-out pipeline")
-- an explicit setting wins over the default
eq(process.cmd("sleep", "0.5"):timeout(30):output().ok, true, "explicit timeout over the default")
eq(process.cmd("false"):pipe(process.cmd("true")):pipefail(false):output().ok, true, "explicit pipefail(false)")
-- created before the change: not affected
eq(before:output().ok, true, "a command created before keeps no timeout")
eq(before_pipe:output().ok, true, "a pipeline created before keeps pipefail off")

-- whole seconds
d = process.shell_defaults({ pipefail = true, timeout = 5 })
eq(d.timeout, 5, "timeout in whole seconds")
-- nil clears
d = process.shell_defaults({ pipefail = false, timeout = nil })
eq(d.timeout, nil, "nil clears the timeout"); eq(d.pipefail, false, "pipefail off")
eq(process.cmd("sleep", "0.3"):output().ok, true, "no default timeout any more")
eq(process.cmd("false"):pipe(process.cmd("true")):output().ok, true, "no default pipefail any more")

-- the defaults belong to the runtime: tasks see the same
process.shell_defaults({ pipefail = true })
eq(async.spawn(function() return process.shell_defaults().pipefail end):wait(), true, "a task sees the defaults")
process.shell_defaults({ pipefail = false })

raises({ "'shell_defaults'" }, process.shell_defaults, "pipefail")
raises({ "'shell_defaults'" }, process.shell_defaults, { timeout = {} })
print("process_control ok")
