-- ward.log (ward-crypto-log.md part B) as far as a script can see it: every function returns
-- nothing, set_level's names and errors, time's result and errors (and awaiting inside it),
-- argument errors. The lines themselves (format, levels, rendering, order): LogModuleTest.
local log = require("ward.log")
local time = require("ward.time")

local check = require("check")
local eq, ok, raises = check.eq, check.check, check.raises_plain

log.set_level("fatal") -- keep the test's stderr quiet; the calls still render their arguments
for _, name in ipairs({ "trace", "debug", "info", "warn", "error", "fatal" }) do
  eq(select("#", log[name]("a", 1, nil, { x = 1 })), 0, name .. " returns nothing")
  eq(select("#", log["l" .. name](" lbl ", "b")), 0, "l" .. name .. " returns nothing")
  eq(select("#", log[name]()), 0, name .. " with no arguments")
  raises("bad argument #1 to 'l" .. name .. "' (string expected, got nil)", log["l" .. name], nil, "x")
  raises("bad argument #1 to 'l" .. name .. "' (string expected, got table)", log["l" .. name], {})
  raises("bad argument #1 to 'l" .. name .. "' (invalid UTF-8)", log["l" .. name], "\255")
end
-- unserializable and odd values never raise
log.fatal(print, coroutine.create(function() end), 0 / 0, 1 / 0, "\255")
local self_ref = {}
self_ref.me = self_ref
log.fatal(self_ref, { f = print }, setmetatable({}, { __tostring = function() error("never called") end }))

---------------------------------------------------------------- set_level
for _, name in ipairs({ "trace", "DEBUG", "Info", "warn", "warning", "error", "fatal" }) do
  eq(select("#", log.set_level(name)), 0, "set_level(" .. name .. ")")
end
for _, bad in ipairs({ "verbose", "", "5", 5, "info " }) do
  local e = raises("invalid log level", log.set_level, bad)
  ok(e:lower():find("invalid log level", 1, true) ~= nil, "message for " .. tostring(bad))
end
raises("bad argument #1 to 'set_level' (string expected, got nil)", log.set_level, nil)
raises("bad argument #1 to 'set_level' (string expected, got boolean)", log.set_level, true)
log.set_level("fatal")

---------------------------------------------------------------- time
local t = { answer = 42 }
eq(log.time("label", function() return t, "dropped" end), t, "time returns fn's first value")
eq(select("#", log.time("label", function() return 1, 2, 3 end)), 1, "only the first value")
eq(log.time("label", function() end), nil, "nil when fn returns nothing")
eq(log.time(7, function() return "n" end), "n", "a number label")
local ran = false
raises("boom", log.time, "label", function() ran = true error("boom") end)
eq(ran, true, "fn ran, and its error propagates")
eq(log.time("awaits", function() time.sleep("5ms"):wait() return "slept" end), "slept",
  "fn may await (a Ward/JVM extension)")
raises("bad argument #1 to 'time' (string expected, got nil)", log.time, nil, function() end)
raises("bad argument #2 to 'time' (function expected, got nil)", log.time, "x", nil)
raises("bad argument #2 to 'time' (function expected, got no value)", log.time, "x")
raises("bad argument #1 to 'time' (invalid UTF-8)", log.time, "\255", function() end)
ran = false
pcall(log.time, "x", nil)
pcall(log.time, nil, function() ran = true end)
eq(ran, false, "fn does not run when the arguments are wrong")

log.set_level("info")
print(string.format("log_functions: %d checks", check.count()))
