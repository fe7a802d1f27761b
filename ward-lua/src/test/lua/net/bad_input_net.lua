-- The bad-argument sweep (docs/RELIABILITY.md) for ward.net.http, ward.net.fetch and
-- ward.ipc.unix, run by NetScriptsTest beside real servers (HTTP_BASE, a Unix listener here).
-- Part 1: each argument position of each function and method with every sample value, the
-- argument missing, and extra arguments: one expected outcome each (works, or the exact
-- error). Part 2: every function and method with every pair of sample values: a Lua error or
-- a result, never a Java name, never a hang, and "bad argument #n to 'f'" names f.
-- What would make files from arbitrary names (listen paths, git targets, fetch into) keeps to
-- TMPDIR; fetch.git runs git only in Part 1.
local async = require("ward.async")
local time = require("ward.time")
local http = require("ward.net.http")
local fetch = require("ward.net.fetch")
local unix = require("ward.ipc.unix")

local OK = "ok"
local NONE = setmetatable({}, { __tostring = function() return "no value" end })
local VALUES = {
  { "nil", nil }, { "true", true }, { "false", false }, { "0", 0 }, { "-0.0", -0.0 },
  { "1.5", 1.5 }, { "NaN", 0 / 0 }, { "inf", 1 / 0 }, { "-inf", -1 / 0 }, { "2^53", 2 ^ 53 },
  { "2^63", 2 ^ 63 }, { "''", "" }, { "'10'", "10" }, { "{}", {} },
  { "function", function() end }, { "Channel", async.channel(1) }, { "Duration", time.duration(1) },
}
local calls, mismatches = 0, {}

local function typename(v) return v == NONE and "no value" or type(v) end
local function bad(i, f, msg) return string.format("bad argument #%d to '%s' (%s)", i, f, msg) end
local function pack(...) return table.pack(...) end

local function check_message(where, fname, msg)
  if type(msg) ~= "string" then return end
  for _, leak in ipairs({ "java%.", "Exception", "org%.luaj", "io%.ward", "NullPointer", "Error:" }) do
    assert(not msg:find(leak), where .. ": Java leaked into the message: " .. msg)
  end
  local named = msg:match("^bad argument #%d+ to '([^']*)'")
  assert(named == nil or named == fname, where .. ": names '" .. tostring(named) .. "', not '" .. fname .. "'")
end

-- runs fn(args) in its own task with a deadline: OK, or the error message (a hang fails)
local function outcome(where, fname, fn, args)
  local t = async.spawn(function()
    local r = pack(pcall(fn, table.unpack(args, 1, args.n)))
    for k = 2, r.n do
      local v = r[k]
      if type(v) == "userdata" and (tostring(v) == "UnixListener()" or tostring(v) == "UnixStream()") then v:close() end
    end
    return r[1], r[2]
  end)
  local ok, okcall, err = pcall(function() return time.timeout(t, "30s"):wait() end)
  calls = calls + 1
  assert(ok, where .. ": hangs or fails: " .. tostring(okcall))
  if okcall then return OK end
  check_message(where, fname, err)
  return type(err) == "string" and err or "<" .. type(err) .. " error>"
end

