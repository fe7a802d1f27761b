-- ward.async tasks: spawn, wait, cancel, done, detach, errors (semantics.md §2).
local async = require("ward.async")
local time = require("ward.time")

local raises = require("check").raises

-- values and argument passing by reference
local shared = {}
local t = async.spawn(function(x, tbl) tbl.seen = true; return x + 1, "ok" end, 41, shared)
assert(tostring(t) == "Task()")
assert(type(t) == "userdata")
local n, s = t:wait()
assert(n == 42 and s == "ok")
assert(shared.seen == true)
assert(t:done() == true)

-- lazy start and FIFO order
local order = {}
local a = async.spawn(function() order[#order + 1] = "a" end)
local b = async.spawn(function() order[#order + 1] = "b" end)
order[#order + 1] = "main"
a:wait(); b:wait()
assert(table.concat(order, ",") == "main,a,b", table.concat(order, ","))

-- wait once
raises("^task already joined$", function() return t:wait() end)
raises("^task already joined$", function() return async.await(t) end)

-- error values keep identity; string errors keep their position
local errobj = { code = 42 }
local bad = async.spawn(function() error(errobj) end)
local ok, e = pcall(bad.wait, bad)
assert(not ok and e == errobj and e.code == 42)
raises("^task already joined$", function() return bad:wait() end)
local bad2 = async.spawn(function() error("boom") end)
ok, e = pcall(function() return bad2:wait() end)
assert(not ok and e:find("^async_tasks%.lua:%d+: boom$"), e)

-- multiple return values, nil included
local m = async.spawn(function() return nil, 2, nil end)
local r = table.pack(m:wait())
assert(r.n == 3 and r[1] == nil and r[2] == 2 and r[3] == nil)

-- cancel: true for an unfinished task, false afterwards; wait raises "cancelled"
local sleeper = async.spawn(function() time.sleep("10s"):wait(); return "woke" end)
time.sleep(0):wait() -- let it start and park
assert(sleeper:done() == false)
assert(sleeper:cancel() == true)
assert(sleeper:cancel() == false)
raises("^cancelled$", function() return sleeper:wait() end)
assert(sleeper:done() == true)
raises("^task already joined$", function() return sleeper:wait() end)

-- cancel before start: no code runs
local ran = false
local never = async.spawn(function() ran = true end)
assert(never:cancel() == true)
raises("^cancelled$", function() return never:wait() end)
assert(ran == false)

-- cancel after finish / after join
local quick = async.spawn(function() return 1 end)
time.sleep(0):wait()
assert(quick:done() == true)
assert(quick:cancel() == false)
assert(quick:wait() == 1)
assert(quick:cancel() == false)

-- pcall cannot catch cancellation; code after the await never runs
local after_cancel = false
local caught = false
local stubborn = async.spawn(function()
  local ok2 = pcall(function() time.sleep("10s"):wait() end)
  caught = true
  after_cancel = true
end)
time.sleep(0):wait()
stubborn:cancel()
raises("^cancelled$", function() return stubborn:wait() end)
assert(caught == false and after_cancel == false)

-- detach: returns true, idempotent, the task can still be waited and cancelled
local d = async.spawn(function() time.sleep("5ms"):wait(); return "detached" end)
assert(d:detach() == true and d:detach() == true)
assert(d:wait() == "detached")

-- done/cancel/detach while another task waits ("no borrowing errors")
local slow = async.spawn(function() time.sleep("20ms"):wait(); return "slow" end)
local waiter = async.spawn(function() return slow:wait() end)
time.sleep(0):wait()
assert(slow:done() == false)
assert(slow:detach() == true)
raises("^task already joined$", function() return slow:wait() end)
assert(waiter:wait() == "slow")

-- a task cannot wait for itself (would hang)
local selfish
selfish = async.spawn(function() return pcall(function() return selfish:wait() end) end)
local sok, serr = selfish:wait()
assert(sok == false and serr:find("itself"), tostring(serr))

-- an error in an unobserved task affects nobody else
local ignored = async.spawn(function() error("nobody listens") end)
ignored:detach()
time.sleep(0):wait()
assert(true)

-- bad arguments
raises("bad argument #1 to 'spawn' %(function expected, got nil%)", async.spawn, nil)
raises("bad argument #1 to 'spawn' %(function expected, got no value%)", async.spawn)
raises("bad argument #1 to 'spawn' %(function expected, got number%)", async.spawn, 1)
raises("bad argument #1 to 'wait' %(Task expected, got nil%)", t.wait, nil)
raises("bad argument #1 to 'cancel' %(Task expected, got table%)", t.cancel, {})

-- __call awaits
local c = async.spawn(function() return "called" end)
assert(c() == "called")

-- await outside a task is impossible only from Java; inside the main chunk it works
assert(async.await(async.spawn(function() return 7 end)) == 7)
print("async_tasks ok")
