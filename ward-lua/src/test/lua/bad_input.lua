-- Every public function of ward.async, ward.time, coroutine and utf8, and every method of
-- their userdata, called with wrong types and edge values: each call either works or
-- raises a Lua error whose message is Lua-like (never a Java class name), and none hangs.
local async = require("ward.async")
local time = require("ward.time")

local values = {
  { "nil", nil }, { "true", true }, { "false", false }, { "0", 0 }, { "-0.0", -0.0 },
  { "1.5", 1.5 }, { "NaN", 0 / 0 }, { "inf", 1 / 0 }, { "-inf", -1 / 0 }, { "2^53", 2 ^ 53 },
  { "2^63", 2 ^ 63 }, { "empty string", "" }, { "'10'", "10" }, { "table", {} },
  { "function", function() end }, { "foreign userdata", time.now() },
}

local checked, errors = 0, 0
local function check_message(where, msg)
  assert(type(msg) == "string" or type(msg) == "table" or type(msg) == "nil" or type(msg) == "userdata",
    where .. ": error value of type " .. type(msg))
  if type(msg) == "string" then
    for _, bad in ipairs({ "java%.", "Exception", "org%.luaj", "io%.ward", "%$", "NullPointer" }) do
      assert(not msg:find(bad), where .. ": Java leaked into the message: " .. msg)
    end
  end
end

-- Runs fn(args) in its own task with a deadline, so a call that legitimately waits cannot hang us.
local function try(where, fn, ...)
  local args = table.pack(...)
  local t = async.spawn(function() return pcall(fn, table.unpack(args, 1, args.n)) end)
  local ok, okcall, err = pcall(function() return time.timeout(t, "20ms"):wait() end)
  checked = checked + 1
  if not ok then
    assert(tostring(okcall):find("timeout"), where .. ": " .. tostring(okcall))
    t:cancel()
    return
  end
  if okcall == false then
    errors = errors + 1
    check_message(where, err)
  end
end

local function sample_userdata()
  local ch = async.channel(1)
  local task = async.spawn(function() return 1 end)
  return {
    Task = task, Channel = ch, Sleep = time.sleep("1ms"), After = time.after("1ms"),
    Interval = time.interval("1s"), Timeout = time.timeout(async.channel(1), "1ms"),
    Duration = time.duration("1s"), TimePoint = time.now(), InstantPoint = time.instant_now(),
  }
end

local modules = { async = async, time = time, coroutine = coroutine, utf8 = utf8 }
for mname, m in pairs(modules) do
  for fname, f in pairs(m) do
    if type(f) == "function" and not (mname == "time" and fname == "sleep_blocking") then
      local where = mname .. "." .. fname
      try(where .. "()", f)
      for _, a in ipairs(values) do
        try(where .. "(" .. a[1] .. ")", f, a[2])
        for _, b in ipairs(values) do
          try(where .. "(" .. a[1] .. ", " .. b[1] .. ")", f, a[2], b[2])
        end
      end
      try(where .. "(extra args)", f, 1, 2, 3, 4, 5, 6, 7, 8)
    end
  end
end

-- methods, called on the right receiver with bad arguments and on wrong receivers
for tname, ud in pairs(sample_userdata()) do
  local mt = getmetatable(ud)
  local index = type(mt) == "table" and mt.__index or nil
  if type(index) == "table" then
    for mname, method in pairs(index) do
      if type(method) == "function" then
        local where = tname .. ":" .. mname
        for _, a in ipairs(values) do
          try(where .. "(" .. a[1] .. ")", method, ud, a[2])
          try(where .. " on " .. a[1], method, a[2])
        end
      end
    end
  end
end

-- sleep_blocking only with values that return at once or fail
for _, a in ipairs(values) do
  if not (type(a[2]) == "number" and a[2] > 0) then try("time.sleep_blocking(" .. a[1] .. ")", time.sleep_blocking, a[2]) end
end

assert(checked > 2000, "checked " .. checked)
assert(errors > 500, "errors " .. errors)
print(string.format("bad_input: %d calls, %d raised Lua errors", checked, errors))
