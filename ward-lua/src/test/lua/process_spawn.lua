-- ward.process spawning and streaming (ward-process.md "Spawning and streaming"): ProcChild,
-- kill and signals, interactive stdin, line and byte streams (binary data), streams as
-- awaitables with async.select and time.timeout, the "not_piped"/"merged"/"mode_conflict"
-- answers, wait() capturing what was not streamed.
local async = require("ward.async")
local process = require("ward.process")
local time = require("ward.time")

local check = require("check")
local eq, raises = check.eq, check.raises_plain

-- every line of a LineStream until "eof"
local function all_lines(stream)
  local lines = {}
  while true do
    local line, err = stream:wait()
    if line == nil then
      eq(err, "eof", "end of a line stream")
      return lines
    end
    lines[#lines + 1] = line
  end
end

-- every byte of a ByteStream until "eof", read n bytes at most at a time
local function all_bytes(stream, n)
  local parts = {}
  while true do
    local chunk, err = stream:wait(n)
    if chunk == nil then
      eq(err, "eof", "end of a byte stream")
      return table.concat(parts)
    end
    assert(type(chunk) == "string" and #chunk > 0, "a chunk is a non-empty string")
    if n then assert(#chunk <= n, "chunk of " .. #chunk .. " bytes for wait(" .. n .. ")") end
    parts[#parts + 1] = chunk
  end
end

-- true while the process with this pid exists (kill -0 through a second command)
local function alive(pid)
  return process.cmd("kill", "-0", pid):stdin_null():output().ok
end

---------------------------------------------------------------- kill, wait, signal 9
local sleeper = process.cmd("sleep", "30"):spawn()
local pid = sleeper:pid()
assert(math.type == nil or math.type(pid) == "integer")
assert(type(pid) == "number" and pid > 0 and pid == math.floor(pid), "pid is a positive integer")
local pids = sleeper:pids()
eq(type(pids), "table", "pids of a command"); eq(#pids, 1, "one pid"); eq(pids[1], pid, "pids[1]")
eq(alive(pid), true, "the spawned sleep runs")
eq(sleeper:kill(), true, "kill of a running process")
local r = sleeper:wait()
eq(r.ok, false, "killed: not ok")
eq(r.signal, 9, "kill sends SIGKILL")
eq(r.code, 137, "code is 128 + 9")
eq(r.timed_out, false, "a kill is no timeout")
eq(sleeper:kill(), false, "kill after exit")
eq(alive(pid), false, "the process is gone after wait")

-- kill from another task while this one waits
local s2 = process.cmd("sleep", "30"):spawn()
local waiter = async.spawn(function() return s2:wait() end)
time.sleep(0):wait()
eq(waiter:done(), false, "the waiter waits")
eq(s2:kill(), true, "kill while another task waits")
eq(waiter:wait().signal, 9, "the waiting task sees the signal")

-- a process that already exited
local quick = process.cmd("true"):spawn()
r = quick:wait()
eq(r.ok, true, "quick ok"); eq(r.signal, nil, "no signal")
eq(quick:kill(), false, "kill of an exited process")

---------------------------------------------------------------- wait() captures unstreamed pipes
r = process.sh("echo hi; echo err >&2"):spawn({ stderr = "pipe" }):wait()
eq(r.stdout, "hi\n", "unstreamed stdout is captured")
eq(r.stderr, "err\n", "unstreamed stderr is captured")
-- more than a pipe buffer, never read by the script: no deadlock, all captured
r = process.sh("head -c 300000 /dev/zero"):spawn():wait()
eq(r.ok, true, "large unread output"); eq(#r.stdout, 300000, "large output captured")
-- default: stderr inherited, so not captured
r = process.cmd("true"):spawn():wait()
eq(r.stdout, "", "empty captured stdout"); eq(r.stderr, nil, "inherited stderr is not captured")
-- streamed pipes give nil
local ch = process.sh("echo a; echo b >&2"):spawn({ stderr = true })
eq(ch:stdout_lines():wait(), "a", "streamed stdout")
r = ch:wait()
eq(r.stdout, nil, "streamed stdout gives nil")
eq(r.stderr, "b\n", "stderr not streamed is captured")

---------------------------------------------------------------- line streams
local child = process.cmd("printf", "one\ntwo\r\n\nthree\rx\nlast"):spawn()
local lines = child:stdout_lines()
local got = all_lines(lines)
eq(#got, 5, "line count")
eq(got[1], "one", "plain line"); eq(got[2], "two", "\\r\\n stripped"); eq(got[3], "", "empty line")
eq(got[4], "three\rx", "a lone \\r stays"); eq(got[5], "last", "last line without newline")
local l, e = lines:wait()
eq(l, nil, "eof again"); eq(e, "eof", "eof is sticky")
eq(child:wait().ok, true, "line child ok")

-- stderr lines
child = process.sh("echo e1 >&2; echo e2 >&2; echo out"):spawn({ stderr = "pipe" })
got = all_lines(child:stderr_lines())
eq(table.concat(got, ","), "e1,e2", "stderr lines")
eq(table.concat(all_lines(child:stdout_lines()), ","), "out", "stdout lines next to stderr lines")
child:wait()

-- a long stream, line by line
child = process.sh("i=0; while [ $i -lt 2000 ]; do echo line$i; i=$((i+1)); done"):spawn()
got = all_lines(child:stdout_lines())
eq(#got, 2000, "2000 lines"); eq(got[1], "line0", "first"); eq(got[2000], "line1999", "last")
child:wait()

-- awaitable: async.await, __call
child = process.cmd("printf", "x\ny\n"):spawn()
lines = child:stdout_lines()
eq(async.await(lines), "x", "async.await on a line stream")
eq(lines(), "y", "a line stream is callable")
eq(lines(), nil, "callable eof")
child:wait()

---------------------------------------------------------------- byte streams, binary data
child = process.cmd("printf", "\\0\\1\\2"):spawn()
eq(all_bytes(child:stdout_bytes()), "\0\1\2", "binary bytes with NUL")
eq(child:wait().ok, true, "bytes child ok")

child = process.cmd("printf", "abcdefghij"):spawn()
local bytes = child:stdout_bytes()
eq(all_bytes(bytes, 3), "abcdefghij", "wait(3) chunks of at most 3 bytes")
child:wait()

-- every byte value, through cat's stdin and back
local every = {}
for i = 0, 255 do every[#every + 1] = string.char(i) end
every = table.concat(every):rep(64)
child = process.cmd("cat"):stdin(every):spawn()
eq(all_bytes(child:stdout_bytes()), every, "every byte value (16 KiB) via a byte stream")
child:wait()

-- default wait() size is 16384
child = process.cmd("head", "-c", "100000", "/dev/zero"):spawn()
bytes = child:stdout_bytes()
local total = 0
while true do
  local chunk = bytes:wait()
  if not chunk then break end
  assert(#chunk <= 16384, "default chunk at most 16384 bytes, got " .. #chunk)
  total = total + #chunk
end
eq(total, 100000, "all bytes through default-sized reads")
child:wait()

-- read alias and __call
child = process.cmd("printf", "123456"):spawn()
bytes = child:stdout_bytes()
local a = bytes:read(2)
assert(#a >= 1 and #a <= 2, "read(2)")
local rest = { a }
while true do
  local c = bytes(2)
  if c == nil then break end
  assert(#c <= 2, "callable with n"); rest[#rest + 1] = c
end
eq(table.concat(rest), "123456", "read alias and call")
eq(select(2, bytes:read()), "eof", "read eof")
child:wait()

-- stderr bytes
child = process.sh("printf 'a\\0b' >&2"):spawn({ stderr = "pipe" })
eq(all_bytes(child:stderr_bytes()), "a\0b", "stderr bytes")
child:wait()

---------------------------------------------------------------- interactive stdin
child = process.cmd("cat"):spawn({ stdin = true })
local w = assert(child:stdin())
lines = child:stdout_lines()
eq(w:is_closed(), false, "open stdin")
eq(w:write("ab"), true, "write")
eq(w:writeln("c"), true, "writeln")
eq(w:flush(), true, "flush")
eq(lines:wait(), "abc", "cat echoes the line")
eq(w:writeln("second"), true, "writeln again")
eq(lines:wait(), "second", "second line")
eq(w:write("bin\0ary\n"), true, "binary write")
eq(lines:wait(), "bin\0ary", "binary line")
eq(w:write(""), true, "empty write")
eq(w:close(), true, "close")
eq(w:is_closed(), true, "closed")
eq(w:close(), true, "close twice")
local wr, werr = w:write("late")
eq(wr, nil, "write after close fails"); assert(type(werr) == "string", "write after close gives an error")
wr, werr = w:writeln("late")
eq(wr, nil, "writeln after close fails")
l, e = lines:wait()
eq(l, nil, "eof after stdin closed"); eq(e, "eof", "eof")
eq(child:wait().ok, true, "cat ends when stdin closes")

-- stdin and stdout driven from two tasks: lots of data without deadlock
child = process.cmd("wc", "-c"):spawn({ stdin = "pipe" })
w = child:stdin()
local writer = async.spawn(function()
  local chunk = string.rep("z", 4096)
  for _ = 1, 100 do assert(w:write(chunk)) end
  return w:close()
end)
eq(writer:wait(), true, "writer done")
r = child:wait()
eq(r.stdout:match("%d+"), "409600", "every written byte arrived")

-- writing to a process that exited: an error value, not a Lua error
child = process.cmd("true"):spawn({ stdin = true })
w = child:stdin()
child:wait()
local failed = false
for _ = 1, 64 do   -- the pipe buffer may take the first writes
  local okw = w:write(string.rep("x", 65536))
  if okw == nil then failed = true; break end
end
eq(failed, true, "write to an exited reader returns nil, err")

---------------------------------------------------------------- merged stderr
child = process.sh("echo o1; echo e1 >&2; echo o2"):stderr_to_stdout(true):spawn()
eq(table.concat(all_lines(child:stdout_lines()), ","), "o1,e1,o2", "merged lines in order")
local nl, why = child:stderr_lines()
eq(nl, nil, "no stderr stream when merged"); eq(why, "merged", "merged")
nl, why = child:stderr_bytes()
eq(nl, nil, "no stderr bytes when merged"); eq(why, "merged", "merged bytes")
child:wait()

---------------------------------------------------------------- not_piped, mode_conflict
child = process.cmd("true"):spawn({ stdout = false })
nl, why = child:stdout_lines(); eq(nl, nil, "inherited stdout"); eq(why, "not_piped", "not_piped stdout")
nl, why = child:stdout_bytes(); eq(why, "not_piped", "not_piped stdout bytes")
nl, why = child:stderr_lines(); eq(why, "not_piped", "stderr inherited by default")
nl, why = child:stderr_bytes(); eq(why, "not_piped", "stderr bytes inherited by default")
nl, why = child:stdin(); eq(nl, nil, "inherited stdin"); eq(why, "not_piped", "not_piped stdin")
r = child:wait()
eq(r.stdout, nil, "inherited stdout is not captured")

child = process.cmd("true"):spawn({ stdout = "inherit", stdin = "null", stderr = "null" })
eq(select(2, child:stdout_lines()), "not_piped", "\"inherit\"")
eq(select(2, child:stderr_lines()), "not_piped", "\"null\" stderr")
eq(select(2, child:stdin()), "not_piped", "\"null\" stdin")
child:wait()

child = process.cmd("cat"):stdin_null():spawn({ stdout = "null" })
eq(select(2, child:stdout_bytes()), "not_piped", "\"null\" stdout")
child:wait()

child = process.cmd("printf", "a\nb\n"):spawn({ stdout = "pipe", stderr = "pipe" })
assert(child:stdout_lines())
nl, why = child:stdout_bytes()
eq(nl, nil, "bytes after lines"); eq(why, "mode_conflict", "mode_conflict")
assert(child:stdout_lines(), "a second line handle on the same pipe is allowed")
assert(child:stderr_bytes())
eq(select(2, child:stderr_lines()), "mode_conflict", "lines after bytes")
child:wait()

-- two line handles compete for the lines: each line goes to exactly one of them
child = process.cmd("printf", "1\n2\n3\n4\n"):spawn()
local h1, h2 = child:stdout_lines(), child:stdout_lines()
local seen = {}
local function drain(h)
  while true do
    local x = h:wait()
    if x == nil then return end
    seen[#seen + 1] = x
  end
end
local t1 = async.spawn(drain, h1)
local t2 = async.spawn(drain, h2)
t1:wait(); t2:wait()
table.sort(seen)
eq(table.concat(seen, ","), "1,2,3,4", "competing handles share the lines")
child:wait()

-- one-shot stdin is piped but not offered as a ProcStdin
child = process.cmd("cat"):stdin("given\n"):spawn()
eq(select(2, child:stdin()), "not_piped", "one-shot stdin is not a ProcStdin")
eq(child:stdout_lines():wait(), "given", "one-shot stdin while spawned")
child:wait()

---------------------------------------------------------------- select and timeout
-- `cat` writes nothing until we do: the outcome of each race is certain
child = process.cmd("cat"):spawn({ stdin = true })
w, lines = child:stdin(), child:stdout_lines()
local idx = async.select({ lines, time.sleep("20ms") })
eq(idx, 2, "the sleep wins while cat is silent")
local ok, err = pcall(function() return time.timeout(lines, "20ms"):wait() end)
eq(ok, false, "timeout on a silent stream"); assert(tostring(err):find("timeout"), tostring(err))
-- the stream is still usable after losing races: nothing was consumed
w:writeln("after races")
local v
idx, v = async.select({ lines, time.sleep("30s") })
eq(idx, 1, "the stream wins once cat writes"); eq(v, "after races", "the line after the races")
w:writeln("timed")
eq(time.timeout(lines, "30s"):wait(), "timed", "time.timeout passes the line through")
local bchild = process.cmd("cat"):spawn({ stdin = true })
local bw, bs = bchild:stdin(), bchild:stdout_bytes()
idx = async.select({ time.sleep("10ms"), bs })
eq(idx, 1, "a silent byte stream loses")
bw:write("\0\0")
idx, v = async.select({ time.sleep("30s"), bs })
eq(idx, 2, "byte stream wins"); eq(v, "\0\0", "bytes through select")
bw:close(); w:close()
eq(select(2, lines:wait()), "eof", "eof after close")
child:wait(); bchild:wait()

---------------------------------------------------------------- argument errors
child = process.cmd("true"):spawn()
raises({ "'kill'" }, child.kill, nil)
raises({ "'wait'" }, child.wait, "x")
raises({ "'pid'" }, child.pid, {})
child:wait()
child = process.cmd("printf", "x"):spawn()
bytes = child:stdout_bytes()
raises({ "'wait'" }, bytes.wait, bytes, "many")
raises({ "'wait'" }, bytes.wait, bytes, {})
child:wait()
print("process_spawn ok")
