-- Streamed bodies (stream = true): chunks through an awaitable stream, backpressure, select and
-- timeout that lose nothing, close, deadline and max_bytes while streaming.
local check = require("check")
local async = require("ward.async")
local time = require("ward.time")
local http = require("ward.net.http")

-- a body read chunk by chunk; nothing sits whole in memory
local r = http.get(HTTP_BASE .. "/big?n=5000000", {stream = true})
check.eq(r.status, 200, "status at the head")
check.eq(r.body, nil, "no buffered body when streaming")
check.eq(tostring(r.stream), "HttpBodyStream()", "tostring")
local total, chunks = 0, 0
while true do
  local chunk, err = r.stream:read()
  if not chunk then
    check.eq(err, "eof", "ends with eof")
    break
  end
  check.check(#chunk >= 1 and #chunk <= 65536, "chunk size within the default read")
  total = total + #chunk
  chunks = chunks + 1
end
check.eq(total, 5000000, "every byte")
check.check(chunks > 10, "many chunks")
local v, err = r.stream:read()
check.eq(err, "eof", "eof again")

-- read(n) bounds the chunk; wait and __call read too
local s = http.get(HTTP_BASE .. "/chunked", {stream = true}).stream
check.eq(s:read(2), "on", "read(2)")
local rest = {}
while true do
  local c = s()
  if not c then break end
  rest[#rest + 1] = c
end
check.eq(table.concat(rest), "e,two,three", "__call reads the rest")

-- slow body: a timed-out wait and a lost select consume nothing
local slow = http.get(HTTP_BASE .. "/slow?parts=3&ms=100", {stream = true})
local ok, e = pcall(function() return time.timeout(slow.stream, "1ms"):wait() end)
check.eq(ok, false, "timed out waiting for a chunk")
check.check(tostring(e):find("timeout") ~= nil, "timeout error: " .. tostring(e))
local got = {}
while true do
  local i, c = async.select({slow.stream, time.after(10)})
  check.eq(i, 1, "the stream wins against a long timer")
  if not c then break end
  got[#got + 1] = c
end
check.eq(table.concat(got), "part0;part1;part2;", "no part lost")

-- close in the middle: later reads say closed, the connection is not reused half-read
local big = http.get(HTTP_BASE .. "/big?n=10000000", {stream = true})
check.check(#big.stream:read() > 0, "some bytes")
check.eq(big.stream:close(), true, "close")
v, err = big.stream:read()
check.eq(err, "closed", "read after close")
check.eq(http.get(HTTP_BASE .. "/hello").body, "hello", "the client still works")

-- the deadline covers the streamed body; max_bytes too
local late = http.get(HTTP_BASE .. "/slow?parts=5&ms=100", {stream = true, timeout = 0.15})
local err2
while true do
  local c, e2 = late.stream:read()
  if not c then err2 = e2 break end
end
check.check(err2:find("operation timed out", 1, true) ~= nil, "deadline while streaming: " .. err2)
local capped = http.get(HTTP_BASE .. "/big?n=100000", {stream = true, max_bytes = 1000})
local err3
while true do
  local c, e3 = capped.stream:read()
  if not c then err3 = e3 break end
end
check.eq(err3, "response body exceeds max_bytes (1000)", "max_bytes while streaming")

-- many tasks stream at once on the one loop
local tasks = {}
for i = 1, 20 do
  tasks[i] = async.spawn(function()
    local st = http.get(HTTP_BASE .. "/big?n=200000", {stream = true}).stream
    local n = 0
    while true do
      local c = st:read()
      if not c then return n end
      n = n + #c
    end
  end)
end
for i = 1, 20 do
  check.eq(tasks[i]:wait(), 200000, "task " .. i)
end
