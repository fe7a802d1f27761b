-- ward.lifecycle without OS signals (the test runtime keeps the JVM's): handler ids, off,
-- request/requested/code, _tick, and shutdown callbacks (once, LIFO, {reason, code, error},
-- each its own task so it may await). Real signals: WardLifecycleIT (ward-cli).
local lifecycle = require("ward.lifecycle")
local time = require("ward.time")
local check = require("check")
local eq, raises_plain = check.eq, check.raises_plain

assert(require("ward").lifecycle == lifecycle, "require('ward') lists ward.lifecycle")

-- ids: one counter for both kinds, from 1
local noop = function() end
eq(lifecycle.on("INT", noop), 1, "first id")
eq(lifecycle.on("term", noop), 2, "names are case-insensitive")
eq(lifecycle.on_shutdown(noop), 3, "shared counter")
eq(lifecycle.on(99, noop), 4, "any number is accepted")
eq(lifecycle.on(10.7, noop), 5, "numbers are truncated")
eq(lifecycle.off(1), true, "off removes")
eq(lifecycle.off(1), false, "off twice")
eq(lifecycle.off(3), true, "off removes a shutdown callback")
eq(lifecycle.off(12345), false, "unknown id")

-- bad input
raises_plain("bad argument #1 to 'on' (unknown signal: SIGINT)", lifecycle.on, "SIGINT", noop)
raises_plain("bad argument #1 to 'on' (unknown signal: KILL)", lifecycle.on, "kill", noop)
raises_plain("bad argument #1 to 'on' (signal must be a name (e.g. 'INT') or a number, got table)",
  lifecycle.on, {}, noop)
raises_plain("bad argument #1 to 'on' (signal must be a name (e.g. 'INT') or a number, got no value)", lifecycle.on)
raises_plain("bad argument #2 to 'on' (function expected, got nil)", lifecycle.on, "INT", nil)
raises_plain("bad argument #1 to 'on_shutdown' (function expected, got string)", lifecycle.on_shutdown, "x")
raises_plain("bad argument #1 to 'off' (handler id must not be negative)", lifecycle.off, -1)
raises_plain("bad argument #1 to 'off' (number expected, got no value)", lifecycle.off)
raises_plain("bad argument #1 to 'request' (number has no integer representation)", lifecycle.request, 1.5)
raises_plain("bad argument #1 to 'request' (number out of 32-bit range)", lifecycle.request, 2 ^ 40)
raises_plain("bad argument #1 to 'request' (number expected, got table)", lifecycle.request, {})
raises_plain("bad argument #1 to '_run_shutdown' (unknown shutdown reason: nope)", lifecycle._run_shutdown, "nope")
raises_plain("bad argument #2 to '_run_shutdown' (string expected, got table)", lifecycle._run_shutdown, "error", {})

-- nothing requested yet
eq(lifecycle.requested(), false, "not requested")
eq(lifecycle.code(), nil, "no code")
lifecycle._tick() -- does nothing

-- callbacks: LIFO, once, with the event; a failing one does not stop the others; they may await
local calls = {}
local removed = lifecycle.on_shutdown(function() calls[#calls + 1] = "removed" end)
lifecycle.on_shutdown(function(ev)
  calls[#calls + 1] = "first:" .. ev.reason .. ":" .. tostring(ev.code) .. ":" .. tostring(ev.error)
end)
lifecycle.on_shutdown(function() error("callback failure") end)
lifecycle.on_shutdown(function(ev)
  time.sleep("5ms"):wait() -- a callback is a task: it may await
  calls[#calls + 1] = "second:" .. ev.reason .. ":" .. tostring(ev.code) .. ":" .. tostring(ev.error)
end)
eq(lifecycle.off(removed), true, "removed before the run")

lifecycle.request(17)
eq(lifecycle.requested(), true, "requested")
eq(lifecycle.code(), 17, "code")
local ok, err = pcall(lifecycle._tick)
eq(ok, false, "_tick raises once requested")
check.check(tostring(err):find("interrupted", 1, true) ~= nil, "interrupted: " .. tostring(err))
lifecycle.request() -- keeps the code
eq(lifecycle.code(), 17, "request() keeps the code")

lifecycle._run_shutdown("requested", "boom")
lifecycle._run_shutdown("requested", "boom") -- once: nothing more
eq(#calls, 2, "two callbacks ran once each: " .. table.concat(calls, ", "))
eq(calls[1], "second:requested:17:boom", "last registered runs first")
eq(calls[2], "first:requested:17:boom", "then the first")

-- after the run, new callbacks never run
lifecycle.on_shutdown(function() calls[#calls + 1] = "late" end)
lifecycle._run_shutdown("success")
eq(#calls, 2, "no second run")
