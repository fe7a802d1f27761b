-- ward.async channels (semantics.md §2).
local async = require("ward.async")
local time = require("ward.time")

local raises = require("check").raises

-- capacity parsing
local ch = async.channel()
assert(tostring(ch) == "Channel()")
for i = 1, 64 do assert(ch:try_send(i) == true) end
local v, err = ch:try_send(65)
assert(v == nil and err == "full")
assert(async.channel({}):try_send(1) == true)
local two = async.channel({ capacity = 2 })
assert(two:try_send(1) and two:try_send(2))
assert(select(2, two:try_send(3)) == "full")
assert(async.channel(3.0):try_send(1))
raises("capacity must be positive", async.channel, 0)
raises("capacity must be positive", async.channel, -1)
raises("capacity must be positive", async.channel, 0/0)
raises("capacity must be positive", async.channel, 1/0)
raises("capacity must be positive", async.channel, -1/0)
raises("capacity must be an integer", async.channel, 2.5)
raises("capacity overflow", async.channel, 2^40)
raises("channel expects opts table or capacity number", async.channel, "16")
raises("channel expects opts table or capacity number", async.channel, true)
raises("channel expects opts table or capacity number", async.channel, print)
raises("channel expects opts table or capacity number", async.channel, ch)
raises("capacity must be positive", async.channel, { capacity = 0 })
-- a huge capacity does not pre-allocate
local huge = {}
for i = 1, 1000 do huge[i] = async.channel(2^31 - 1) end

-- try_recv / wait / FIFO
local c = async.channel(4)
v, err = c:try_recv()
assert(v == nil and err == "empty")
c:send("a"); c:send("b")
assert(c:try_recv() == "a")
assert(c:wait() == "b")

-- nil and false pass through, exactly one value
c:send(nil); c:send(false)
local r = table.pack(c:wait())
assert(r.n == 1 and r[1] == nil)
v, err = c:wait()
assert(v == false and err == nil)
local cnt = select("#", (function() c:send(nil); return c:wait() end)())
assert(cnt == 1, "wait returns exactly one value, got " .. cnt)

-- tables keep identity
local tbl = {}
c:send(tbl)
assert(c:wait() == tbl)

-- send waits while full; blocked senders are served FIFO
local one = async.channel(1)
one:send(0)
local log = {}
local s1 = async.spawn(function() assert(one:send(1) == true); log[#log + 1] = "s1" end)
local s2 = async.spawn(function() assert(one:send(2) == true); log[#log + 1] = "s2" end)
time.sleep(0):wait()
assert(#log == 0)
assert(one:wait() == 0)
assert(one:wait() == 1)
assert(one:wait() == 2)
s1:wait(); s2:wait()
assert(table.concat(log, ",") == "s1,s2")

-- receivers each get distinct messages, FIFO
local q = async.channel(8)
local got = {}
local r1 = async.spawn(function() local m = q:wait(); got[#got + 1] = "r1:" .. m end)
local r2 = async.spawn(function() local m = q:wait(); got[#got + 1] = "r2:" .. m end)
time.sleep(0):wait()
q:send("x"); q:send("y")
r1:wait(); r2:wait()
assert(table.concat(got, ",") == "r1:x,r2:y", table.concat(got, ","))

-- close: idempotent, queued items drained first, then nil, "closed" (repeatable)
local cl = async.channel(4)
cl:send(1); cl:send(2)
assert(cl:close() == true and cl:close() == true)
v, err = cl:send(3)
assert(v == nil and err == "closed")
v, err = cl:try_send(3)
assert(v == nil and err == "closed")
assert(cl:wait() == 1)
assert(cl:try_recv() == 2)
v, err = cl:wait()
assert(v == nil and err == "closed")
v, err = cl:wait()
assert(v == nil and err == "closed")
v, err = cl:try_recv()
assert(v == nil and err == "closed")

-- blocked receivers wake with closed; blocked senders wake with closed
local er = async.channel(1)
local rw = async.spawn(function() return er:wait() end)
time.sleep(0):wait()
er:close()
v, err = rw:wait()
assert(v == nil and err == "closed")
local full = async.channel(1)
full:send(1)
local sw = async.spawn(function() return full:send(2) end)
time.sleep(0):wait()
full:close()
v, err = sw:wait()
assert(v == nil and err == "closed")
assert(full:wait() == 1)
assert(select(2, full:wait()) == "closed")

-- a cancelled blocked send never delivers; a cancelled blocked receive consumes nothing
local cs = async.channel(1)
cs:send("first")
local blocked = async.spawn(function() cs:send("never") end)
time.sleep(0):wait()
blocked:cancel()
time.sleep(0):wait()
assert(cs:wait() == "first")
v, err = cs:try_recv()
assert(v == nil and err == "empty")
local cr = async.channel(1)
local blockedr = async.spawn(function() return cr:wait() end)
time.sleep(0):wait()
blockedr:cancel()
time.sleep(0):wait()
cr:send("kept")
assert(cr:wait() == "kept")

-- __call receives
local cc = async.channel(1)
cc:send("via call")
assert(cc() == "via call")

-- bad arguments
raises("bad argument #1 to 'send' %(Channel expected, got nil%)", cc.send, nil, 1)
raises("bad argument #1 to 'try_recv' %(Channel expected, got number%)", cc.try_recv, 5)
print("async_channels ok")