local function expect(where, fname, expected, fn, args)
  local got = outcome(where, fname, fn, args)
  local match = got == expected or (type(expected) == "string" and expected:sub(1, 1) == "~"
    and got:find(expected:sub(2), 1, true) ~= nil)
  if not match then
    mismatches[#mismatches + 1] = where .. "\n    expected: " .. expected .. "\n    got:      " .. got
  end
end

-- argument kinds: kind(v, i, f) -> expected outcome; "~text" means "contains text"
local function ANY() return OK end
local function STRING_URL(v, i, f)
  if v == NONE or (type(v) ~= "string" and type(v) ~= "number") then
    return bad(i, f, "string expected, got " .. typename(v))
  end
  return "~builder error for url (" -- every sample string or number is not an absolute http(s) URL
end
local function PATH(prefix)
  return function(v, i, f)
    if v == NONE or (type(v) ~= "string" and type(v) ~= "number") then
      return bad(i, f, "string expected, got " .. typename(v))
    end
    return prefix
  end
end
local function CONNECT_OPTS(v)
  if v == NONE or v == nil then return OK end
  if type(v) == "table" then return "connect options are not supported yet" end
  return "error converting Lua " .. type(v) .. " to table"
end
local function LISTEN_OPTS(v)
  if v == NONE or v == nil or type(v) == "table" then return OK end
  return "error converting Lua " .. type(v) .. " to table"
end
local function receiver_error(label)
  return function(v, i, f) return bad(1, f, label .. " expected, got " .. typename(v)) end
end
-- HttpBodyStream:read(n): nil or a whole number >= 1 (numeric strings too)
local function BODY_N(v, i, f)
  if v == NONE or v == nil then return OK end
  local n = tonumber(v)
  if type(v) ~= "number" and not (type(v) == "string" and n) then return bad(i, f, "number expected, got " .. type(v)) end
  if not (n >= 1) or n ~= math.floor(n) then return bad(i, f, "n must be a positive integer") end
  return OK
end
-- UnixStream:read(n) and friends: the spec's wordings
local function UNIX_N(name, required)
  return function(v)
    if (v == NONE or v == nil) and not required then return OK end
    local n = tonumber(v)
    if v == NONE or v == nil or not (type(v) == "number" or (type(v) == "string" and n)) then
      return "error converting Lua " .. ((v == NONE or v == nil) and "nil" or type(v)) .. " to integer"
    end
    if not (n > 0) or n < 1 then return name .. "(n): n must be > 0" end
    if n > 64 * 1024 * 1024 then return name .. "(n): n too large" end
    return OK
  end
end
local function BYTES(name)
  return function(v) return type(v) == "string" and OK or name .. "(bytes): expected bytes string" end
end

local sock = TMPDIR .. "/sweep.sock"
local listener = unix.listen(sock)
-- a connected stream whose peer already sent 64 bytes and closed; the peer side is accepted
-- here, so no server task runs in the background
local pair_sock = TMPDIR .. "/pairs.sock"
local pairs_listener = unix.listen(pair_sock) -- only new_stream connects here
local function new_stream()
  local c = unix.connect(pair_sock)
  local s = pairs_listener:accept()
  s:write_all(string.rep("x", 64))
  s:close()
  return c
end
-- unix.connect's valid calls: the listener's backlog takes them; drained at the end

local made = 0
local hello = HTTP_BASE .. "/hello"
local function with(...) local a = pack(...) return function() return pack(table.unpack(a, 1, a.n)) end end

local FUNCTIONS = {
  ["http.get"] = { kinds = { STRING_URL, ANY }, valid = with(hello) },
  ["http.post"] = { kinds = { STRING_URL, ANY }, valid = with(hello) },
  ["http.put"] = { kinds = { STRING_URL, ANY }, valid = with(hello) },
  ["http.delete"] = { kinds = { STRING_URL, ANY }, valid = with(hello) },
  ["http.options"] = { kinds = { STRING_URL, ANY }, valid = with(hello) },
  ["fetch.url"] = { kinds = { STRING_URL, ANY }, valid = with(hello) },
  -- a clone of a repository that is not there: ok = false, no error
  ["fetch.git"] = { kinds = { function(v, i, f)
      local r = PATH(OK)(v, i, f)
      if r == OK and tostring(v):sub(1, 1) == "-" then return "git url must not start with '-'" end
      return r
    end, ANY }, valid = with(TMPDIR .. "/no-such-repo", { into = TMPDIR .. "/sweep-clone" }),
    cases = { ["2:{}"] = OK } },
  ["unix.connect"] = { kinds = { PATH("~connect failed: "), CONNECT_OPTS }, valid = with(sock),
    extra = "error converting Lua number to table" }, -- the first extra is the opts position
  -- listen paths stay in TMPDIR: only the non-string samples at position 1
  ["unix.listen"] = { kinds = { PATH(OK), LISTEN_OPTS }, valid = function() made = made + 1 return pack(TMPDIR .. "/l" .. made .. ".sock") end,
    skip_strings = true, extra = "error converting Lua number to table" },
}
local modules = { http = http, fetch = fetch, unix = unix }

local function new_response() return http.get(hello) end
local function new_streamed() return http.get(HTTP_BASE .. "/big?n=200000", { stream = true }).stream end
local function new_fetched() return fetch.url(hello, { into = TMPDIR .. "/fetched" }) end
local function new_listener() made = made + 1 return unix.listen(TMPDIR .. "/m" .. made .. ".sock") end

local RECEIVERS = {
  HttpResponse = { make = new_response, methods = {
    is_ok = {}, get_status = {}, get_headers = {}, get_body = {}, close = {} } },
  HttpBodyStream = { make = new_streamed, methods = {
    read = { kinds = { BODY_N } }, wait = { kinds = { BODY_N } }, close = {} } },
  FetchResponse = { make = new_fetched, methods = { is_ok = {}, get_status = {}, get_path = {}, get_size = {} } },
  UnixStream = { make = new_stream, methods = {
    read = { kinds = { UNIX_N("read") } }, wait = { kinds = { UNIX_N("wait") } },
    read_exact = { kinds = { UNIX_N("read_exact", true) }, valid = with(1) },
    write = { kinds = { BYTES("write") }, valid = with("a") }, write_all = { kinds = { BYTES("write_all") }, valid = with("a") },
    shutdown = {}, close = {} } },
  UnixListener = { make = new_listener, methods = { close = {} } }, -- accept waits for a client: Part 2 only with a deadline
}

local function run_positions(where_prefix, fname, spec, fn, receiver)
  local valid = spec.valid or function() return pack() end
  local cases = spec.cases or {}
  local shift = receiver and 1 or 0
  local function build(args)
    if not receiver then return args end
    local full = { receiver(), n = args.n + 1 }
    for k = 1, args.n do full[k + 1] = args[k] end
    return full
  end
  for i, kind in ipairs(spec.kinds or {}) do
    for _, sample in ipairs(VALUES) do
      local key = i .. ":" .. sample[1]
      local v = sample[2]
      if not (spec.skip_strings and i == 1 and (type(v) == "string" or type(v) == "number")) then
        local args = valid()
        args[i] = v
        args.n = math.max(args.n, i)
        expect(where_prefix .. "(#" .. (i + shift) .. " = " .. sample[1] .. ")", fname,
          cases[key] or kind(v, i + shift, fname), fn, build(args))
      end
    end
    local args = valid()
    for k = i, args.n do args[k] = nil end
    args.n = i - 1
    expect(where_prefix .. "(#" .. (i + shift) .. " missing)", fname, cases[i .. ":none"] or kind(NONE, i + shift, fname),
      fn, build(args))
  end
  expect(where_prefix .. "(valid)", fname, OK, fn, build(valid()))
  local args = valid()
  for k = args.n + 1, args.n + 8 do args[k] = k end
  args.n = args.n + 8
  expect(where_prefix .. "(extra arguments)", fname, spec.extra or OK, fn, build(args))
end

local listed = 0
for mname, m in pairs(modules) do
  for fname, f in pairs(m) do
    local where = mname .. "." .. fname
    local spec = assert(FUNCTIONS[where], where .. " has no expectation in bad_input_net.lua: add one")
    run_positions(where, fname, spec, f)
    listed = listed + 1
  end
end
for tname, r in pairs(RECEIVERS) do
  local sample = r.make()
  for mname, spec in pairs(r.methods) do
    local method = assert(sample[mname], tname .. ":" .. mname .. " does not exist")
    local where = tname .. ":" .. mname
    run_positions(where, mname, spec, method, r.make)
    for _, v in ipairs(VALUES) do
      expect(where .. " on " .. v[1], mname, receiver_error(tname)(v[2], 1, mname), method, pack(v[2]))
    end
    expect(where .. " with no receiver", mname, receiver_error(tname)(NONE, 1, mname), method, pack())
    listed = listed + 1
  end
  if type(sample) == "userdata" and sample.close and tname ~= "HttpResponse" then sample:close() end
end
if #mismatches > 0 then
  error(#mismatches .. " calls did not end as expected:\n" .. table.concat(mismatches, "\n"), 0)
end
local expectation_calls = calls

-- Part 2: every pair of values (no git, no listen on arbitrary names)
local function cross(where, fname, fn, prefix)
  local function call(label, ...)
    local args = pack(...)
    if prefix then table.insert(args, 1, prefix()) args.n = args.n + 1 end
    outcome(where .. label, fname, fn, args)
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
    if fname ~= "git" and fname ~= "listen" then cross(mname .. "." .. fname, fname, f) end
  end
end
for tname, r in pairs(RECEIVERS) do
  local sample = r.make()
  for mname in pairs(r.methods) do
    cross(tname .. ":" .. mname, mname, sample[mname], r.make)
  end
end
-- accept with a deadline: a pending accept on a fresh listener, then closed
local l = new_listener()
local t = async.spawn(function() return l:accept() end)
time.sleep("10ms"):wait()
l:close()
local s, err = t:wait()
assert(s == nil and err == "closed", "accept woken by close")
listener:close()
pairs_listener:close()

assert(listed >= 25, "functions and methods covered: " .. listed)
print(string.format("bad_input_net: %d functions and methods, %d expectation calls, %d calls in all",
  listed, expectation_calls, calls))
