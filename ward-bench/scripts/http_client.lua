-- HTTP requests per second from one Ward runtime: N tasks (default 100), each a loop of
-- http.get on a kept-alive connection, for D seconds (default 5). Usage:
--   ./ward ward-bench/scripts/http_client.lua http://127.0.0.1:8080/hello [tasks] [seconds]
-- NetBench runs it against its own local server beside Netty's own client.
local async = require("ward.async")
local time = require("ward.time")
local http = require("ward.net.http")

local url = assert(arg and arg[1], "usage: http_client.lua URL [tasks] [seconds]")
local tasks = tonumber(arg[2]) or 100
local seconds = tonumber(arg[3]) or 5

local function run(duration)
  local done = 0
  local stop = false
  local ts = {}
  local t0 = time.instant_now()
  for i = 1, tasks do
    ts[i] = async.spawn(function()
      while not stop do
        local r = http.get(url)
        if r.status ~= 200 then error("status " .. r.status) end
        done = done + 1
      end
    end)
  end
  time.sleep(duration):wait()
  stop = true
  for i = 1, tasks do ts[i]:wait() end
  local elapsed = t0:elapsed():seconds()
  return done / elapsed
end

run(1) -- warm-up
local rate = run(seconds)
print(string.format("ward.net.http: %d tasks, %.0f requests/s", tasks, rate))
return rate
