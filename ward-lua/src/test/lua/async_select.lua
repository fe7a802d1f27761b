-- ward.async await and select (semantics.md §2).
local async = require("ward.async")
local time = require("ward.time")

local raises = require("check").raises

-- the seed chapter's race: a task against a shorter sleep
local t = async.spawn(function()
  time.sleep("200ms"):wait()
  return "task"
end)
local idx, v = async.select({ t, time.sleep("50ms") })
assert(idx == 2 and v == true, "winner " .. tostring(idx))
-- [Ward/JVM] the losing task keeps its result for a later wait; it was not cancelled
assert(t:wait() == "task")

-- lowest index wins when several are ready
local a, b = async.channel(1), async.channel(1)
a:send("A"); b:send("B")
idx, v = async.select({ b, a })
assert(idx == 1 and v == "B")
-- the loser keeps its message
assert(a:try_recv() == "A")

-- a finished task as a select entry; its values follow the index
local done = async.spawn(function() return 1, 2, 3 end)
time.sleep(0):wait()
local res = table.pack(async.select({ async.channel(1), done }))
assert(res.n == 4 and res[1] == 2 and res[2] == 1 and res[4] == 3)
raises("^task already joined$", function() return done:wait() end)

-- a channel that gets a message while select waits
local c = async.channel(1)
async.spawn(function() time.sleep("5ms"):wait(); c:send("late") end):detach() -- detached: a dropped handle may be aborted at the next GC
idx, v = async.select({ time.sleep("5s"), c })
assert(idx == 2 and v == "late")

-- a failed winner raises its error in select
local failing = async.spawn(function() error({ tag = "x" }) end)
local ok, e = pcall(async.select, { failing, time.sleep("5s") })
assert(not ok and type(e) == "table" and e.tag == "x")

-- closed channel wins with nil, "closed"
local cl = async.channel(1)
cl:close()
local r = table.pack(async.select({ cl }))
assert(r[1] == 1 and r[2] == nil and r[3] == "closed")

-- losers never consume: a message arriving for a loser stays for the next receiver
local x, y = async.channel(1), async.channel(1)
async.spawn(function() x:send("x1"); y:send("y1") end):detach() -- detached: a dropped handle may be aborted at the next GC
idx, v = async.select({ x, y })
assert(idx == 1 and v == "x1")
time.sleep("2ms"):wait()
assert(y:try_recv() == "y1")

-- argument checks happen before anything is awaited
raises("select expects a non%-empty array table", async.select, {})
raises("select expects a non%-empty array table", async.select, nil)
raises("select expects a non%-empty array table", async.select, "x")
raises("select expects an array of userdata awaitables", async.select, { 1 })
raises("select expects an array of userdata awaitables", async.select, { c, "x" })
raises("select expects an array of userdata awaitables", async.select, { c, nil, c })

-- await: Ward awaitables, objects with wait(), __call, errors
assert(async.await(time.sleep("1ms")) == true)
local cc = async.channel(1)
cc:send(9)
assert(async.await(cc) == 9)
raises("bad argument #1 to 'await' %(userdata expected, got table%)", async.await, { wait = function() end })
raises("bad argument #1 to 'await' %(userdata expected, got nil%)", async.await, nil)
raises("awaitable must implement wait%(%) %(or __call%(%)%)", async.await, time.now())
-- the same channel twice in one select
local twice = async.channel(2)
twice:send("only")
idx, v = async.select({ twice, twice })
assert(idx == 1 and v == "only")
print("async_select ok")
