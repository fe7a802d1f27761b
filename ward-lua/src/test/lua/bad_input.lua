-- Every public function of coroutine, utf8 and every ward.* module (the `modules` table below),
-- and every
-- method and metamethod of their userdata (and of CmdResult tables), called with wrong types
-- and edge values.
--
-- Part 1 (expectations): each argument position of each function is called with every sample
-- value, with the argument missing, and with extra arguments; each call has its one expected
-- outcome: "ok", "wait" (legitimately waits), or the exact error message. The functions are
-- listed from the module tables and metatables themselves (WARD_METHODS, a test global, reads
-- the metatables Lua cannot see), and the sweep fails if one has no expectation, so a new
-- function cannot be missed.
-- Part 2 (cross sweep): every function and method with every pair of sample values: a Lua
-- error or a result, never a Java name in the message, never a hang, and an error of the form
-- "bad argument #n to 'f'" always names the function that was called.
-- ward.process acts: commands are built only from programs that end at once (`true`, `printf`,
-- `cat` reading /dev/null), every child a call returns or a receiver needs is killed and waited
-- for, `process.exit` runs only in its own task (its outcome is the task's error
-- "process.exit(N)"), and the cross sweep leaves out what starts processes.
-- ward.fs acts on one sandbox directory only: "10" (the one relative name among the samples)
-- becomes a path there whose parent never exists, "" names nothing, and every directory
-- fs.tempdir makes is removed at once; so no call touches the working directory.
local async = require("ward.async")
local time = require("ward.time")
local process = require("ward.process")
local lifecycle = require("ward.lifecycle")
local module = require("ward.module")
local fs = require("ward.fs")
local fspath = require("ward.fs.path")
local wio = require("ward.io")
local env = require("ward.env")
local platform = require("ward.host.platform")
local resources = require("ward.host.resources")
local crypto = require("ward.crypto")
local log = require("ward.log")
local shared = require("ward.shared")
local convert = require("ward.convert")
local minijinja = require("ward.template.minijinja")
local helpers = require("ward.helpers")
local term = require("ward.term")
local methods_of = assert(WARD_METHODS, "WARD_METHODS is set by LuaScriptsTest")

local OK, WAIT = "ok", "wait"
local NONE = setmetatable({}, { __tostring = function() return "no value" end })

-- name, value; userdata of two modules serve as foreign userdata for each other
local VALUES = {
  { "nil", nil }, { "true", true }, { "false", false }, { "0", 0 }, { "-0.0", -0.0 },
  { "1.5", 1.5 }, { "NaN", 0 / 0 }, { "inf", 1 / 0 }, { "-inf", -1 / 0 }, { "2^53", 2 ^ 53 },
  { "2^63", 2 ^ 63 }, { "''", "" }, { "'10'", "10" }, { "{}", {} },
  { "function", function() end }, { "Channel", async.channel(1) }, { "Duration", time.duration(1) },
}

local calls, errors = 0, 0
local mismatches = {}

local function typename(v)
  if v == NONE then return "no value" end
  return type(v)
end

local function bad(i, f, msg)
  return string.format("bad argument #%d to '%s' (%s)", i, f, msg)
end

