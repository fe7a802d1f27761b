-- ward.time timers: sleep, after, interval, timeout, sleep_blocking (semantics.md §3).
local async = require("ward.async")
local time = require("ward.time")

local raises = require("check").raises

local function elapsed_ms(start) return start:elapsed():millis() end

-- sleep: returns true, reusable, never early
local s = time.sleep("20ms")
local t0 = time.instant_now()
assert(s:wait() == true)
assert(elapsed_ms(t0) >= 20)
t0 = time.instant_now()
assert(s() == true)
assert(elapsed_ms(t0) >= 20)
assert(time.sleep(0):wait() == true)
assert(time.sleep("1.5ms"):wait() == true)
assert(time.sleep(time.duration("1ms")):wait() == true)

-- sleeps run concurrently
t0 = time.instant_now()
local tasks = {}
for i = 1, 20 do tasks[i] = async.spawn(function() time.sleep("50ms"):wait(); return i end) end
for i = 1, 20 do assert(tasks[i]:wait() == i) end
assert(elapsed_ms(t0) < 2000)

-- after: callback once per await, values returned; no callback returns nothing; errors propagate
local calls = 0
local a = time.after("5ms", function() calls = calls + 1; return "cb", calls end)
local x, y = a:wait()
assert(x == "cb" and y == 1)
x, y = a:wait()
assert(y == 2 and calls == 2)
assert(select("#", time.after("1ms"):wait()) == 0)
local failing = time.after("1ms", function() error("cb failed") end)
local ok, e = pcall(failing.wait, failing)
assert(not ok and e:find("cb failed"))
-- the callback may await
local awaiting = time.after("1ms", function() time.sleep("1ms"):wait(); return "slept" end)
assert(awaiting:wait() == "slept")
raises("bad argument #2 to 'after' %(function expected, got number%)", time.after, "1ms", 5)

-- interval: ticks 1, 2, 3; no drift; missed ticks delivered at once
t0 = time.instant_now() -- before the interval starts: its third tick is 30 ms after that or later
local iv = time.interval("10ms")
assert(iv:wait() == 1)
assert(iv:wait() == 2)
assert(iv() == 3)
assert(elapsed_ms(t0) >= 30)
assert(tostring(iv:period()) == "Duration(10ms)")
time.sleep_blocking(0.05)            -- miss several ticks
local before = time.instant_now()
assert(iv:wait() == 4)
assert(iv:wait() == 5)
assert(elapsed_ms(before) < 10)      -- late ticks come immediately
assert(iv:reset() == true)
assert(iv:wait() == 1)
raises("period must be positive", time.interval, 0)

-- timeout: passes values through; expiry raises "timeout"; single use
local quick = async.spawn(function() return "fast", 2 end)
local v1, v2 = time.timeout(quick, "1s"):wait()
assert(v1 == "fast" and v2 == 2)
local slowtask = async.spawn(function() time.sleep("200ms"):wait(); return "slow" end)
local to = time.timeout(slowtask, "10ms")
ok, e = pcall(to.wait, to)
assert(not ok and tostring(e):find("timeout"), tostring(e))
raises("timeout awaitable already consumed", to.wait, to)
-- on expiry nothing is lost: the task keeps its result, the channel its message
assert(slowtask:wait() == "slow")
local ch = async.channel(1)
async.spawn(function() time.sleep("30ms"):wait(); ch:send("kept") end):detach() -- detached: a dropped handle may be aborted at the next GC
ok = pcall(function() return time.timeout(ch, "5ms"):wait() end)
assert(not ok)
assert(ch:wait() == "kept")
-- an already-ready inner wins even with a zero timeout
local ready = async.channel(1)
ready:send("now")
assert(time.timeout(ready, 0):wait() == "now")
-- inner errors pass through
local boom = async.spawn(function() error({ id = 7 }) end)
ok, e = pcall(function() return time.timeout(boom, "1s"):wait() end)
assert(not ok and e.id == 7)
-- a timeout inside select
local never = async.channel(1)
local idx, val = async.select({ time.timeout(never, "5s"), time.sleep("1ms") })
assert(idx == 2 and val == true)

-- sleep_blocking: blocks (floats allowed), returns true
t0 = time.instant_now()
assert(time.sleep_blocking(0.01) == true)
assert(elapsed_ms(t0) >= 10)
raises("duration must be non%-negative", time.sleep_blocking, -1)

-- argument validation at creation
raises("duration must be non%-negative", time.sleep, -1)
raises("duration must be non%-negative", time.sleep, "-5ms")
raises("failed to parse duration string", time.sleep, "5 parsecs")
raises("duration must be finite", time.sleep, 0/0)
raises("duration number must be whole seconds", time.sleep, 0.5)
raises("duration must be number, string, or Duration userdata", time.sleep, {})
raises("bad argument #1 to 'timeout' %(awaitable expected, got number%)", time.timeout, 5, "1s")
print("time_timers ok")
