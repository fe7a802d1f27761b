-- ward.process commands (ward-process.md): cmd/sh, the Cmd builder, run/output, CmdResult,
-- exit codes and signals, one-shot/file/null stdin, merged stderr, programs that cannot start,
-- argument errors. Real programs only: sh, cat, printf, wc, head, tr, true, false.
local process = require("ward.process")
local time = require("ward.time")

local check = require("check")
local eq, raises = check.eq, check.raises_plain

-- the stdout of a command that must succeed, without its last newline
local function must(c)
  local res = c:output()
  assert(res.ok, "helper command failed: " .. tostring(res.stderr))
  return (res.stdout:gsub("\n$", ""))
end

-- a fresh temporary file (made by mktemp: the runtime has no io library)
local function tempfile(content)
  local path = must(process.cmd("mktemp"))
  if content then
    must(process.cmd("sh", "-c", 'printf "%s" "$1" > "$2"', "sh", content, path))
  end
  return path
end

---------------------------------------------------------------- cmd: varargs and table form
local r = process.cmd("printf", "%s|", "a", "b c", ""):output()
eq(r.stdout, "a|b c||", "varargs, one argument each")
r = process.cmd("printf", { "%s|", "x", "y z" }):output()
eq(r.stdout, "x|y z|", "table form")
r = process.cmd("printf", "%s|", 1, 2.5, -7):output()
eq(r.stdout, "1|2.5|-7|", "numbers are converted")
r = process.cmd("printf", { "%s|", 42 }):output()
eq(r.stdout, "42|", "numbers in the table form")
r = process.cmd("true"):output()
eq(r.ok, true, "program without arguments")

raises({ "bad argument #1 to 'cmd'", "string expected", "got no value" }, process.cmd)
raises({ "bad argument #1 to 'cmd'", "string expected", "got nil" }, process.cmd, nil)
raises({ "bad argument #1 to 'cmd'", "string expected", "got table" }, process.cmd, {})
raises({ "bad argument #1 to 'cmd'", "string expected", "got boolean" }, process.cmd, true)
raises({ "bad argument #2 to 'cmd'", "string expected", "got boolean" }, process.cmd, "echo", true)
raises({ "bad argument #3 to 'cmd'", "string expected", "got function" }, process.cmd, "echo", "a", print)
-- an element of the table form: the message names the function, what was expected and the type
raises({ "bad argument #2 to 'cmd'", "expected", "boolean" }, process.cmd, "echo", { "a", false })
raises({ "bad argument #2 to 'cmd'", "expected", "table" }, process.cmd, "echo", { {} })

---------------------------------------------------------------- sh
r = process.sh("echo $((40 + 2)); echo two words"):output()
eq(r.stdout, "42\ntwo words\n", "sh runs a shell script")
eq(r.ok, true, "sh ok")
r = process.sh("exit 7"):output()
eq(r.code, 7, "sh exit code")
raises({ "bad argument #1 to 'sh'", "string expected", "got nil" }, process.sh, nil)
raises({ "bad argument #1 to 'sh'", "string expected", "got no value" }, process.sh)
raises({ "bad argument #1 to 'sh'", "string expected", "got table" }, process.sh, {})

