-- ward.process pipelines (ward-process.md "Pipeline"): cmd:pipe(...), real pipes between the
-- stages, steps, pids, pipefail on and off, spawn (the child is the last stage), timeouts that
-- kill every stage.
local process = require("ward.process")

local check = require("check")
local eq, raises = check.eq, check.raises_plain

local function steps(res) return table.concat(res.steps, ",") end

local function alive(pid)
  return process.cmd("kill", "-0", pid):stdin_null():output().ok
end

---------------------------------------------------------------- two and three stages
local p = process.cmd("printf", "b\\na\\n"):pipe(process.cmd("sort"))
local r = p:output()
eq(r.stdout, "a\nb\n", "printf 'b\\na\\n' | sort")
eq(r.ok, true, "pipeline ok"); eq(r.code, 0, "pipeline code"); eq(r.signal, nil, "no signal")
eq(r.timed_out, false, "no timeout")
eq(#r.steps, 2, "a step per stage"); eq(steps(r), "0,0", "steps")
eq(r:is_ok(), true, "is_ok")

r = process.cmd("printf", "hello world"):pipe(process.cmd("tr", "a-z", "A-Z")):pipe(process.cmd("wc", "-c")):output()
eq(r.stdout:match("%d+"), "11", "three stages")
eq(steps(r), "0,0,0", "three steps")

-- a pipeline piped into a command, and a command piped into a pipeline
local tail = process.cmd("sort"):pipe(process.cmd("head", "-n", "1"))
eq(process.cmd("printf", "c\\nb\\na\\n"):pipe(tail):output().stdout, "a\n", "cmd:pipe(pipeline)")
local head2 = process.cmd("printf", "x\\ny\\n"):pipe(process.cmd("tr", "xy", "XY"))
r = head2:pipe(process.cmd("wc", "-l")):output()
eq(r.stdout:match("%d+"), "2", "pipeline:pipe(cmd)"); eq(#r.steps, 3, "three steps after pipe")

-- real pipes: a large stream flows through without being held in Lua
r = process.cmd("head", "-c", "2000000", "/dev/zero"):pipe(process.cmd("tr", "\\0", "a"))
  :pipe(process.cmd("wc", "-c")):output()
eq(r.stdout:match("%d+"), "2000000", "2 MB through three stages")

-- a stage that stops reading early (head) ends the pipeline; the writer gets SIGPIPE
r = process.sh("yes"):pipe(process.cmd("head", "-n", "3")):output()
eq(r.stdout, "y\ny\ny\n", "yes | head -n 3")
eq(r.ok, true, "without pipefail only the last stage counts")

---------------------------------------------------------------- stdin, env, cwd per stage
r = process.cmd("cat"):stdin("q\nq\n"):pipe(process.cmd("tr", "q", "Q")):output()
eq(r.stdout, "Q\nQ\n", "the first stage's one-shot stdin")
r = process.cmd("sh", "-c", 'echo "$A"'):env("A", "first")
  :pipe(process.cmd("sh", "-c", 'cat; echo "$A"; pwd'):env("A", "second"):cwd("/")):output()
eq(r.stdout, "first\nsecond\n/\n", "each stage keeps its own env and cwd")

-- a stage with stderr_to_stdout sends both into the next stage
r = process.sh("echo e >&2; echo o"):stderr_to_stdout(true):pipe(process.cmd("cat")):output()
eq(r.stdout, "e\no\n", "merged stderr of a stage flows through the pipe")

-- stderr of the stages is not piped into the next stage
r = process.sh("echo to-err >&2; echo to-out"):pipe(process.cmd("cat")):output()
eq(r.stdout, "to-out\n", "only stdout flows through the pipe")

---------------------------------------------------------------- pipefail
r = process.cmd("false"):pipe(process.cmd("cat")):output()
eq(r.ok, true, "false | cat is ok without pipefail"); eq(r.code, 0, "last stage's code")
eq(steps(r), "1,0", "steps show the failing stage")
r = process.cmd("false"):pipe(process.cmd("cat")):pipefail(true):output()
eq(r.ok, false, "false | cat fails with pipefail")
assert(r.code ~= 0, "a failing pipeline's code is not 0: " .. tostring(r.code))
eq(steps(r), "1,0", "steps with pipefail")
r = process.cmd("false"):pipe(process.cmd("cat")):pipefail(true):pipefail(false):output()
eq(r.ok, true, "pipefail(false) turns it off again")
r = process.cmd("true"):pipe(process.sh("exit 3")):output()
eq(r.ok, false, "the last stage fails"); eq(r.code, 3, "last stage's code"); eq(steps(r), "0,3", "steps")
r = process.sh("exit 2"):pipe(process.sh("cat >/dev/null; exit 5")):pipefail(true):output()
eq(r.ok, false, "both fail"); eq(steps(r), "2,5", "both codes")
r = process.cmd("true"):pipe(process.cmd("true")):pipefail(true):output()
eq(r.ok, true, "pipefail with every stage ok")

-- run(): inherits the last stage's stdout
r = process.cmd("printf", "x"):pipe(process.cmd("tr", "x", "y")):pipe(process.sh("cat >/dev/null")):run()
eq(r.ok, true, "pipeline run"); eq(r.stdout, nil, "run captures nothing"); eq(steps(r), "0,0,0", "run steps")

---------------------------------------------------------------- spawn: pids, streams, kill
local child = process.cmd("printf", "3\\n1\\n2\\n"):pipe(process.cmd("sort")):pipe(process.cmd("cat")):spawn()
local pids = child:pids()
eq(#pids, 3, "a pid per stage")
eq(pids[3], child:pid(), "pid() is the last stage")
assert(pids[1] ~= pids[2] and pids[2] ~= pids[3] and pids[1] ~= pids[3], "distinct pids")
local lines = child:stdout_lines()
eq(lines:wait(), "1", "streamed from the last stage"); eq(lines:wait(), "2", "line 2"); eq(lines:wait(), "3", "line 3")
r = child:wait()
eq(r.ok, true, "spawned pipeline ok"); eq(steps(r), "0,0,0", "spawned steps"); eq(r.stdout, nil, "streamed")

child = process.cmd("printf", "a\\n"):pipe(process.cmd("cat")):spawn()
r = child:wait()
eq(r.stdout, "a\n", "unstreamed pipeline stdout is captured")

-- interactive stdin feeds the first stage (cat | cat: neither buffers its output)
child = process.cmd("cat"):pipe(process.cmd("cat")):spawn({ stdin = true })
local w = assert(child:stdin())
lines = child:stdout_lines()
w:writeln("shout")
eq(lines:wait(), "shout", "stdin -> first stage -> last stage -> lines")
w:writeln("again")
eq(lines:wait(), "again", "a second line through both stages")
w:close()
eq(select(2, lines:wait()), "eof", "eof once stdin is closed")
eq(steps(child:wait()), "0,0", "interactive pipeline steps")

-- kill() ends the pipeline
child = process.cmd("sleep", "30"):pipe(process.cmd("sleep", "30")):spawn()
pids = child:pids()
eq(child:kill(), true, "kill a running pipeline")
r = child:wait()
eq(r.ok, false, "killed pipeline"); eq(r.signal, 9, "last stage killed by SIGKILL")
for i, pid in ipairs(pids) do eq(alive(pid), false, "stage " .. i .. " killed") end
eq(child:kill(), false, "kill after the end")

---------------------------------------------------------------- timeouts kill every stage
-- (sleep in every stage: a reading stage such as cat could end by itself once its writer died)
r = process.cmd("sleep", "30"):pipe(process.cmd("sleep", "30")):pipe(process.cmd("sleep", "30")):timeout(0.2):output()
eq(r.ok, false, "pipeline timeout: not ok"); eq(r.timed_out, true, "timed_out")
eq(r.signal, 9, "killed by SIGKILL"); eq(r.code, 137, "code 137")
eq(#r.steps, 3, "steps after a timeout")
for i = 1, 3 do eq(r.steps[i], 137, "every stage was killed (step " .. i .. ")") end

child = process.cmd("sleep", "30"):pipe(process.cmd("sleep", "30")):timeout("200ms"):spawn()
pids = child:pids()
r = child:wait()
eq(r.timed_out, true, "spawned pipeline timed out")
for i, pid in ipairs(pids) do eq(alive(pid), false, "stage " .. i .. " gone after the timeout") end

-- a pipeline that finishes in time
r = process.cmd("printf", "fast"):pipe(process.cmd("cat")):timeout(30):output()
eq(r.ok, true, "in time"); eq(r.timed_out, false, "not timed out"); eq(r.stdout, "fast", "output")

---------------------------------------------------------------- errors
raises({ "cannot start", "ward-no-such-stage" },
  function() return process.cmd("printf", "x"):pipe(process.cmd("ward-no-such-stage")):output() end)
local pl = process.cmd("true"):pipe(process.cmd("true"))
raises({ "'pipe'" }, pl.pipe, pl, 42)
raises({ "'timeout'" }, pl.timeout, pl, {})
-- the runtime goes on after a failed start
eq(process.cmd("true"):pipe(process.cmd("true")):output().ok, true, "after a failed stage")
print("process_pipeline ok")