local function check_message(where, fname, msg)
  assert(type(msg) == "string" or type(msg) == "table" or type(msg) == "nil" or type(msg) == "userdata",
    where .. ": error value of type " .. type(msg))
  if type(msg) == "string" then
    for _, leak in ipairs({ "java%.", "Exception", "org%.luaj", "io%.ward", "%$", "NullPointer", "Error:" }) do
      assert(not msg:find(leak), where .. ": Java leaked into the message: " .. msg)
    end
    -- called through pcall, a function is named as Lua 5.2 names one that C called: where the
    -- global table holds it ('utf8.char'), else by its own name
    local named = msg:match("^bad argument #%d+ to '([^']*)'")
    assert(named == nil or named == fname or named:sub(-#fname - 1) == "." .. fname,
      where .. ": the message names '" .. tostring(named)
      .. "', not '" .. fname .. "': " .. msg)
  end
end

-- Calls fn(args) in its own task and returns OK, WAIT (still waiting at the deadline) or the
-- error message. Calls expected to finish get a generous deadline (a hang fails the sweep);
-- calls that may legitimately wait get a short one.
-- A child a call returned (Cmd:spawn) is killed and waited for, so none outlives its call.
local function is_child(v) return type(v) == "userdata" and tostring(v):match("^ProcChild%(") ~= nil end
local function reap(child) child:kill() child:wait() end

local function outcome(where, fname, may_wait, fn, args)
  local t = async.spawn(function()
    local r = table.pack(pcall(fn, table.unpack(args, 1, args.n)))
    for k = 2, r.n do if is_child(r[k]) then reap(r[k]) end end
    return r[1], r[2]
  end)
  local ok, okcall, err = pcall(function() return time.timeout(t, may_wait and "20ms" or "30s"):wait() end)
  calls = calls + 1
  if not ok and type(okcall) == "string" and okcall:match("^process%.exit%(%-?%d+%)$") then
    errors = errors + 1 -- process.exit ended the task (pcall cannot catch it)
    return okcall
  end
  if not ok then
    assert(tostring(okcall):find("timeout"), where .. ": " .. tostring(okcall))
    t:cancel()
    return WAIT
  end
  if okcall then return OK end
  errors = errors + 1
  check_message(where, fname, err)
  return type(err) == "string" and err or "<" .. type(err) .. " error>"
end

local function expect(where, fname, expected, fn, args)
  local got = outcome(where, fname, expected == WAIT, fn, args)
  -- check_message accepted a global path ('utf8.len' for 'len'): the expectations use the short name
  got = got:gsub("^(bad argument #%d+ to ')[%w_]+%.(" .. fname:gsub("%p", "%%%0") .. "')", "%1%2")
  if got ~= expected then
    mismatches[#mismatches + 1] = where .. "\n    expected: " .. expected .. "\n    got:      " .. got
  end
end

---------------------------------------------------------------------------------------------
-- Argument kinds: kind(v, i, fname) is the expected outcome of value v at position i.
---------------------------------------------------------------------------------------------
local function ANY() return OK end

local function typed(label, accepts)
  return function(v, i, f)
    if v ~= NONE and accepts(v) then return OK end
    return bad(i, f, label .. " expected, got " .. typename(v))
  end
end

local FUNCTION = typed("function", function(v) return type(v) == "function" end)
local function OPT_FUNCTION(v, i, f)
  if v == NONE or v == nil then return OK end
  return FUNCTION(v, i, f)
end
local STRING = typed("string", function(v) return type(v) == "string" or type(v) == "number" end)
local COROUTINE = typed("coroutine", function(v) return type(v) == "thread" end)
local NUMBER_LIKE = function(v) return type(v) == "number" or (type(v) == "string" and tonumber(v) ~= nil) end

-- luaL_checkinteger of Lua 5.3: numbers (and numeric strings) with an exact integer value.
local function integer(v, i, f, optional)
  if optional and (v == NONE or v == nil) then return OK end
  if v == NONE or not NUMBER_LIKE(v) then return bad(i, f, "number expected, got " .. typename(v)) end
  local n = tonumber(v)
  if n ~= n or n == math.huge or n == -math.huge or n ~= math.floor(n) or math.abs(n) >= 2 ^ 63 then
    return bad(i, f, "number has no integer representation")
  end
  return OK
end
local INTEGER = function(v, i, f) return integer(v, i, f, false) end
local OPT_INTEGER = function(v, i, f) return integer(v, i, f, true) end

-- The duration conversion of semantics.md section 3.
local D_TYPE = "duration must be number, string, or Duration userdata"
local D_USERDATA = "userdata is not a Duration (expected number, string, or Duration)"
local function duration_value(v, negative_ok)
  if v == NONE or v == nil or type(v) == "boolean" or type(v) == "table" or type(v) == "function"
    or type(v) == "thread" then
    return D_TYPE
  elseif type(v) == "userdata" then
    return tostring(v):match("^Duration%(") and OK or D_USERDATA
  elseif type(v) == "string" then
    if v:match("^%s*$") then return "duration string cannot be empty" end
    return "failed to parse duration string" -- the sample strings are no durations ("10" has no unit)
  elseif v ~= v or v == math.huge or v == -math.huge then
    return "duration must be finite"
  elseif v ~= math.floor(v) then
    return "duration number must be whole seconds; use a string for sub-second values"
  elseif math.abs(v) >= 2 ^ 53 then
    return "duration overflow"
  elseif v < 0 and not negative_ok then
    return "duration must be non-negative"
  end
  return OK
end
-- time.duration(x): any sign; a missing argument is like nil
local function DURATION(v) return duration_value(v, true) end
-- timers: non-negative, and a missing argument names the function
local function TIMER_DURATION(v, i, f)
  if v == NONE then return bad(i, f, "duration expected, got no value") end
  return duration_value(v, false)
end

-- async.channel(opts)
local function CAPACITY(v)
  if v == NONE or v == nil then return OK end
  if type(v) == "table" then return OK end -- {} -> 64
  if type(v) ~= "number" then return "channel expects opts table or capacity number" end
  if v ~= v or v <= 0 or v == math.huge then return "capacity must be positive" end
  if v ~= math.floor(v) then return "capacity must be an integer" end
  if v > 2 ^ 31 - 1 then return "capacity overflow" end
  return OK
end

-- await(a): a userdata with wait(); the sample channel is empty, so waiting on it waits
local function AWAIT_ARG(v, i, f)
  if v == NONE or type(v) ~= "userdata" then return bad(i, f, "userdata expected, got " .. typename(v)) end
  if tostring(v) == "Channel()" then return WAIT end
  return "awaitable must implement wait() (or __call())"
end
-- timeout(a, d): a Ward awaitable, checked when the timeout is made (nothing waits yet)
local function TIMEOUT_ARG(v, i, f)
  if v ~= NONE and type(v) == "userdata" and tostring(v) == "Channel()" then return OK end
  return bad(i, f, "awaitable expected, got " .. typename(v))
end

local function SELECT_LIST(v)
  if type(v) ~= "table" or next(v) == nil then return "select expects a non-empty array table" end
  return OK
end

---------------------------------------------------------------------------------------------
-- Expectations for every function. valid() gives arguments that work, one per position; the
-- sweep replaces one position at a time. cases["i:label"] overrides the kind for value label
-- at position i ("i:none" for a missing argument); "extra" is the outcome with 8 more
-- arguments than valid().
---------------------------------------------------------------------------------------------
local function pack(...) return table.pack(...) end
local function ready_sleep() return time.sleep(0) end

-- ward.shared: values, times to live, counts
local SHARED_VALUE = typed("string, number or boolean", function(v)
  return type(v) == "string" or type(v) == "number" or type(v) == "boolean"
end)
local function SHARED_VALUE_OR_NIL(v, i, f)
  if v == NONE or v == nil then return OK end
  return SHARED_VALUE(v, i, f)
end
local function TTL(v)
  if v == NONE or v == nil then return OK end
  return duration_value(v, false)
end
local function OPT_NUMBER(v, i, f)
  if v == NONE or v == nil or NUMBER_LIKE(v) then return OK end
  return bad(i, f, "number expected, got " .. typename(v))
end
local function LRU_CAPACITY(v, i, f)
  local r = INTEGER(v, i, f)
  if r == OK and (tonumber(v) < 1 or tonumber(v) > 2 ^ 31 - 1) then
    return bad(i, f, "capacity must be a positive integer")
  end
  return r
end
local function LRU_KEY(v, i, f)
  if v == NONE or v == nil then return bad(i, f, "non-nil key expected, got " .. typename(v)) end
  if v ~= v then return bad(i, f, "key is NaN") end
  return OK
end

local FUNCTIONS = {
  ["shared.get"] = { kinds = { STRING }, valid = function() return pack("k") end },
  ["shared.set"] = { kinds = { STRING, SHARED_VALUE_OR_NIL, TTL }, valid = function() return pack("k", 1) end },
  ["shared.add"] = { kinds = { STRING, SHARED_VALUE, TTL }, valid = function() return pack("k", 1) end },
  ["shared.incr"] = { kinds = { STRING, OPT_NUMBER, OPT_NUMBER, TTL }, valid = function() return pack("n", 1, 0) end },
  ["shared.delete"] = { kinds = { STRING }, valid = function() return pack("k") end },
  ["shared.ttl"] = { kinds = { STRING }, valid = function() return pack("k") end },
  ["shared.size"] = { kinds = { ANY }, valid = function() return pack() end },
  ["shared.capacity"] = { kinds = { ANY }, valid = function() return pack() end },
  ["shared.lru"] = { kinds = { LRU_CAPACITY }, valid = function() return pack(2) end },

  ["async.spawn"] = { kinds = { FUNCTION }, valid = function() return pack(function() end) end },
  ["async.channel"] = { kinds = { CAPACITY }, valid = function() return pack() end,
    cases = { ["1:none"] = OK } },
  ["async.await"] = { kinds = { AWAIT_ARG }, valid = function() return pack(ready_sleep()) end },
  ["async.select"] = { kinds = { SELECT_LIST }, valid = function() return pack({ ready_sleep() }) end },

  ["coroutine.create"] = { kinds = { FUNCTION }, valid = function() return pack(function() end) end },
  ["coroutine.wrap"] = { kinds = { FUNCTION }, valid = function() return pack(function() end) end },
  ["coroutine.resume"] = { kinds = { COROUTINE }, valid = function() return pack(coroutine.create(function() end)) end },
  ["coroutine.status"] = { kinds = { COROUTINE }, valid = function() return pack(coroutine.create(function() end)) end },
  ["coroutine.running"] = { kinds = { ANY }, valid = function() return pack() end },
  ["coroutine.isyieldable"] = { kinds = { ANY }, valid = function() return pack() end },
  -- every sample call runs in a plain task, outside any coroutine
  ["coroutine.yield"] = { kinds = { function() return "attempt to yield from outside a coroutine" end },
    valid = function() return pack() end, result = "attempt to yield from outside a coroutine" },

  ["utf8.char"] = { kinds = { function(v, i, f)
      local r = INTEGER(v, i, f)
      if r == OK and (tonumber(v) < 0 or tonumber(v) > 0x7FFFFFFF) then return bad(i, f, "value out of range") end
      return r
    end }, valid = function() return pack(65) end, cases = { ["1:none"] = OK } },
  ["utf8.codepoint"] = { kinds = { STRING, OPT_INTEGER, OPT_INTEGER }, valid = function() return pack("abc") end,
    cases = { ["1:''"] = bad(3, "codepoint", "out of range"),
      ["2:0"] = bad(2, "codepoint", "out of range"), ["2:-0.0"] = bad(2, "codepoint", "out of range"),
      ["2:2^53"] = bad(3, "codepoint", "out of range"), ["2:'10'"] = bad(3, "codepoint", "out of range"),
      ["3:0"] = OK, ["3:-0.0"] = OK, ["3:2^53"] = bad(3, "codepoint", "out of range"),
      ["3:'10'"] = bad(3, "codepoint", "out of range") } },
  ["utf8.len"] = { kinds = { STRING, OPT_INTEGER, OPT_INTEGER }, valid = function() return pack("abc") end,
    cases = { ["2:0"] = bad(2, "len", "initial position out of string"),
      ["2:-0.0"] = bad(2, "len", "initial position out of string"),
      ["2:2^53"] = bad(2, "len", "initial position out of string"),
      ["2:'10'"] = bad(2, "len", "initial position out of string"),
      ["3:2^53"] = bad(3, "len", "final position out of string"),
      ["3:'10'"] = bad(3, "len", "final position out of string") } },
  ["utf8.codes"] = { kinds = { STRING }, valid = function() return pack("abc") end },
  ["utf8.offset"] = { kinds = { STRING, INTEGER, OPT_INTEGER }, valid = function() return pack("abc", 1) end,
    cases = { ["3:0"] = bad(3, "offset", "position out of range"),
      ["3:-0.0"] = bad(3, "offset", "position out of range"),
      ["3:2^53"] = bad(3, "offset", "position out of range"),
      ["3:'10'"] = bad(3, "offset", "position out of range") } },

  ["time.sleep"] = { kinds = { TIMER_DURATION }, valid = function() return pack(0) end },
  ["time.after"] = { kinds = { TIMER_DURATION, OPT_FUNCTION }, valid = function() return pack(0, function() end) end },
  ["time.interval"] = { kinds = { function(v, i, f)
      local r = TIMER_DURATION(v, i, f)
      if r == OK and not (type(v) == "userdata" and tostring(v) ~= "Duration(0ms)") then
        return bad(i, f, "period must be positive")
      end
      return r
    end }, valid = function() return pack("1s") end },
  ["time.timeout"] = { kinds = { TIMEOUT_ARG, TIMER_DURATION },
    valid = function() return pack(ready_sleep(), 0) end },
  ["time.duration"] = { kinds = { DURATION }, valid = function() return pack(1) end },
  ["time.now"] = { kinds = { ANY }, valid = function() return pack() end },
  ["time.now_table"] = { kinds = { ANY }, valid = function() return pack() end },
  ["time.instant_now"] = { kinds = { ANY }, valid = function() return pack() end },
  ["time.parse"] = { kinds = { STRING }, valid = function() return pack("2024-01-02") end },
  ["time.parse_rfc3339"] = { kinds = { STRING }, valid = function() return pack("2024-01-02T03:04:05Z") end },
  ["time.parse_rfc2822"] = { kinds = { STRING }, valid = function() return pack("Tue, 02 Jan 2024 03:04:05 +0000") end },
  ["time.from_timestamp"] = { kinds = { function(v, i, f)
      if v == NONE or not NUMBER_LIKE(v) then return bad(i, f, "number expected, got " .. typename(v)) end
      local n = tonumber(v)
      if n ~= n or n == math.huge or n == -math.huge then return bad(i, f, "number must be finite") end
      if math.abs(n) >= 2 ^ 63 then return bad(i, f, "time out of range") end
      return OK
    end }, valid = function() return pack(0) end },
  ["time.utc"] = { kinds = { INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, OPT_INTEGER },
    valid = function() return pack(2024, 1, 2, 3, 4, 5) end,
    cases = {} }, -- filled below: out-of-range fields
  -- blocks the loop for its argument in seconds: only values that return at once
  ["time.sleep_blocking"] = { kinds = { function(v, i, f)
      if v == NONE or not NUMBER_LIKE(v) then return bad(i, f, "number expected, got " .. typename(v)) end
      local n = tonumber(v)
      if n ~= n or n == math.huge or n == -math.huge then return "duration must be finite" end
      return OK
    end }, valid = function() return pack(0) end,
    skip = { ["1:1.5"] = true, ["1:2^53"] = true, ["1:2^63"] = true, ["1:'10'"] = true } },
}

-- ward.process (ward-process.md). A fresh copy of fixed valid arguments per call.
local function with(...)
  local a = pack(...)
  return function() return pack(table.unpack(a, 1, a.n)) end
end
local function optional(kind)
  return function(v, i, f)
    if v == NONE or v == nil then return OK end
    return kind(v, i, f)
  end
end
local TABLE = typed("table", function(v) return type(v) == "table" end)
local OPT_TABLE = optional(TABLE)
local OPT_STRING = optional(STRING)
local OPT_BOOLEAN = optional(typed("boolean", function(v) return type(v) == "boolean" end))
-- env values and one-shot stdin: a string (numbers converted); nil or false resets
local function STRING_OR_RESET(v, i, f)
  if v == false then return OK end
  return OPT_STRING(v, i, f)
end
local PIPE_TARGET = typed("Cmd or Pipeline", function(v)
  return type(v) == "userdata" and (tostring(v):match("^Cmd%(") or tostring(v):match("^Pipeline%(")) ~= nil
end)
-- timeouts: nil/false clear; seconds may have a fraction; else the duration conversion
local function TIMEOUT(v, i, f)
  if v == NONE or v == nil or v == false then return OK end
  local r
  if type(v) == "number" then
    r = (v ~= v or v == math.huge or v == -math.huge) and "timeout must be finite"
      or v <= 0 and "timeout must be positive" or OK
  else
    r = duration_value(v, true)
  end
  return r == OK and OK or bad(i, f, r)
end
-- process.exit(code): the status the task's error names
local function EXIT_CODE(v, i, f)
  if v == NONE or v == nil then return "process.exit(0)" end
  if not NUMBER_LIKE(v) then return bad(i, f, "number expected, got " .. typename(v)) end
  local n = tonumber(v)
  local status = (n ~= n or n < 0) and 1 or n >= 2 ^ 31 - 1 and 2 ^ 31 - 1 or math.floor(n)
  return string.format("process.exit(%d)", status)
end
-- ByteStream:wait(n)/read(n): a positive whole count (huge ones read what there is)
local function BYTE_COUNT(v, i, f)
  if v == NONE or v == nil then return OK end
  if not NUMBER_LIKE(v) then return bad(i, f, "number expected, got " .. typename(v)) end
  local n = tonumber(v)
  if not (n >= 1) or n ~= math.floor(n) then return bad(i, f, "n must be a positive integer") end
  return OK
end

FUNCTIONS["process.cmd"] = { kinds = { STRING, function(v, i, f)
    if v == NONE or type(v) == "table" then return OK end -- cmd(p) or cmd(p, {args...})
    return STRING(v, i, f)
  end }, valid = with("true") }
FUNCTIONS["process.sh"] = { kinds = { STRING }, valid = with("true") }
FUNCTIONS["process.exit"] = { kinds = { EXIT_CODE }, valid = with(3), result = "process.exit(3)" }
FUNCTIONS["process.shell_defaults"] = { kinds = { OPT_TABLE }, valid = with(),
  extra = bad(1, "shell_defaults", "table expected, got number") }
FUNCTIONS["process.push_middleware"] = { kinds = { FUNCTION }, valid = with(function() end) }
FUNCTIONS["process.pop_middleware"] = { kinds = { ANY }, valid = with() }

-- ward.lifecycle (ward-term-helpers-lifecycle.md section 4). Shutdown is requested before the
-- sweep, so that _tick raises whatever order the functions come in; the sample handlers never
-- fire (this runtime keeps the JVM's signals) and the callbacks run once, from _run_shutdown.
lifecycle.request(0)
local function SIGNAL(v, i, f)
  if type(v) == "number" then return OK end
  if type(v) == "string" then return bad(i, f, "unknown signal: " .. v:upper()) end
  return bad(i, f, "signal must be a name (e.g. 'INT') or a number, got " .. typename(v))
end
local function HANDLER_ID(v, i, f)
  local r = INTEGER(v, i, f)
  if r == OK and tonumber(v) < 0 then return bad(i, f, "handler id must not be negative") end
  return r
end
local function EXIT_REQUEST(v, i, f)
  local r = OPT_INTEGER(v, i, f)
  if r == OK and v ~= NONE and v ~= nil and math.abs(tonumber(v)) > 2 ^ 31 - 1 then
    return bad(i, f, "number out of 32-bit range")
  end
  return r
end
local function REASON(v, i, f)
  if v == NONE or v == nil then return OK end
  if type(v) == "string" or type(v) == "number" then
    return bad(i, f, "unknown shutdown reason: " .. tostring(v))
  end
  return bad(i, f, "string expected, got " .. typename(v))
end
FUNCTIONS["lifecycle.on"] = { kinds = { SIGNAL, FUNCTION }, valid = function() return pack("INT", function() end) end }
FUNCTIONS["lifecycle.on_shutdown"] = { kinds = { FUNCTION }, valid = function() return pack(function() end) end }
FUNCTIONS["lifecycle.off"] = { kinds = { HANDLER_ID }, valid = with(1) }
FUNCTIONS["lifecycle.request"] = { kinds = { EXIT_REQUEST }, valid = with(0) }
FUNCTIONS["lifecycle.requested"] = { kinds = { ANY }, valid = with() }
FUNCTIONS["lifecycle.code"] = { kinds = { ANY }, valid = with() }
FUNCTIONS["lifecycle._tick"] = { kinds = { function() return "interrupted" end }, valid = with(),
  result = "interrupted" }
FUNCTIONS["lifecycle._run_shutdown"] = { kinds = { REASON, OPT_STRING }, valid = with("success") }

-- ward.module (section 5). git runs the git program: no sample names a repository, so every
-- clone fails at once (ok = false, not an error); the store is under target ($XDG_DATA_HOME).
-- url: no sample is an http URL, and the valid one has a closed port (a transport error).
local function GIT_URL(v, i, f)
  local r = STRING(v, i, f)
  if r ~= OK then return r end
  local s = tostring(v)
  if s == "" then return bad(i, f, "url must not be empty") end
  if s:sub(1, 1) == "-" then return bad(i, f, "url must not start with '-'") end
  return OK
end
local function HTTP_URL(v, i, f)
  local r = STRING(v, i, f)
  if r ~= OK then return r end
  return bad(i, f, "http or https url expected, got '" .. tostring(v) .. "'")
end
local REFUSED = "download failed: connection refused"
FUNCTIONS["module.dir"] = { kinds = { ANY }, valid = with() }
FUNCTIONS["module.git"] = { kinds = { GIT_URL, OPT_TABLE }, valid = with("ward-bad-input-no-such-repository"),
  extra = bad(2, "git", "table expected, got number") }
FUNCTIONS["module.url"] = { kinds = { HTTP_URL, function(v, i, f)
    if v == NONE or v == nil or type(v) == "table" then return REFUSED end
    return bad(i, f, "table expected, got " .. typename(v))
  end }, valid = with("http://127.0.0.1:1/x.lua", { retries = 1 }), result = REFUSED }
-- ward.fs (ward-fs.md). Path arguments: a string (numbers are not paths) or a Path.
local SANDBOX = fs.tempdir("ward-bad-input")
local NX = SANDBOX .. "/none/x" -- "none" is never made: every path the sweep names is missing
local FILE = SANDBOX .. "/file"
assert(fs.write(FILE, "x").ok)
local function FSPATH(v, i, f)
  if v ~= NONE and type(v) == "string" then return OK end
  return bad(i, f, "expected path or string, got " .. typename(v))
end
local function OPT_FSPATH(v, i, f)
  if v == NONE then return OK end
  return FSPATH(v, i, f)
end
local function PPATH(v, i, f)
  if v ~= NONE and type(v) == "string" then return OK end
  return bad(i, f, "expected path string or fs.path object, got " .. typename(v))
end
-- fs.read raises for a missing file: every string the sweep gives it names none
local function READ_PATH(v, i, f)
  if v ~= NONE and type(v) == "string" then return "No such file or directory (os error 2)" end
  return FSPATH(v, i, f)
end
-- mode, uid, gid: numbers or numeric strings, truncated, 0 to 2^32-1
local function UINT32(v, i, f)
  if v == NONE or not NUMBER_LIKE(v) then return bad(i, f, "number expected, got " .. typename(v)) end
  local n = tonumber(v)
  local t = n < 0 and math.ceil(n) or math.floor(n)
  if n ~= n or t < 0 or t > 4294967295 then return bad(i, f, "out of range (expected 0 to 4294967295)") end
  return OK
end
-- the path positions of each fs function, where "10" is moved into the sandbox
local FS_PATHS = { rename = { 1, 2 }, move = { 1, 2 }, copy = { 1, 2 }, link = { 1, 2 }, symlink = { 1, 2 },
  join = { 1, 2 }, tempdir = {}, glob = {} }
local fs_sweep = {}
for name, f in pairs(fs) do
  if type(f) == "function" then
    local positions = FS_PATHS[name] or { 1 }
    fs_sweep[name] = function(...)
      local a = pack(...)
      for _, k in ipairs(positions) do
        if a[k] == "10" then a[k] = NX end
      end
      local r = pack(pcall(f, table.unpack(a, 1, a.n))) -- called by pcall: no position is added to its error
      if not r[1] then error(r[2], 0) end
      if name == "tempdir" then assert(fs.rm(r[2]).ok) end
      return table.unpack(r, 2, r.n)
    end
  end
end
for _, name in ipairs({ "is_exists", "is_dir", "is_file", "is_link", "is_symlink", "is_block_device",
  "is_char_device", "is_fifo", "is_socket", "is_executable", "is_readable", "is_writable", "readlink", "realpath",
  "dirname", "basename" }) do
  FUNCTIONS["fs." .. name] = { kinds = { FSPATH }, valid = with(NX) }
end
for _, name in ipairs({ "list", "mkdir", "rm", "unlink", "touch" }) do
  FUNCTIONS["fs." .. name] = { kinds = { FSPATH, ANY }, valid = with(NX) }
end
for _, name in ipairs({ "rename", "move", "copy", "link", "symlink" }) do
  FUNCTIONS["fs." .. name] = { kinds = { FSPATH, FSPATH, ANY }, valid = with(NX, NX .. "2") }
end
FUNCTIONS["fs.join"] = { kinds = { FSPATH, OPT_FSPATH }, valid = with("a", "b"),
  extra = bad(3, "join", "expected path or string, got number") }
FUNCTIONS["fs.glob"] = { kinds = { STRING }, valid = with(SANDBOX .. "/*") }
FUNCTIONS["fs.chmod"] = { kinds = { FSPATH, UINT32, ANY }, valid = with(NX, 493) }
FUNCTIONS["fs.chown"] = { kinds = { FSPATH, UINT32, UINT32, ANY }, valid = with(NX, 0, 0) }
FUNCTIONS["fs.read"] = { kinds = { READ_PATH, ANY }, valid = with(FILE) }
FUNCTIONS["fs.write"] = { kinds = { FSPATH, ANY, ANY }, valid = with(NX, "x") }
FUNCTIONS["fs.tempdir"] = { kinds = { OPT_STRING }, valid = with("ward-sweep") }
FUNCTIONS["fspath.new"] = { kinds = { PPATH }, valid = with("a") }
FUNCTIONS["fspath.cwd"] = { kinds = { ANY }, valid = with() }
FUNCTIONS["fspath.join"] = { kinds = { PPATH, PPATH }, valid = with("a", "b") }
-- ward.io, ward.env, ward.host, ward.crypto, ward.log (ward-io-env-host.md, ward-crypto-log.md).
-- stdin is empty here, so reads end at once; the sweep's log lines go to the captured stderr.
local function READ_ALL_OPTS(v)
  if v == NONE or v == nil or type(v) == "number" or type(v) == "table" then return OK end
  return "read_all(opts) expects nil, number, or table, got " .. type(v)
end
-- a file path: a string (or number) naming no file here gives the OS text
local function MISSING_FILE(v, i, f)
  local r = STRING(v, i, f)
  if r ~= OK then return r end
  return "No such file or directory (os error 2)"
end
local function LEVEL_NAME(v, i, f)
  local r = STRING(v, i, f)
  if r ~= OK then return r end
  return "invalid log level '" .. tostring(v) .. "' (expected trace, debug, info, warn, error or fatal)"
end
FUNCTIONS["io.read_all"] = { kinds = { READ_ALL_OPTS }, valid = with() }
FUNCTIONS["io.read_line"] = { kinds = { ANY }, valid = with() }
FUNCTIONS["io.read_lines"] = { kinds = { ANY }, valid = with() }
FUNCTIONS["io.write_stdout"] = { kinds = { STRING }, valid = with("") }
FUNCTIONS["io.write_stderr"] = { kinds = { STRING }, valid = with("") }
FUNCTIONS["io.flush_stdout"] = { kinds = { ANY }, valid = with() }
FUNCTIONS["io.flush_stderr"] = { kinds = { ANY }, valid = with() }
FUNCTIONS["env.get"] = { kinds = { STRING, OPT_STRING }, valid = with("PATH") }
FUNCTIONS["env.set"] = { kinds = { STRING, STRING }, valid = with("WARD_BAD_INPUT", "v") }
FUNCTIONS["env.unset"] = { kinds = { STRING }, valid = with("WARD_BAD_INPUT") }
FUNCTIONS["env.clear"] = { kinds = { ANY }, valid = with() }
FUNCTIONS["env.export"] = { kinds = { STRING, OPT_STRING }, valid = with("WARD_BAD_INPUT_EXPORTED") }
FUNCTIONS["env.list"] = { kinds = { ANY }, valid = with() }
FUNCTIONS["env.is_exists"] = { kinds = { STRING }, valid = with("PATH") }
FUNCTIONS["env.hostname"] = { kinds = { ANY }, valid = with() }
FUNCTIONS["env.which"] = { kinds = { STRING }, valid = with("sh") }
FUNCTIONS["env.is_in_path"] = { kinds = { STRING }, valid = with("sh") }
for fname in pairs(platform) do FUNCTIONS["platform." .. fname] = { kinds = { ANY }, valid = with() } end
FUNCTIONS["resources.get"] = { kinds = { ANY }, valid = with() }
for _, alg in ipairs({ "sha256", "sha1", "md5" }) do
  FUNCTIONS["crypto." .. alg] = { kinds = { STRING }, valid = with("abc") }
  FUNCTIONS["crypto." .. alg .. "_file"] = { kinds = { MISSING_FILE }, valid = with("pom.xml") }
end
for _, level in ipairs({ "trace", "debug", "info", "warn", "error", "fatal" }) do
  FUNCTIONS["log." .. level] = { kinds = { ANY }, valid = with("x") }
  FUNCTIONS["log.l" .. level] = { kinds = { STRING }, valid = with("label") }
end
FUNCTIONS["log.set_level"] = { kinds = { LEVEL_NAME }, valid = with("fatal") }
FUNCTIONS["log.time"] = { kinds = { STRING, FUNCTION }, valid = with("t", function() end) }
-- ward.convert, ward.template.minijinja, ward.helpers (docs/CONVERT.md)
local json, yaml, toml, ini = convert.json, convert.yaml, convert.toml, convert.ini
-- the data model: what has no data form
local function DATA(v, i, f)
  if v == NONE or v == nil or type(v) == "boolean" or type(v) == "number" or type(v) == "string"
    or type(v) == "table" then
    return OK
  end
  return bad(i, f, "unsupported value type: " .. type(v))
end
local function TOML_DOC(v, i, f)
  if v == NONE then return bad(i, f, "a TOML document must be a table, got null") end
  local r = DATA(v, i, f)
  if r ~= OK or type(v) == "table" then return r end
  return bad(i, f, "a TOML document must be a table, got " .. ((v == NONE or v == nil) and "null" or "a value"))
end
local function INI_DOC(v, i, f)
  if v == NONE then return bad(i, f, "ini.encode expects a table") end
  local r = DATA(v, i, f)
  if r ~= OK or type(v) == "table" then return r end
  return bad(i, f, "ini.encode expects a table")
end
-- decode's text: every sample that is text (or a number) parses, except these, whose
-- messages are the parsers' own; filled in per format below
local function TEXT(errors)
  return function(v, i, f)
    if v == NONE or not (type(v) == "string" or type(v) == "number") then
      return bad(i, f, "string expected, got " .. typename(v))
    end
    local e = errors[tostring(v)]
    return e and bad(i, f, e) or OK
  end
end
local MINUS = "in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value at line 1 column 2"
local JSON_TEXT = TEXT({
  [""] = "EOF while parsing a value at line 1 column 0",
  ["-nan"] = "Unexpected character ('n' (code 110)) " .. MINUS, ["nan"] = "Unrecognized token 'nan': was expecting "
    .. "(JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 1 column 1",
  ["inf"] = "Unrecognized token 'inf': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or "
    .. "'false') at line 1 column 1",
  ["-inf"] = "Unexpected character ('i' (code 105)) " .. MINUS,
})
local YAML_TEXT = TEXT({})
local function TOML_EOF(s) return "TOML parse error: Premature end of file at line 1, column " .. (#s + 1) end
local TOML_TEXT = TEXT({
  ["0"] = TOML_EOF("0"), ["-0"] = TOML_EOF("-0"), ["1.5"] = TOML_EOF("1.5"), ["10"] = TOML_EOF("10"),
  ["nan"] = TOML_EOF("nan"), ["-nan"] = TOML_EOF("-nan"), ["inf"] = TOML_EOF("inf"), ["-inf"] = TOML_EOF("-inf"),
  [tostring(2 ^ 53)] = "TOML parse error: Unknown token at line 1, column " .. tostring(2 ^ 53):find("+", 1, true),
  [tostring(2 ^ 63)] = "TOML parse error: Unknown token at line 1, column " .. tostring(2 ^ 63):find("+", 1, true),
})
local INI_TEXT = TEXT({})
local JSON_OPTS = function(v, i, f)
  if v == NONE or v == nil or type(v) == "table" then return OK end
  return bad(i, f, "table expected, got " .. typename(v))
end
for name, spec in pairs({
  json = { ENC = DATA, DEC = JSON_TEXT, OPTS = JSON_OPTS }, yaml = { ENC = DATA, DEC = YAML_TEXT, OPTS = ANY },
  toml = { ENC = TOML_DOC, DEC = TOML_TEXT, OPTS = ANY }, ini = { ENC = INI_DOC, DEC = INI_TEXT, OPTS = ANY },
}) do
  local doc = name == "ini" and { s = { k = "v" } } or { k = "v" }
  for _, f in ipairs({ "encode", "encode_async" }) do
    FUNCTIONS[name .. "." .. f] = { kinds = { spec.ENC, spec.OPTS }, valid = function() return pack(doc) end,
      extra = name == "json" and bad(2, f, "table expected, got number") or nil }
  end
  for _, f in ipairs({ "decode", "decode_async" }) do
    FUNCTIONS[name .. "." .. f] = { kinds = { spec.DEC }, valid = with(name == "json" and "1" or "") }
  end
end
-- templates: the context is a map-like table, opts a table
local function CONTEXT(v, i, f)
  if v == NONE or v == nil or type(v) == "table" then return OK end
  return bad(i, f, "table expected, got " .. typename(v))
end
local TEMPLATE_DIR
for _, d in ipairs({ "lib/templates", "src/test/lua/lib/templates" }) do
  if pcall(minijinja.render_file, d .. "/part.j2", { v = 1 }) then TEMPLATE_DIR = d break end
end
assert(TEMPLATE_DIR, "template fixtures not found")
local function TEMPLATE_PATH(v, i, f)
  local r = STRING(v, i, f)
  if r ~= OK then return r end
  return f .. ": " .. tostring(v) .. ": " .. (tostring(v) == "" and "Is a directory" or "No such file or directory (os error 2)")
end
for _, f in ipairs({ "render", "render_async" }) do
  FUNCTIONS["minijinja." .. f] = { kinds = { STRING, CONTEXT, CONTEXT }, valid = with("x", {}),
    extra = bad(3, f, "table expected, got number") }
end
for _, f in ipairs({ "render_file", "render_file_async" }) do
  FUNCTIONS["minijinja." .. f] = { kinds = { TEMPLATE_PATH, CONTEXT, CONTEXT },
    valid = function() return pack(TEMPLATE_DIR .. "/part.j2", { v = 1 }, { undefined = "lenient" }) end,
    cases = { ["2:none"] = f .. ": undefined value: Unknown token found: v (in <string>:1)" } }
end
-- helpers: numbers (numeric strings accepted), strings, tables, callbacks
local NUMBER = typed("number", NUMBER_LIKE)
local function FINITE_NUMBER(v, i, f)
  local r = NUMBER(v, i, f)
  if r ~= OK then return r end
  local n = tonumber(v)
  if n ~= n or n == math.huge or n == -math.huge then return "random: bounds must be finite" end
  return OK
end
for _, f in ipairs({ "is_integer", "is_float", "ceil", "floor", "abs", "sign" }) do
  FUNCTIONS["number." .. f] = { kinds = { NUMBER }, valid = with(1) }
end
for _, f in ipairs({ "is_number", "is_nan", "is_infinity", "is_finite" }) do
  FUNCTIONS["number." .. f] = { kinds = { ANY }, valid = with(1) }
end
FUNCTIONS["number.round"] = { kinds = { NUMBER, INTEGER }, valid = with(1.5, 0) }
FUNCTIONS["number.random"] = { kinds = { FINITE_NUMBER, FINITE_NUMBER }, valid = with(1, 2) }
local function CLAMP_BOUND(low)
  return function(v, i, f)
    local r = NUMBER(v, i, f)
    if r ~= OK then return r end
    local n = tonumber(v)
    if low and not (n <= 3) or not low and not (0 <= n) then return "clamp: min must be <= max" end
    return OK
  end
end
FUNCTIONS["number.clamp"] = { kinds = { NUMBER, CLAMP_BOUND(true), CLAMP_BOUND(false) }, valid = with(1, 0, 3) }
for _, f in ipairs({ "avg", "sum", "min", "max" }) do
  FUNCTIONS["number." .. f] = { kinds = { NUMBER }, valid = with(1),
    cases = { ["1:none"] = "At least one number is required" } }
end
for _, f in ipairs({ "trim", "ltrim", "rtrim", "to_lower", "to_upper", "to_title", "to_snake", "to_kebab", "to_slug",
  "to_camel", "to_pascal" }) do
  FUNCTIONS["hstring." .. f] = { kinds = { STRING }, valid = with("a b") }
end
for _, f in ipairs({ "contains", "starts_with", "ends_with", "split", "match", "match_all" }) do
  FUNCTIONS["hstring." .. f] = { kinds = { STRING, STRING }, valid = with("a,b", ",") }
end
for _, f in ipairs({ "replace", "replace_all", "match_replace", "match_replace_all" }) do
  FUNCTIONS["hstring." .. f] = { kinds = { STRING, STRING, STRING }, valid = with("a,b", ",", ";") }
end
FUNCTIONS["hstring.join"] = { kinds = { STRING, STRING }, valid = with(",", "a"), cases = { ["2:none"] = OK } }
for _, f in ipairs({ "is_empty", "reverse", "shuffle", "flatten", "uniq", "keys", "values", "pop", "shift" }) do
  FUNCTIONS["htable." .. f] = { kinds = { TABLE }, valid = function() return pack({ 1, 2 }) end }
end
-- (push, append and prepend would change the shared {} sample: it is left out at #1)
for _, f in ipairs({ "contains", "push", "append", "prepend" }) do
  FUNCTIONS["htable." .. f] = { kinds = { TABLE, ANY }, valid = function() return pack({ 1, 2 }, 3) end,
    skip = f ~= "contains" and { ["1:{}"] = true } or nil }
end
for _, f in ipairs({ "map", "filter", "each", "find", "findall", "count", "sort", "uniq_by" }) do
  FUNCTIONS["htable." .. f] = { kinds = { TABLE, FUNCTION }, valid = function() return pack({ 1, 2 }, function() end) end }
end
FUNCTIONS["htable.reduce"] = { kinds = { TABLE, FUNCTION, ANY }, valid = function() return pack({ 1 }, function() end, 0) end }
for _, f in ipairs({ "concat", "merge", "deep_merge" }) do
  FUNCTIONS["htable." .. f] = { kinds = { TABLE, TABLE }, valid = function() return pack({ 1 }, { 2 }) end,
    cases = { ["2:none"] = OK }, extra = bad(3, f, "table expected, got number") }
end
FUNCTIONS["htable.join"] = { kinds = { TABLE, STRING }, valid = function() return pack({ 1, "a" }, ",") end }
FUNCTIONS["retry.run"] = { kinds = { FUNCTION, ANY }, valid = with(function() end) }
-- ward.term: printing takes anything (through tostring); progress a number or a table
for _, f in ipairs({ "print", "println", "eprint", "eprintln", "clear", "isatty" }) do
  FUNCTIONS["term." .. f] = { kinds = { ANY }, valid = with("x") }
end
FUNCTIONS["term.progress"] = { kinds = { function(v)
    if v == NONE or v == nil or type(v) == "number" or type(v) == "table" then return OK end
    return "progress expects a table or a number, got " .. type(v)
  end }, valid = with(3), extra = "progress expects at most one argument" }
-- the input functions only make an awaitable (nothing is read here): one string or table, or a
-- string and a table (spec 2.2); choose takes one table and ignores the rest
local function input_form(fname, form, field)
  return { kinds = { function(v)
      if v == NONE then return fname .. " expects arguments" end
      if type(v) == "string" or type(v) == "number" then return OK end
      if type(v) == "table" then return bad(1, fname, "field '" .. field .. "' must be a string, got nil") end
      return fname .. " expects string or table " .. form
    end }, valid = with("Q"), extra = fname .. " second arg must be table" }
end
FUNCTIONS["term.prompt"] = input_form("prompt", "{question, default?, trim?}", "question")
FUNCTIONS["term.confirm"] = input_form("confirm", "{question, default?}", "question")
FUNCTIONS["term.password"] = input_form("password", "{prompt, trim?}", "prompt")
FUNCTIONS["term.choose"] = { kinds = { function(v)
    if type(v) ~= "table" or v == NONE then return "choose expects table {question, choices, default?}" end
    return bad(1, "choose", "field 'question' must be a string, got nil")
  end }, valid = with({ question = "Q", choices = { "a" } }) }

do -- time.utc: each field out of its range is named
  local c = FUNCTIONS["time.utc"].cases
  local fields = { "year", "month", "day", "hour", "minute", "second", "nanosecond" }
  for i, field in ipairs(fields) do
    c[i .. ":2^53"] = bad(i, "utc", field .. " out of range")
  end
  for i = 2, 3 do
    c[i .. ":0"], c[i .. ":-0.0"] = bad(i, "utc", fields[i] .. " out of range"), bad(i, "utc", fields[i] .. " out of range")
  end
end

---------------------------------------------------------------------------------------------
-- Methods: receiver factories and expectations. A method called on anything but its own
-- type raises bad argument #1 naming the method and the expected type.
---------------------------------------------------------------------------------------------
local RECEIVERS = {
  Task = { label = "Task", make = function() return async.spawn(function() return 1 end) end },
  Channel = { label = "Channel", make = function() local ch = async.channel(2) ch:try_send("x") return ch end },
  Sleep = { label = "timer", make = function() return time.sleep(0) end },
  After = { label = "timer", make = function() return time.after(0) end },
  Interval = { label = "timer", make = function() return time.interval("1ms") end },
  Timeout = { label = "timer", make = function() return time.timeout(time.sleep(0), 0) end },
  Duration = { label = "Duration", make = function() return time.duration("1500ms") end },
  TimePoint = { label = "TimePoint", make = function() return time.utc(2024, 1, 2, 3, 4, 5) end },
  InstantPoint = { label = "InstantPoint", make = function() return time.instant_now() end },
  LruCache = { label = "LruCache", make = function() local c = shared.lru(2) c:set("k", 1) return c end },
}

-- ward.process receivers; "acts": making one starts a child (kept out of the cross sweep).
-- Every child is killed and waited for at the end.
local children = {}
local function track(child) children[#children + 1] = child return child end
local function printf_child() return track(process.cmd("printf", "a\nb\n"):stdin_null():spawn()) end
local ok_result
RECEIVERS.Cmd = { label = "Cmd", make = function() return process.cmd("true") end }
RECEIVERS.Path = { label = "Path", make = function() return fspath.new("a/b.txt") end }
RECEIVERS.Pipeline = { label = "Pipeline", make = function() return process.cmd("true"):pipe(process.cmd("true")) end }
RECEIVERS.ProcChild = { label = "ProcChild", acts = true, make = printf_child }
RECEIVERS.ProcStdin = { label = "ProcStdin", acts = true, make = function()
  return track(process.cmd("true"):spawn({ stdin = true, stdout = "null", stderr = "null" })):stdin()
end }
RECEIVERS.LineStream = { label = "LineStream", acts = true, make = function() return printf_child():stdout_lines() end }
RECEIVERS.ByteStream = { label = "ByteStream", acts = true, make = function() return printf_child():stdout_bytes() end }
RECEIVERS.CmdResult = { label = "CmdResult", make = function()
  ok_result = ok_result or process.cmd("true"):output()
  return ok_result
end }
RECEIVERS.Progress = { label = "Progress", make = function() return term.progress({ total = 3 }) end }
-- stdin is empty here: each wait writes the prompt (" ") and answers nil at once
RECEIVERS.InputAwaitable = { label = "InputAwaitable", make = function() return term.prompt("") end }
-- methods that start processes: in the expectations only
local STARTS = { run = true, output = true, spawn = true }

-- the time types name their own userdata in argument errors ("got Duration"); others are "userdata"
local function time_typename(v)
  if v ~= NONE and type(v) == "userdata" and tostring(v):match("^Duration%(") then return "Duration" end
  return typename(v)
end

local function TIMEPOINT(v, i, f)
  if v ~= NONE and type(v) == "userdata" and tostring(v):match("^%d%d%d%d%-") then return OK end
  return bad(i, f, "TimePoint expected, got " .. time_typename(v))
end
local function INSTANT(v, i, f)
  if v ~= NONE and type(v) == "userdata" and tostring(v) == "InstantPoint()" then return OK end
  return bad(i, f, "InstantPoint expected, got " .. time_typename(v))
end

-- [type][method] = spec; args after the receiver; receiver labels from RECEIVERS unless given
local METHODS = {
  Task = { wait = {}, cancel = {}, done = {}, detach = {} },
  Channel = { send = { kinds = { ANY } }, try_send = { kinds = { ANY } }, wait = {}, try_recv = {}, close = {} },
  Sleep = { wait = {} },
  After = { wait = {} },
  Timeout = { wait = {} },
  Interval = { wait = {}, reset = { label = "Interval" }, period = { label = "Interval" } },
  Duration = { seconds = {}, millis = {}, micros = {}, abs = {}, neg = {} },
  TimePoint = { timestamp = {}, millis = {}, micros = {}, rfc3339 = {}, iso_date = {}, iso_time = {}, parts = {},
    format = { kinds = { STRING }, valid = function() return pack("%Y") end },
    add = { kinds = { DURATION }, valid = function() return pack(1) end },
    sub = { kinds = { DURATION }, valid = function() return pack(1) end },
    diff = { kinds = { TIMEPOINT }, valid = function() return pack(time.now()) end } },
  InstantPoint = { elapsed = {},
    since = { kinds = { INSTANT }, valid = function() return pack(time.instant_now()) end } },
  LruCache = { get = { kinds = { LRU_KEY }, valid = with("k") },
    set = { kinds = { LRU_KEY, ANY, TTL }, valid = with("k", 1) },
    delete = { kinds = { LRU_KEY }, valid = with("k") },
    size = {}, capacity = {}, evictions = {} },
  Cmd = { cwd = { kinds = { OPT_STRING }, valid = with("/") },
    env = { kinds = { STRING, STRING_OR_RESET }, valid = with("WARD_X", "1") },
    envs = { kinds = { TABLE }, valid = with({ WARD_X = "1" }) },
    timeout = { kinds = { TIMEOUT }, valid = with(1) },
    stdin = { kinds = { STRING_OR_RESET }, valid = with("x") },
    stdin_file = { kinds = { STRING }, valid = with("/dev/null") },
    stdin_null = {},
    stderr_to_stdout = { kinds = { OPT_BOOLEAN }, valid = with(true) },
    kill_on_cancel = { kinds = { OPT_BOOLEAN }, valid = with(true) },
    pipe = { kinds = { PIPE_TARGET }, valid = function() return pack(process.cmd("true")) end },
    run = {}, output = {}, spawn = { kinds = { OPT_TABLE }, extra = bad(2, "spawn", "table expected, got number") } },
  Pipeline = { pipefail = { kinds = { OPT_BOOLEAN }, valid = with(true) },
    kill_on_cancel = { kinds = { OPT_BOOLEAN }, valid = with(true) },
    timeout = { kinds = { TIMEOUT }, valid = with(1) },
    pipe = { kinds = { PIPE_TARGET }, valid = function() return pack(process.cmd("true")) end },
    run = {}, output = {}, spawn = { kinds = { OPT_TABLE }, extra = bad(2, "spawn", "table expected, got number") } },
  ProcChild = { pid = {}, pids = {}, stdin = {}, stdout_lines = {}, stdout_bytes = {}, stderr_lines = {},
    stderr_bytes = {}, kill = {}, wait = {} },
  ProcStdin = { write = { kinds = { STRING }, valid = with("x") }, writeln = { kinds = { STRING }, valid = with("x") },
    flush = {}, close = {}, is_closed = {} },
  Path = { is_abs = {}, normalize = {}, parts = {}, split = {}, dirname = {}, basename = {}, extname = {}, stem = {},
    as_string = {}, join = { kinds = { PPATH }, valid = with("c") } },
  LineStream = { wait = {} },
  ByteStream = { wait = { kinds = { BYTE_COUNT } }, read = { kinds = { BYTE_COUNT } } },
  -- CmdResult is a table: any table passes the receiver check ({} is a result that is not ok)
  -- getters without an argument, setters with one
  Progress = { tick = { kinds = { function(v, i, f) if v == NONE or v == nil then return OK end return NUMBER(v, i, f) end } },
    value = { kinds = { function(v, i, f) if v == NONE then return OK end return NUMBER(v, i, f) end } },
    total = { kinds = { function(v, i, f) if v == NONE then return OK end return NUMBER(v, i, f) end } },
    message = { kinds = { function(v, i, f) if v == NONE then return OK end return STRING(v, i, f) end } },
    finish = { kinds = { OPT_STRING } } },
  InputAwaitable = { wait = {} },
  CmdResult = { is_ok = { receivers = { ["{}"] = OK } },
    assert_ok = { kinds = { ANY }, valid = with("msg"), receivers = { ["{}"] = "command failed: exit code nil" } } },
}

-- Metamethods: any operand must end in a result or a Lua error (checked by the cross sweep);
-- each one must be listed here so that a new one is seen.
local METAMETHODS = {
  Task = { "__call", "__tostring" }, Channel = { "__call", "__tostring" },
  Sleep = { "__call", "__tostring" }, After = { "__call", "__tostring" },
  Timeout = { "__call", "__tostring" }, Interval = { "__call", "__tostring" },
  Duration = { "__tostring", "__eq", "__lt", "__le", "__add", "__sub", "__mul", "__unm" },
  TimePoint = { "__tostring", "__eq", "__lt", "__le", "__add", "__sub" },
  InstantPoint = { "__tostring", "__eq", "__lt", "__le", "__sub" },
  LruCache = { "__tostring" },
  Cmd = { "__tostring" }, Pipeline = { "__tostring" }, ProcChild = { "__tostring" }, ProcStdin = { "__tostring" },
  LineStream = { "__call", "__tostring" }, ByteStream = { "__call", "__tostring" }, CmdResult = {},
  Path = { "__tostring", "__eq" },
  Progress = { "__tostring" },
  InputAwaitable = { "__call", "__tostring" },
}

---------------------------------------------------------------------------------------------
-- Part 1: the expectations
---------------------------------------------------------------------------------------------
local function run_positions(where_prefix, fname, spec, fn, receiver)
  local valid = spec.valid or function() return pack() end
  local kinds = spec.kinds or {}
  local cases = spec.cases or {}
  local skip = spec.skip or {}
  local shift = receiver and 1 or 0
  local function build(args)
    if not receiver then return args end
    local full = { receiver(), n = args.n + 1 }
    for k = 1, args.n do full[k + 1] = args[k] end
    return full
  end
  for i, kind in ipairs(kinds) do
    local pos = i + shift
    for _, sample in ipairs(VALUES) do
      local key = i .. ":" .. sample[1]
      if not skip[key] then
        local args = valid()
        args[i] = sample[2]
        args.n = math.max(args.n, i)
        local expected = cases[key] or kind(sample[2], pos, fname)
        expect(where_prefix .. "(#" .. pos .. " = " .. sample[1] .. ")", fname, expected, fn, build(args))
      end
    end
    -- missing from position i on
    local args = valid()
    for k = i, args.n do args[k] = nil end
    args.n = i - 1
    expect(where_prefix .. "(#" .. pos .. " missing)", fname, cases[i .. ":none"] or kind(NONE, pos, fname), fn,
      build(args))
  end
  -- the valid call, then with extra arguments
  expect(where_prefix .. "(valid)", fname, spec.result or OK, fn, build(valid()))
  local args = valid()
  for k = args.n + 1, args.n + 8 do args[k] = k end
  args.n = args.n + 8
  expect(where_prefix .. "(extra arguments)", fname, spec.extra or spec.result or OK, fn, build(args))
end

local modules = { async = async, time = time, process = process, coroutine = coroutine, utf8 = utf8,
  lifecycle = lifecycle, module = module,
  fs = fs_sweep, fspath = fspath,
  io = wio, env = env, platform = platform, resources = resources, crypto = crypto, log = log,
  shared = shared,
  json = convert.json, yaml = convert.yaml, toml = convert.toml, ini = convert.ini, minijinja = minijinja,
  number = helpers.number, hstring = helpers.string, htable = helpers.table, retry = helpers.retry, term = term }
for fname, f in pairs(fs) do -- the sweep calls wrappers: one for each function of the real table
  assert(type(f) ~= "function" or fs_sweep[fname], "fs." .. fname .. " has no wrapper")
end
local listed = 0
for mname, m in pairs(modules) do
  for fname, f in pairs(m) do
    if type(f) == "function" then
      local where = mname .. "." .. fname
      local spec = FUNCTIONS[where]
      assert(spec, where .. " has no expectation in bad_input.lua: add one")
      run_positions(where, fname, spec, f)
      listed = listed + 1
    end
  end
end
for where in pairs(FUNCTIONS) do
  local mname, fname = where:match("^(%w+)%.(.+)$")
  assert(type(modules[mname][fname]) == "function", where .. " is expected but does not exist")
end

for tname, r in pairs(RECEIVERS) do
  local methods, metamethods = methods_of(r.make())
  local specs = assert(METHODS[tname], tname)
  for mname, method in pairs(methods) do
    local spec = specs[mname]
    local where = tname .. ":" .. mname
    assert(spec, where .. " has no expectation in bad_input.lua: add one")
    run_positions(where, mname, spec, method, r.make)
    -- wrong receivers
    local label = spec.label or r.label
    for _, sample in ipairs(VALUES) do
      local right = type(sample[2]) == "userdata" and (label == "Channel" and tostring(sample[2]) == "Channel()"
        or label == "Duration" and tostring(sample[2]):match("^Duration%("))
      local override = spec.receivers and spec.receivers[sample[1]]
      if override then
        expect(where .. " on " .. sample[1], mname, override, method, pack(sample[2]))
      elseif not right then
        local got_type = (tname == "TimePoint" or tname == "InstantPoint") and time_typename(sample[2])
          or typename(sample[2])
        expect(where .. " on " .. sample[1], mname, bad(1, mname, label .. " expected, got " .. got_type),
          method, pack(sample[2]))
      end
    end
    expect(where .. " with no receiver", mname, bad(1, mname, label .. " expected, got no value"), method, pack())
    listed = listed + 1
  end
  for mname in pairs(specs) do
    assert(methods[mname], tname .. ":" .. mname .. " is expected but does not exist")
  end
  local known = {}
  for _, mm in ipairs(METAMETHODS[tname]) do
    known[mm] = true
    assert(metamethods[mm], tname .. " metamethod " .. mm .. " is expected but does not exist")
  end
  for mm in pairs(metamethods) do
    if not known[mm] then
      mismatches[#mismatches + 1] = tname .. " metamethod " .. mm .. " has no entry in bad_input.lua: add one"
    end
  end
end

-- Programs named by edge values cannot be started (or are refused by cmd)
run_positions("cmd(program):output", "cmd", { kinds = { function(v, i, f)
    local r = STRING(v, i, f)
    if r ~= OK then return r end
    return "cannot start '" .. tostring(v) .. "': No such file or directory"
  end }, valid = with("true") },
  function(...)
    local ok, c = pcall(process.cmd, ...)
    if not ok then error(c, 0) end -- cmd's own message, without this line's position
    return c:stdin_null():output()
  end)

-- Option fields: each sample as spawn's stdin/stdout/stderr and as shell_defaults' pipefail and
-- timeout. The wrapper re-raises the message without the position of the call in it.
local function plain(f)
  return function(...)
    local r = table.pack(pcall(f, ...))
    if not r[1] then error((tostring(r[2]):gsub("^bad_input%.lua:%d+: ", "")), 0) end
    return table.unpack(r, 2, r.n)
  end
end
for _, key in ipairs({ "stdin", "stdout", "stderr" }) do
  run_positions("spawn({" .. key .. " = v})", "spawn", { kinds = { function(v)
      if v == NONE or v == nil or type(v) == "boolean" then return OK end
      -- #1: called as a method (cmd:spawn{...}), whose self Lua does not count
      return bad(1, "spawn", key .. " must be true, false, 'pipe', 'inherit' or 'null'")
    end }, valid = with(false) },
    plain(function(v) return process.cmd("true"):spawn({ [key] = v }) end))
end
run_positions("shell_defaults({pipefail = v})", "shell_defaults", { kinds = { function(v)
    if v == NONE or v == nil or type(v) == "boolean" then return OK end
    return bad(1, "shell_defaults", "pipefail must be a boolean, got " .. type(v))
  end }, valid = with(false) },
  plain(function(v) return process.shell_defaults({ pipefail = v }) end))
run_positions("shell_defaults({timeout = v})", "shell_defaults", { kinds = { function(v)
    return TIMEOUT(v, 1, "shell_defaults")
  end }, valid = with(false) },
  plain(function(v) return process.shell_defaults({ timeout = v }) end))
process.shell_defaults({}) -- back to no pipefail, no timeout

if #mismatches > 0 then
  error(#mismatches .. " calls did not end as expected:\n" .. table.concat(mismatches, "\n"), 0)
end
local expectation_calls = calls

---------------------------------------------------------------------------------------------
-- Part 2: the cross sweep, every pair of sample values
---------------------------------------------------------------------------------------------
-- functions and methods that may wait on an argument (the empty sample channel, a timer)
local MAY_WAIT = { ["async.await"] = true, ["async.select"] = true, ["time.timeout"] = true,
  ["coroutine.wrap"] = false }

local function cross(where, fname, fn, prefix, may_wait)
  local function call(label, ...)
    local args = pack(...)
    if prefix then table.insert(args, 1, prefix()) args.n = args.n + 1 end
    local got = outcome(where .. label, fname, may_wait, fn, args)
    assert(got ~= WAIT or may_wait, where .. label .. ": hangs")
  end
  call("()")
  for _, a in ipairs(VALUES) do
    call("(" .. a[1] .. ")", a[2])
    for _, b in ipairs(VALUES) do
      call("(" .. a[1] .. ", " .. b[1] .. ")", a[2], b[2])
    end
  end
end

for mname, m in pairs(modules) do
  for fname, f in pairs(m) do
    -- sleep_blocking blocks the loop; module.git starts a git process per call; the printers
    -- (term's, io's writes) would only print every pair
    if type(f) == "function" and not (mname == "time" and fname == "sleep_blocking")
      and not (mname == "module" and fname == "git")
      and not (mname == "io" and fname:match("^write_"))
      and not (mname == "term" and (fname:match("print$") or fname:match("println$") or fname == "clear")) then
      cross(mname .. "." .. fname, fname, f, nil, MAY_WAIT[mname .. "." .. fname])
    end
  end
end
for tname, r in pairs(RECEIVERS) do
  local methods, metamethods = methods_of(r.make())
  for mname, method in pairs(methods) do
    if not r.acts and not STARTS[mname] then
      cross(tname .. ":" .. mname, mname, method, r.make, mname == "wait" or mname == "send")
    end
  end
  for mm, f in pairs(r.acts and {} or metamethods) do
    -- the receiver on either side: d + x and x + d
    cross(tname .. "." .. mm, mm, f, r.make, mm == "__call")
    for _, a in ipairs(VALUES) do
      local got = outcome(tname .. "." .. mm .. "(" .. a[1] .. ", receiver)", mm, mm == "__call", f, pack(a[2], r.make()))
      assert(got ~= WAIT or mm == "__call", tname .. "." .. mm .. "(" .. a[1] .. ", receiver): hangs")
    end
  end
end

-- the metamethods of the process types that start a child: each sample, then a real receiver
for tname, r in pairs(RECEIVERS) do
  if r.acts then
    local _, metamethods = methods_of(r.make())
    for mm, f in pairs(metamethods) do
      for _, a in ipairs(VALUES) do
        outcome(tname .. "." .. mm .. "(" .. a[1] .. ")", mm, false, f, pack(a[2]))
      end
      outcome(tname .. "." .. mm .. "(receiver)", mm, false, f, pack(r.make()))
    end
  end
end

for _, child in ipairs(children) do reap(child) end
assert(fs.rm(SANDBOX, { recursive = true }).ok, "the fs sandbox is removed")

assert(listed >= 60, "functions and methods covered: " .. listed)
print(string.format("bad_input: %d functions and methods, %d expectation calls, %d calls in all, %d raised Lua errors",
  listed, expectation_calls, calls, errors))
