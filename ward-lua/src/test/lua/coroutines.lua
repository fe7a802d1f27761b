-- Ward's coroutine library: Lua 5.2 semantics on fibers, and awaits inside coroutines.
local async = require("ward.async")
local time = require("ward.time")

local raises = require("check").raises

-- create / resume / yield / status
local co = coroutine.create(function(a, b)
  assert(coroutine.status(coroutine.running()) == "running")
  local c = coroutine.yield(a + b)
  local d, e = coroutine.yield(c * 2)
  return d + e, "end"
end)
assert(type(co) == "thread")
assert(coroutine.status(co) == "suspended")
local ok, v = coroutine.resume(co, 1, 2)
assert(ok and v == 3)
ok, v = coroutine.resume(co, 10)
assert(ok and v == 20)
local ok2, sum, tag = coroutine.resume(co, 3, 4)
assert(ok2 and sum == 7 and tag == "end")
assert(coroutine.status(co) == "dead")
ok, v = coroutine.resume(co)
assert(ok == false and v == "cannot resume dead coroutine")

-- errors inside a coroutine: resume returns false and the value (identity kept)
local errv = {}
local bad = coroutine.create(function() error(errv) end)
ok, v = coroutine.resume(bad)
assert(ok == false and v == errv)
assert(coroutine.status(bad) == "dead")
local bad2 = coroutine.create(function() error("oops") end)
ok, v = coroutine.resume(bad2)
assert(ok == false and v:find("^coroutines%.lua:%d+: oops$"), v)

-- yield outside a coroutine
raises("attempt to yield from outside a coroutine", coroutine.yield, 1)

-- running: main/task thread is "main"
local main, ismain = coroutine.running()
assert(type(main) == "thread" and ismain == true)
local inner_is_main
coroutine.wrap(function() inner_is_main = select(2, coroutine.running()) end)()
assert(inner_is_main == false)
-- the main (or task) thread is never suspended: resuming it fails as in Lua 5.2
local rok, rerr = coroutine.resume(main)
assert(rok == false and rerr == "cannot resume non-suspended coroutine")
coroutine.wrap(function()
  local ok2, err2 = coroutine.resume(main)
  assert(ok2 == false and err2 == "cannot resume non-suspended coroutine")
end)()

-- status "normal" for a coroutine that resumed another
local outer
outer = coroutine.create(function()
  local inner = coroutine.create(function() return coroutine.status(outer) end)
  return select(2, coroutine.resume(inner))
end)
ok, v = coroutine.resume(outer)
assert(ok and v == "normal", tostring(v))

-- resume of a running coroutine
local selfco
selfco = coroutine.create(function() return coroutine.resume(selfco) end)
local _, ok3, msg = coroutine.resume(selfco)
assert(ok3 == false and msg == "cannot resume non-suspended coroutine")

-- wrap: generator; errors re-raised
local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
assert(gen() == 1 and gen() == 2 and gen() == 3)
local boom = coroutine.wrap(function() error("wrapped") end)
ok, v = pcall(boom)
assert(not ok and v:find("wrapped"))
local dead = coroutine.wrap(function() end)
dead()
ok, v = pcall(dead)
assert(not ok and v:find("cannot resume dead coroutine"))

-- bad arguments (pcall calls the function, so it is named where the global table holds it)
raises("bad argument #1 to 'coroutine.create' %(function expected, got nil%)", coroutine.create, nil)
raises("bad argument #1 to 'coroutine.resume' %(coroutine expected, got number%)", coroutine.resume, 1)
raises("bad argument #1 to 'coroutine.wrap' %(function expected, got no value%)", coroutine.wrap)
raises("bad argument #1 to 'coroutine.status' %(coroutine expected, got string%)", coroutine.status, "x")

-- [Ward/JVM] awaiting inside a coroutine suspends the whole task and continues the coroutine
local ch = async.channel(4)
local producer = coroutine.wrap(function()
  for i = 1, 3 do
    time.sleep("1ms"):wait()        -- task-level await inside the generator
    coroutine.yield(i)
  end
end)
async.spawn(function() for i = 1, 3 do ch:send(i * 10) end end):detach() -- detached: a dropped handle may be aborted at the next GC
local total = 0
for _ = 1, 3 do total = total + producer() + ch:wait() end
assert(total == 6 + 60, total)

-- nested: a coroutine inside a coroutine inside a task awaiting
local t = async.spawn(function()
  local outerco = coroutine.wrap(function()
    local innerco = coroutine.wrap(function()
      local got = ch:wait()
      coroutine.yield(got)
      return "inner done"
    end)
    coroutine.yield(innerco())
    coroutine.yield(innerco())
  end)
  return outerco(), outerco()
end)
time.sleep("1ms"):wait()
ch:send("hello")
local first, second = t:wait()
assert(first == "hello" and second == "inner done")

-- cancellation reaches through a coroutine (pcall in the coroutine cannot stop it)
local reached = false
local victim = async.spawn(function()
  local co2 = coroutine.create(function()
    pcall(function() time.sleep("10s"):wait() end)
    reached = true
  end)
  coroutine.resume(co2)
  reached = true
end)
time.sleep(0):wait()
victim:cancel()
raises("^cancelled$", function() return victim:wait() end)
assert(reached == false)

-- table.sort comparators and string.gsub replacements cannot yield (Lua 5.2: they are
-- called from C); a coroutine resumed inside one still can, and awaits still work there
local across = coroutine.wrap(function()
  local ok, err = pcall(table.sort, {3, 1, 2}, function(a, b) coroutine.yield("sorting") return a < b end)
  assert(not ok and err:find("attempt to yield across a C-call boundary", 1, true), err)
  ok, err = pcall(string.gsub, "ab", "%w", function(c) coroutine.yield(c) end)
  assert(not ok and err:find("attempt to yield across a C-call boundary", 1, true), err)
  local t = {3, 1, 2}
  table.sort(t, function(a, b)
    local inner = coroutine.wrap(function() coroutine.yield(a < b) end)
    return inner()
  end)
  assert(table.concat(t) == "123")
  coroutine.yield("after")
  return "done"
end)
assert(across() == "after" and across() == "done")

-- many coroutines
local count = 0
for i = 1, 2000 do
  local g = coroutine.wrap(function() coroutine.yield(i) end)
  count = count + g()
end
assert(count == 2000 * 2001 / 2)
print("coroutines ok")
