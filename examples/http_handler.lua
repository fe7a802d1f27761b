-- A Lua request handler for ward-http (one Ward runtime per Netty event loop).
--   java -jar ward-http/target/ward-http.jar examples/http_handler.lua 8080
--   curl http://127.0.0.1:8080/hello
--   curl http://127.0.0.1:8080/lookup/alice
--   curl http://127.0.0.1:8080/upstream/alice   (calls --upstream=URL, by default this server)
-- handle(req, res) gets the request (req.method, req.path, req.query, req.headers, req.body...,
-- see the README's ward-http section) and returns status, headers, body, or streams with
-- res:write. It may await timers, channels and host async functions: only this request's task
-- waits, the loop keeps serving other connections.
local async = require("ward.async")
local time = require("ward.time")
local shared = require("ward.shared")
local http = require("ward.net.http")  -- an HTTP client on this runtime's own event loop
local app = require("app")   -- host module from Java: app.lookup(key) is asynchronous

local text = { ["content-type"] = "text/plain; charset=utf-8" }

-- init(worker) runs once in every runtime (one per event loop) before it serves
local worker
function init(n)
  worker = n
end

-- Routes showing streaming and shared state (kept apart from the basic routes below).
local function features(req, res)
  if req.path == "/hits" then
    -- ward.shared is one dictionary for every loop: this count is server-wide
    local n = shared.incr("hits", 1, 0)
    return 200, text, "hit " .. n .. " on worker " .. worker .. "\n"
  end
  local lines = tonumber(req.path:match("^/stream/(%d+)$"))
  if lines then
    -- a chunked response written as it is produced; each write waits while the client is slow
    res:start(200, text)
    for i = 1, lines do
      res:write("line " .. i .. "\n")
    end
    res:finish()
    return true
  end
  if req.path == "/upload" and req.method == "POST" then
    -- the body read piece by piece as it arrives (never held whole)
    local bytes = 0
    while true do
      local chunk = req:read()
      if not chunk then break end
      bytes = bytes + #chunk
    end
    return 200, text, bytes .. " bytes\n"
  end
end

function handle(req, res)
  local status, headers, body = features(req, res)
  if status then
    return status, headers, body
  end

  if req.path == "/hello" then
    return 200, text, "hello from Ward\n"
  end

  local key = req.path:match("^/lookup/([%w_-]+)$")
  if key then
    -- a helper task computes part of the answer and hands it over through a channel;
    -- keep its handle: a task whose handle is dropped may be aborted (structured tasks)
    local ch = async.channel(1)
    local helper = async.spawn(function()
      time.sleep("1ms"):wait()
      ch:send(key:upper())
    end)
    local value = app.lookup(key)          -- completed on another thread; this task waits
    local upper = ch:wait()
    helper:wait()
    return 200, text, value .. " " .. upper .. " on_loop=" .. tostring(app.on_loop()) .. "\n"
  end

  key = req.path:match("^/upstream/([%w_-]+)$")
  if key then
    -- calls another service: the request is a Netty channel on this loop (pooled, kept alive);
    -- only this task waits for the answer. The upstream is fixed by the operator
    -- (--upstream=URL), never taken from the request.
    local ok, resp = pcall(http.get, app.upstream() .. "/lookup/" .. key, { timeout = 5, allow_error = true })
    if not ok then
      return 502, text, "upstream failed\n"   -- the error itself (resp) stays out of the response
    end
    return resp.status, text, "upstream on_loop=" .. tostring(app.on_loop()) .. ": " .. resp.body
  end

  if req.path == "/echo" then
    return 200, text, req.method .. " " .. req.body
  end

  if req.path == "/error" then
    error("something broke")               -- logged with a request id; the client gets a plain 500
  end

  if req.path == "/slow" then
    time.sleep("60s"):wait()               -- past the handler timeout: answered with 504
  end

  return 404, text, "not found\n"
end