---------------------------------------------------------------- CmdResult of output()
r = process.sh("printf out; printf err >&2; exit 3"):output()
eq(r.ok, false, "non-zero exit is not ok")
eq(r.code, 3, "exit code")
eq(r.signal, nil, "no signal")
eq(r.stdout, "out", "stdout captured")
eq(r.stderr, "err", "stderr captured")
eq(r.timed_out, false, "no timeout")
eq(r:is_ok(), false, "is_ok")
if r.steps ~= nil then
  eq(#r.steps, 1, "one step for one command")
  eq(r.steps[1], 3, "the step's code")
end

r = process.cmd("true"):output()
eq(r.ok, true, "true is ok"); eq(r.code, 0, "true code"); eq(r.signal, nil, "true signal")
eq(r.stdout, "", "empty stdout is an empty string"); eq(r.stderr, "", "empty stderr")
eq(r:is_ok(), true, "is_ok on success")
r = process.cmd("false"):output()
eq(r.ok, false, "false"); eq(r.code, 1, "false code")
eq(process.sh("exit 255"):output().code, 255, "exit code 255")

-- binary output survives unchanged
r = process.cmd("printf", "\\0\\1\\2\\377"):output()
eq(r.stdout, "\0\1\2\255", "binary stdout")
eq(#r.stdout, 4, "binary length")

-- large output on both pipes at once: nothing deadlocks on a full pipe buffer
r = process.sh("head -c 300000 /dev/zero | tr '\\0' o; head -c 200000 /dev/zero | tr '\\0' e >&2"):output()
eq(#r.stdout, 300000, "large stdout")
eq(#r.stderr, 200000, "large stderr")
eq(r.stdout:sub(1, 3) .. r.stderr:sub(-3), "oooeee", "large contents")

-- signals: the shell kills itself
r = process.sh("kill -TERM $$"):output()
eq(r.ok, false, "killed by a signal is not ok")
eq(r.signal, 15, "signal number")
eq(r.code, 128 + 15, "code is 128 + signal")
r = process.sh("kill -KILL $$"):output()
eq(r.signal, 9, "SIGKILL"); eq(r.code, 137, "SIGKILL code")

---------------------------------------------------------------- assert_ok
r = process.cmd("true"):output()
r:assert_ok()
r:assert_ok("never raised")
local failed = process.sh("echo 'something broke badly' >&2; exit 4"):output()
raises({ "command failed", "exit code 4", "something broke" }, failed.assert_ok, failed)
raises({ "deploy step", "exit code 4", "something broke" }, failed.assert_ok, failed, "deploy step")
eq(failed:is_ok(), false, "is_ok false")

---------------------------------------------------------------- run(): inherits stdout/stderr
r = process.cmd("true"):run()
eq(r.ok, true, "run ok"); eq(r.code, 0, "run code")
eq(r.stdout, nil, "run captures no stdout"); eq(r.stderr, nil, "run captures no stderr")
r = process.sh("exit 5"):run()
eq(r.ok, false, "run failure"); eq(r.code, 5, "run exit code")

---------------------------------------------------------------- builder: cwd, env, envs
local dir = must(process.cmd("mktemp", "-d"))
local real = process.cmd("pwd", "-P"):cwd(dir):output()
eq(real.stdout:gsub("\n$", ""):match("[^/]+$"), dir:match("[^/]+$"), "cwd")
eq(process.cmd("pwd"):cwd("/"):output().stdout, "/\n", "cwd /")
-- a relative program name with a cwd: the program still comes from PATH
eq(process.cmd("sh", "-c", "pwd"):cwd("/"):output().stdout, "/\n", "sh in cwd")

-- plain `sh -c` here: a login shell's profile may set variables of its own
local function shc(script) return process.cmd("sh", "-c", script) end
eq(shc('echo "$WARD_T1"'):env("WARD_T1", "one"):output().stdout, "one\n", "env")
eq(shc('echo "$WARD_T1"'):env("WARD_T1", 12):output().stdout, "12\n", "env number value")
eq(shc('echo "${WARD_T1-unset}"'):env("WARD_T1", "x"):env("WARD_T1", nil):output().stdout, "unset\n",
  "env(key, nil) removes a variable set before")
-- HOME is inherited from the test's environment, so removing it is visible
assert(shc('echo "${HOME-unset}"'):output().stdout ~= "unset\n", "HOME is inherited")
eq(shc('echo "${HOME-unset}"'):env("HOME", nil):output().stdout, "unset\n", "env(key, nil) removes")
eq(shc('echo "${HOME-unset}"'):env("HOME", false):output().stdout, "unset\n", "env(key, false) removes")
eq(shc('echo "$WARD_A-$WARD_B"'):envs({ WARD_A = "a", WARD_B = "b" }):output().stdout, "a-b\n", "envs")
eq(shc('echo "$WARD_A"'):env("WARD_A", "first"):env("WARD_A", "second"):output().stdout,
  "second\n", "the last env wins")
eq(shc('echo "$WARD_A"'):envs({ WARD_A = "first" }):env("WARD_A", "second"):output().stdout,
  "second\n", "env after envs")
-- PATH and the rest of the environment stay inherited
eq(shc('test -n "$PATH" && echo has-path'):env("WARD_X", "1"):output().stdout, "has-path\n",
  "env adds to the inherited environment")

local c = process.cmd("true")
raises({ "'cwd'", "string expected" }, c.cwd, c, {})
raises({ "'env'", "string expected" }, c.env, c, nil, "x")
raises({ "'env'", "string expected" }, c.env, c, {}, "x")
raises({ "'env'" }, c.env, c, "K", {})
raises({ "'envs'", "table expected" }, c.envs, c, "K=V")
raises({ "'envs'", "table expected" }, c.envs, c, nil)
raises({ "'stdin'" }, c.stdin, c, {})
raises({ "'stdin_file'", "string expected" }, c.stdin_file, c, nil)
raises({ "'timeout'" }, c.timeout, c, {})
raises({ "'timeout'" }, c.timeout, c, "soon")
raises({ "'pipe'" }, c.pipe, c, "cat")
raises({ "'pipe'" }, c.pipe, c, nil)
raises({ "'output'" }, c.output, nil)
raises({ "'run'" }, c.run, "x")

-- each builder method returns the Cmd, so calls chain
local chained = process.cmd("sh", "-c", 'cat; echo "$K"'):cwd("/"):env("K", "v"):envs({ L = "w" })
  :timeout(30):stdin("in "):stderr_to_stdout(false)
eq(chained:output().stdout, "in v\n", "chained builder")

---------------------------------------------------------------- stdin: one-shot, file, null, reset
eq(process.cmd("cat"):stdin("hello\0world\n"):output().stdout, "hello\0world\n", "one-shot stdin, binary")
eq(process.cmd("wc", "-c"):stdin(string.rep("x", 200000)):output().stdout:match("%d+"), "200000",
  "large one-shot stdin")
eq(process.cmd("cat"):stdin(""):output().stdout, "", "empty one-shot stdin")
eq(process.cmd("head", "-n", "1"):stdin("first\nsecond\n"):output().stdout, "first\n", "stdin then closed")

local file = tempfile("line 1\nline 2\nline 3\n")
eq(process.cmd("wc", "-l"):stdin_file(file):output().stdout:match("%d+"), "3", "stdin_file")
eq(process.cmd("cat"):stdin_file(file):output().stdout, "line 1\nline 2\nline 3\n", "stdin_file content")
-- an unreadable file fails when started, not when set
local missing = process.cmd("cat"):stdin_file(dir .. "/no-such-file")
local ok = pcall(missing.output, missing)
eq(ok, false, "stdin_file of a missing file fails at start")

eq(process.cmd("cat"):stdin_null():output().stdout, "", "stdin_null: immediate end of input")
eq(process.cmd("wc", "-c"):stdin_null():output().stdout:match("%d+"), "0", "stdin_null is empty")
-- the last stdin setting wins
eq(process.cmd("cat"):stdin("one-shot"):stdin_null():output().stdout, "", "stdin_null after stdin")
eq(process.cmd("cat"):stdin_null():stdin("again"):output().stdout, "again", "stdin after stdin_null")
eq(process.cmd("cat"):stdin("x"):stdin_file(file):output().stdout:sub(1, 6), "line 1", "stdin_file after stdin")
-- nil / false reset to inherited: spawning with stdin = true is allowed again (it is an error
-- while a one-shot input is set)
for _, reset in ipairs({ "false", "nil" }) do
  local catc = process.cmd("cat"):stdin("one-shot")
  raises({ "stdin" }, catc.spawn, catc, { stdin = true })
  if reset == "false" then catc:stdin(false) else catc:stdin(nil) end
  local child = catc:spawn({ stdin = true })
  local w = assert(child:stdin())
  w:write("typed\n"); w:close()
  eq(child:stdout_lines():wait(), "typed", "stdin reset, then piped")
  eq(child:wait().ok, true, "reset child ok")
end

---------------------------------------------------------------- stderr_to_stdout
r = process.sh("echo out; echo err >&2; echo out2"):stderr_to_stdout(true):output()
eq(r.stdout, "out\nerr\nout2\n", "stderr merged into stdout, in order")
assert(r.stderr == nil or r.stderr == "", "merged stderr is empty: " .. tostring(r.stderr))
r = process.sh("echo out; echo err >&2"):stderr_to_stdout(true):stderr_to_stdout(false):output()
eq(r.stdout, "out\n", "stderr_to_stdout(false) separates again")
eq(r.stderr, "err\n", "separate stderr")

---------------------------------------------------------------- programs that cannot start
local err = raises({ "cannot start", "ward-no-such-program-xyz" },
  function() return process.cmd("ward-no-such-program-xyz", "a"):output() end)
raises({ "cannot start", "/nonexistent/dir/prog" }, function() return process.cmd("/nonexistent/dir/prog"):run() end)
raises({ "cannot start", "ward-no-such-program-xyz" },
  function() return process.cmd("ward-no-such-program-xyz"):spawn() end)
-- a file that is not executable
local plain = tempfile("echo hi\n")
raises({ "cannot start", plain }, function() return process.cmd(plain):output() end)
-- the error is catchable and the runtime goes on
eq(process.cmd("true"):output().ok, true, "after a failed start")

---------------------------------------------------------------- spawn options
local sp = process.cmd("true")
raises({ "'spawn'" }, sp.spawn, sp, "pipe")
raises({ "'spawn'" }, sp.spawn, sp, { stdout = "bogus" })
raises({ "'spawn'" }, sp.spawn, sp, { stderr = 3 })
raises({ "'spawn'" }, sp.spawn, sp, { stdin = {} })
raises({ "'spawn'", "unknown option 'stdout_lines'" }, sp.spawn, sp, { stdout_lines = true })
raises({ "'spawn'", "unknown option" }, sp.spawn, sp, { true })
local oneshot = process.cmd("cat"):stdin("x")
raises({ "stdin" }, oneshot.spawn, oneshot, { stdin = true })
raises({ "stdin" }, oneshot.spawn, oneshot, { stdin = "pipe" })

must(process.cmd("rm", "-rf", dir, file, plain))
print("process_cmd ok")
