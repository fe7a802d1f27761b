-- ward.ipc.unix with real Unix domain sockets in TMPDIR (set by NetScriptsTest).
local check = require("check")
local async = require("ward.async")
local time = require("ward.time")
local unix = require("ward.ipc.unix")
local ipc = require("ward.ipc")
local process = require("ward.process")

-- a shell test on a path ("-e path", "-S path"): the runtime has no io library
local function test(flag, p)
  return process.cmd("test", flag, p):output().ok
end

check.eq(ipc.unix, unix, "ward.ipc.unix is the same table")

-- the upstream example: a task accepts, reads 5 bytes, answers "pong"
local path = TMPDIR .. "/echo.sock"
local l = unix.listen(path)
check.eq(tostring(l), "UnixListener()", "tostring listener")
local server = async.spawn(function()
  local s = l:accept()
  local data = s:read(5)
  s:write_all("pong")
  return data
end)
local c = unix.connect(path)
check.eq(tostring(c), "UnixStream()", "tostring stream")
check.eq(c:write_all("ping"), true, "write_all")
check.eq(c:read(4), "pong", "read")
check.eq(server:wait(), "ping", "server read")
check.eq(l:close(), true, "close listener")
check.eq(l:close(), false, "closed twice")
check.eq(test("-e", path), false, "socket file removed on close")

-- binary data both ways, read_exact, eof, closed
local l2 = unix.listen(path)
local echo = async.spawn(function()
  local s = l2:accept()
  while true do
    local chunk, err = s:read()
    if not chunk then return err end
    s:write_all(chunk)
  end
end)
local c2 = unix.connect(path)
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
local bytes = table.concat(all):rep(100)
check.eq(c2:write(bytes), #bytes, "write returns the count")
check.eq(c2:read_exact(#bytes), bytes, "read_exact gets every byte back")
c2:shutdown()
check.eq(echo:wait(), "eof", "peer sees eof after shutdown")
local v, err = c2:read()
check.eq(v, nil, "eof read")
check.eq(err, "eof", "eof word")
check.eq(c2:close(), true, "close")
check.eq(c2.closed, true, "closed field")
v, err = c2:read()
check.eq(err, "closed", "read after close")
v, err = c2:write_all("x")
check.eq(err, "closed", "write after close")

-- close wakes a pending read and a pending accept ([Ward/JVM])
local c3 = unix.connect(path)
local peer = l2:accept()
local reader = async.spawn(function() return select(2, c3:read()) end)
time.sleep("20ms"):wait()
c3:close()
check.eq(reader:wait(), "closed", "pending read woken by close")
local acceptor = async.spawn(function() return select(2, l2:accept()) end)
time.sleep("20ms"):wait()
l2:close()
check.eq(acceptor:wait(), "closed", "pending accept woken by close")
peer:close()

-- a stream is an awaitable: select races a read, and the loser takes nothing
local l3 = unix.listen(path)
local c4 = unix.connect(path)
local s4 = l3:accept()
local ok = pcall(function() return time.timeout(c4, "10ms"):wait() end)
check.eq(ok, false, "timeout on a silent stream")
s4:write_all("late")
local idx, data = async.select({c4, time.after(10)})
check.eq(idx, 1, "select: the stream won")
check.eq(data, "late", "nothing lost by the timed-out wait")
c4:close(); s4:close(); l3:close()

-- stale sockets and regular files at the path are replaced; a live one is refused
local l4 = unix.listen(path)
check.raises_plain({"address in use"}, unix.listen, path)
check.raises_plain({"address in use (unlink disabled)"}, unix.listen, path, {unlink = false})
l4:close()
check.check(process.cmd("sh", "-c", 'echo x > "$1"', "sh", path):output().ok, "regular file made")
local l5 = unix.listen(path, {mode = tonumber("660", 8)})
check.eq(test("-S", path), true, "a leftover regular file was replaced by the socket")
check.eq(process.cmd("stat", "-c", "%a", path):output().stdout, "660\n", "mode 0660")
l5:close()
local deep = TMPDIR .. "/a/b/c.sock"
check.raises_plain({"bind failed"}, unix.listen, deep)
local l6 = unix.listen(deep, {mkdir = true})
check.eq(test("-S", deep), true, "mkdir made the parents")
l6:close()

-- errors
check.raises_plain({"connect failed: "}, unix.connect, TMPDIR .. "/nobody.sock")
check.raises_plain({"connect options are not supported yet"}, unix.connect, path, {})
check.raises_plain({"bad argument #1 to 'connect' (string expected, got no value)"}, unix.connect)
check.raises_plain({"bad argument #1 to 'listen' (string expected, got table)"}, unix.listen, {})
check.raises_plain({"backlog must be a positive integer"}, unix.listen, path, {backlog = 0})
check.raises_plain({"mode must be between 0 and 0o7777"}, unix.listen, path, {mode = 9999})
check.raises_plain({"mode must be an integer (octal) between 0 and 0o7777"}, unix.listen, path, {mode = "x"})
check.raises_plain({"owner/group must be a non-negative integer"}, unix.listen, path, {owner = -1})
local l7 = unix.listen(path)
local c7 = unix.connect(path)
check.raises_plain({"read(n): n must be > 0"}, c7.read, c7, 0)
check.raises_plain({"read_exact(n): n too large"}, c7.read_exact, c7, 2^40)
check.raises_plain({"write(bytes): expected bytes string"}, c7.write, c7, 5)
check.raises_plain({"write_all(bytes): expected bytes string"}, c7.write_all, c7, nil)
c7:close(); l7:close()

-- a long-running server task: accept in a loop, one handler task per client, 50 clients in turn
local spath = TMPDIR .. "/server.sock"
local sl = unix.listen(spath)
local served = 0
local srv = async.spawn(function()
  while true do
    local s = sl:accept()
    if not s then return served end
    async.spawn(function()
      local line = s:read()
      if line then s:write_all("re:" .. line) end
      s:close()
    end)
    served = served + 1
  end
end)
for i = 1, 50 do
  local c = unix.connect(spath)
  c:write_all("m" .. i)
  local got = c:read()
  check.eq(got, "re:m" .. i, "reply " .. i)
  c:close()
end
sl:close()
check.eq(srv:wait(), 50, "the server task served every client")
