-- A Lua request handler for ward-http (one Ward runtime per Netty event loop).
--   java -jar ward-http/target/ward-http.jar examples/http_handler.lua 8080
--   curl http://127.0.0.1:8080/hello
--   curl http://127.0.0.1:8080/lookup/alice
-- handle(req) gets req.method, req.path, req.query, req.headers, req.body and returns
-- status, headers, body. It may await timers, channels and host async functions: only this
-- request's task waits, the loop keeps serving other connections.
local async = require("ward.async")
local time = require("ward.time")
local app = require("app")   -- host module from Java: app.lookup(key) is asynchronous

local text = { ["content-type"] = "text/plain; charset=utf-8" }

function handle(req)
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

  if req.path == "/echo" then
    return 200, text, req.method .. " " .. req.body
  end

  if req.path == "/error" then
    error("something broke")               -- answered with 500
  end

  if req.path == "/slow" then
    time.sleep("60s"):wait()               -- past the handler timeout: answered with 504
  end

  return 404, text, "not found\n"
end
