-- ward.process middleware (ward-process.md "Middleware"): push/pop depths, the spec table
-- ({argv, cwd, env with only the Cmd's own variables}), changes in place or by returning a new
-- table, once per started process (per stage of a pipeline), per task and inherited by
-- spawned tasks without leaking back.
local async = require("ward.async")
local process = require("ward.process")
local time = require("ward.time")

local check = require("check")
local eq, raises = check.eq, check.raises_plain

local function out(c) return c:output().stdout end

---------------------------------------------------------------- depths
eq(process.pop_middleware(), false, "pop on an empty stack")
eq(process.push_middleware(function() end), 1, "first push")
eq(process.push_middleware(function() end), 2, "second push")
assert(process.pop_middleware(), "pop a pushed middleware")
assert(process.pop_middleware(), "pop the last one")
eq(process.pop_middleware(), false, "empty again")
raises({ "bad argument #1 to 'push_middleware'", "function expected", "got nil" }, process.push_middleware, nil)
raises({ "bad argument #1 to 'push_middleware'", "function expected", "got number" }, process.push_middleware, 5)
raises({ "bad argument #1 to 'push_middleware'", "function expected", "got no value" }, process.push_middleware)

---------------------------------------------------------------- the spec table
local seen
process.push_middleware(function(spec) seen = spec end)
process.cmd("printf", "%s", 1):cwd("/"):env("WARD_MW", "v"):envs({ WARD_MW2 = "w" }):output()
eq(type(seen), "table", "spec is a table")
eq(type(seen.argv), "table", "spec.argv")
eq(#seen.argv, 3, "argv length"); eq(seen.argv[1], "printf", "argv[1] is the program")
eq(seen.argv[2], "%s", "argv[2]"); eq(seen.argv[3], "1", "numbers already strings")
eq(seen.cwd, "/", "spec.cwd")
eq(type(seen.env), "table", "spec.env")
eq(seen.env.WARD_MW, "v", "env set on the Cmd"); eq(seen.env.WARD_MW2, "w", "envs set on the Cmd")
eq(seen.env.PATH, nil, "only the Cmd's own variables, not the whole environment")
seen = nil
process.cmd("true"):output()
eq(seen.cwd, nil, "no cwd set: nil")
eq(next(seen.env), nil, "no variables set: empty env")
eq(#seen.argv, 1, "argv of a bare program")
-- sh shows its real argv
process.sh("echo hi"):output()
eq(seen.argv[#seen.argv], "echo hi", "sh's script is the last argument")
eq(seen.argv[1], "sh", "sh runs sh")
process.pop_middleware()

---------------------------------------------------------------- changes in place
process.push_middleware(function(spec) spec.argv[#spec.argv + 1] = "extra" end)
eq(out(process.cmd("printf", "%s|", "a")), "a|extra|", "argv appended in place")
process.pop_middleware()

process.push_middleware(function(spec) spec.argv[1] = "printf"; spec.argv[2] = "replaced" end)
eq(out(process.cmd("ward-no-such-program", "x")), "replaced", "the program itself can be replaced")
process.pop_middleware()

process.push_middleware(function(spec) spec.cwd = "/" end)
eq(out(process.cmd("pwd")), "/\n", "cwd set in place")
process.pop_middleware()

process.push_middleware(function(spec) spec.env.WARD_MW = "from-mw" end)
eq(out(process.cmd("sh", "-c", 'echo "$WARD_MW"')), "from-mw\n", "env set in place")
eq(out(process.cmd("sh", "-c", 'echo "$WARD_MW"'):env("WARD_MW", "cmd")), "from-mw\n", "middleware overrides the Cmd's env")
process.pop_middleware()

process.push_middleware(function(spec) spec.env.WARD_MW = nil end)
eq(out(process.cmd("sh", "-c", 'echo "${WARD_MW-unset}"'):env("WARD_MW", "cmd")), "unset\n",
  "a variable removed from spec.env is not set")
process.pop_middleware()

-- a variable the Cmd removes shows as false (README), and false set by a middleware removes it
local removed
process.push_middleware(function(spec) removed = spec.env.HOME end)
process.cmd("true"):env("HOME", nil):output()
eq(removed, false, "env(key, nil) shows as false")
process.pop_middleware()
process.push_middleware(function(spec) spec.env.HOME = false end)
eq(out(process.cmd("sh", "-c", 'echo "${HOME-unset}"')), "unset\n", "false removes an inherited variable")
process.pop_middleware()

---------------------------------------------------------------- returning a new table
process.push_middleware(function(spec)
  return { argv = { "sh", "-c", 'echo "$WARD_NEW $(pwd)"' }, cwd = "/", env = { WARD_NEW = "new" } }
end)
eq(out(process.cmd("printf", "old")), "new /\n", "a returned table replaces the spec")
process.pop_middleware()
-- returning nil keeps the (possibly changed) spec
process.push_middleware(function(spec) spec.argv[2] = "kept"; return nil end)
eq(out(process.cmd("printf", "x")), "kept", "nil return keeps the spec")
process.pop_middleware()

---------------------------------------------------------------- order: the newest runs last on top
local order = {}
process.push_middleware(function(spec) order[#order + 1] = "first"; spec.argv[#spec.argv + 1] = "1" end)
process.push_middleware(function(spec) order[#order + 1] = "second"; spec.argv[#spec.argv + 1] = "2" end)
local res = out(process.cmd("printf", "%s"))
eq(#order, 2, "both ran once")
eq(res, order[1] == "first" and "12" or "21", "each sees the other's change")
process.pop_middleware(); process.pop_middleware()

---------------------------------------------------------------- once per started process
local calls = 0
process.push_middleware(function() calls = calls + 1 end)
local c = process.cmd("true")
eq(calls, 0, "not run when the Cmd is created")
c:output(); eq(calls, 1, "once for output()")
c:run(); eq(calls, 2, "once for run()")
c:spawn():wait(); eq(calls, 3, "once for spawn()")
process.cmd("printf", "a"):pipe(process.cmd("cat")):pipe(process.cmd("cat")):output()
eq(calls, 6, "once per stage of a pipeline")
process.pop_middleware()

-- a pipeline stage can be rewritten on its own
process.push_middleware(function(spec)
  if spec.argv[1] == "cat" then spec.argv = { "tr", "a-z", "A-Z" } end
end)
eq(out(process.cmd("printf", "up"):pipe(process.cmd("cat"))), "UP", "one stage rewritten")
process.pop_middleware()

-- a middleware pushed after the Cmd was created still applies when it starts
local late = process.cmd("printf", "%s", "before")
process.push_middleware(function(spec) spec.argv[3] = "after" end)
eq(out(late), "after", "middleware runs at start")
process.pop_middleware()
eq(out(late), "before", "popped: no longer applied")

---------------------------------------------------------------- errors
process.push_middleware(function(spec) spec.argv = {} end)
raises({ "argv" }, function() return process.cmd("true"):output() end)
process.pop_middleware()
process.push_middleware(function(spec) spec.argv = { "printf", {} } end)
raises({ "argv" }, function() return process.cmd("true"):output() end)
process.pop_middleware()
process.push_middleware(function(spec) spec.argv = nil end)
raises({ "argv" }, function() return process.cmd("true"):output() end)
process.pop_middleware()
process.push_middleware(function() error("middleware says no") end)
raises({ "middleware says no" }, function() return process.cmd("true"):output() end)
process.pop_middleware()
eq(process.cmd("true"):output().ok, true, "runs again once the bad middleware is gone")

-- a middleware may wait (it runs in the starting task)
process.push_middleware(function(spec) time.sleep("5ms"):wait(); spec.argv[2] = "waited" end)
eq(out(process.cmd("printf", "x")), "waited", "a middleware that waits")
process.pop_middleware()

---------------------------------------------------------------- per task, inherited
eq(process.push_middleware(function(spec) spec.env.WARD_LAYER = "parent" end), 1, "parent push")
local child = async.spawn(function()
  local inherited = out(process.cmd("sh", "-c", 'echo "$WARD_LAYER"'))
  local depth = process.push_middleware(function(spec) spec.env.WARD_CHILD = "child" end)
  local both = out(process.cmd("sh", "-c", 'echo "$WARD_LAYER $WARD_CHILD"'))
  local grandchild = async.spawn(function()
    return out(process.cmd("sh", "-c", 'echo "$WARD_LAYER $WARD_CHILD"'))
  end):wait()
  return inherited, depth, both, grandchild
end)
local inherited, depth, both, grandchild = child:wait()
eq(inherited, "parent\n", "a spawned task inherits the parent's middleware")
eq(depth, 2, "the child's push stacks on the inherited one")
eq(both, "parent child\n", "both layers in the child")
eq(grandchild, "parent child\n", "a grandchild inherits both")
eq(out(process.cmd("sh", "-c", 'echo "$WARD_LAYER ${WARD_CHILD-none}"')), "parent none\n",
  "the child's push does not leak to the parent")
-- popping in a child leaves the parent's stack alone
local popper = async.spawn(function()
  local popped = process.pop_middleware()
  local again = process.pop_middleware()
  return popped, again, out(process.cmd("sh", "-c", 'echo "${WARD_LAYER-none}"'))
end)
local popped, again, seen_after = popper:wait()
assert(popped, "the child pops its inherited middleware")
eq(again, false, "then its stack is empty")
eq(seen_after, "none\n", "popped in the child")
eq(out(process.cmd("sh", "-c", 'echo "$WARD_LAYER"')), "parent\n", "the parent still has it")
assert(process.pop_middleware(), "parent pops")
eq(process.pop_middleware(), false, "parent empty")
-- a task spawned with an empty stack sees none
eq(async.spawn(function() return process.pop_middleware() end):wait(), false, "no middleware inherited")
print("process_middleware ok")
