-- Edge values of the three places where Ward parses user input: duration strings and numbers,
-- channel capacities, and select lists (up to 10,000 entries). Each case has its one expected
-- outcome (semantics.md sections 2 and 3); what time_duration.lua and async_select.lua already
-- pin down is not repeated here.
local async = require("ward.async")
local time = require("ward.time")

local check = require("check")
local fails, eq = check.raises_exactly, check.eq

-- Durations ---------------------------------------------------------------------------------
local PARSE, EMPTY, OVERFLOW = "failed to parse duration string", "duration string cannot be empty", "duration overflow"
local NEGATIVE, FINITE = "duration must be non-negative", "duration must be finite"
local function us(x) return time.duration(x):micros() end

-- whitespace: trimmed, also between number and unit and between tokens
fails(EMPTY, time.duration, "\t\n")
fails(EMPTY, time.sleep, " ")
eq(us("\t2s\n"), 2000000, "tab and newline around")
eq(us("1h  30m"), 5400000000, "two spaces between tokens")
eq(us(" -1s "), -1000000, "sign after trimming")
fails(PARSE, time.duration, "+ 1s") -- nothing between the sign and the number
fails(PARSE, time.duration, "1 s\0")
-- signs: one at most, and timers refuse negatives however they are written
eq(us("+1s"), 1000000, "+1s")
eq(us("-1s"), -1000000, "-1s")
eq(us("+0s"), 0, "+0s")
for _, s in ipairs({ "--1s", "-+1s", "++1s", "1s-", "-" }) do fails(PARSE, time.duration, s) end
for _, timer in ipairs({ time.sleep, time.after, time.interval }) do
  fails(NEGATIVE, timer, "-1s")
  fails(NEGATIVE, timer, "-1ms")
  fails(NEGATIVE, timer, -1)
  fails(NEGATIVE, timer, time.duration(-1))
  fails(FINITE, timer, -1 / 0)
end
fails(NEGATIVE, time.timeout, async.channel(), "-1s")
-- overflow: a nanosecond count must fit 64 bits
fails(OVERFLOW, time.duration, "9999999999999h")
fails(OVERFLOW, time.duration, "9223372036854775807ms")
fails(OVERFLOW, time.duration, "9223372036854775808us") -- 2^63 us
fails(OVERFLOW, time.duration, 2 ^ 63)
fails(OVERFLOW, time.duration, -2 ^ 63)
fails(OVERFLOW, time.sleep, 2 ^ 53)
eq(time.duration("9223372036854775us") > time.duration("106751d"), true, "just under 2^63 ns fits")
-- unknown units and numbers without a unit
for _, s in ipairs({ "1w", "1y", "1sec", "1min", "1ns", "1 second", "10", "0", "-0", "1.5", "1e3s", "1_000ms",
  "\239\188\145s" --[[ fullwidth digit one ]] }) do
  fails(PARSE, time.duration, s)
end
-- decimals: truncated toward zero at the microsecond
eq(us("0.1s"), 100000, "0.1s")
eq(us("1.5ms"), 1500, "1.5ms")
eq(us("1.999999999s"), 1999999, "1.999999999s")
eq(us("0.0000000001s"), 0, "below a microsecond")
fails("duration number must be whole seconds; use a string for sub-second values", time.sleep, 0.001)

-- Capacities ------------------------------------------------------------------------------
local POSITIVE, INTEGER, CAP_OVERFLOW = "capacity must be positive", "capacity must be an integer", "capacity overflow"
local OPTS = "channel expects opts table or capacity number"
for _, c in ipairs({ 0, -0.0, -1, 0 / 0, 1 / 0, -1 / 0 }) do
  fails(POSITIVE, async.channel, c)
  fails(POSITIVE, async.channel, { capacity = c })
end
fails(INTEGER, async.channel, 1.5)
fails(INTEGER, async.channel, { capacity = 1.5 })
for _, c in ipairs({ 2 ^ 31, 2 ^ 53, 2 ^ 63 }) do
  fails(CAP_OVERFLOW, async.channel, c)
  fails(CAP_OVERFLOW, async.channel, { capacity = c })
end
for _, c in ipairs({ "10", "", true, print }) do
  fails(OPTS, async.channel, c)
  fails(OPTS, async.channel, { capacity = c })
end
-- the largest capacity is a limit, not an allocation: it works at once
do
  local big = async.channel(2 ^ 31 - 1)
  for i = 1, 1000 do assert(big:try_send(i) == true) end
  for i = 1, 1000 do eq(big:try_recv(), i, "big channel order") end
end
-- no capacity, nil, {} and {capacity = nil} all mean 64
for _, opts in ipairs({ { n = 0 }, { n = 1 }, { n = 1, {} } }) do
  local ch = async.channel(table.unpack(opts, 1, opts.n))
  for i = 1, 64 do assert(ch:try_send(i) == true, "default capacity holds 64") end
  local ok, why = ch:try_send(65)
  eq(ok == nil and why, "full", "the 65th message is refused")
end

-- Select lists ------------------------------------------------------------------------------
local NONEMPTY, USERDATA = "select expects a non-empty array table", "select expects an array of userdata awaitables"
fails(NONEMPTY, async.select, { n = 1 })
fails(NONEMPTY, async.select, { [2] = async.channel() })
fails(USERDATA, async.select, { [1] = async.channel(), [3] = async.channel() })
fails(USERDATA, async.select, { time.duration(1) }) -- a userdata that is not awaitable
fails(USERDATA, async.select, { time.now() })
do -- checked before anything is awaited: the ready channel keeps its message
  local ready = async.channel(1)
  ready:send("kept")
  fails(USERDATA, async.select, { ready, "x" })
  eq(ready:try_recv(), "kept", "a bad list consumes nothing")
end

-- 10,000 entries: the one that is ready wins, with its value; nothing else is touched
do
  local N = 10000
  local chans = {}
  for i = 1, N do chans[i] = async.channel(1) end
  local winner = 7777
  local sender = async.spawn(function() chans[winner]:send("seven") end)
  local idx, v = async.select(chans)
  eq(idx, winner, "winner index among 10,000")
  eq(v, "seven", "winner value")
  sender:wait()
  -- the losers' withdrawn waits consume nothing: a later message arrives intact
  chans[1]:send("first")
  chans[N]:send("last")
  eq(chans[1]:try_recv(), "first", "loser 1 still delivers")
  eq(chans[N]:try_recv(), "last", "loser N still delivers")
  -- several ready at once: the lowest index wins and only it is consumed
  chans[9000]:send("a")
  chans[3]:send("b")
  chans[5000]:send("c")
  idx, v = async.select(chans)
  eq(idx, 3, "lowest ready index wins")
  eq(v, "b", "its value")
  eq(chans[9000]:try_recv(), "a", "other ready entries keep their message")
  eq(chans[5000]:try_recv(), "c", "other ready entries keep their message")
  -- the same channel 10,000 times: one message, index 1
  local same = {}
  local one = async.channel(2)
  for i = 1, N do same[i] = one end
  one:send("x")
  one:send("y")
  idx, v = async.select(same)
  eq(idx, 1, "same channel: index 1")
  eq(v, "x", "same channel: first message")
  eq(one:try_recv(), "y", "the second message stays")
  -- tasks too: 10,000 sleepers and one quick task
  local entries = {}
  for i = 1, N - 1 do entries[i] = time.sleep("1h") end
  entries[N] = async.spawn(function() return "task" end)
  idx, v = async.select(entries)
  eq(idx, N, "the task wins against 9,999 sleeps")
  eq(v, "task", "task value")
end

print(string.format("bad_input_values: %d checks", check.count()))
