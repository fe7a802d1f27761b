-- Lua coroutine resume/yield round trips per second (one coroutine, reused).
-- Same scenario as LuaCoroutineBench. Pure Lua: runs on Ward or any Lua 5.2+.
--   java -jar ward-cli/target/ward.jar ward-bench/scripts/coroutine.lua [round_trips]

local now, since
do
  local ok, time = pcall(require, "ward.time")
  if ok then
    now, since = time.instant_now, function(t0) return t0:elapsed():seconds() end
  else -- another Lua: os.clock is CPU time, close to wall time for this single-threaded loop
    now, since = os.clock, function(t0) return os.clock() - t0 end
  end
end

local n = tonumber(arg and arg[1]) or 1000000
local co = coroutine.create(function() while true do coroutine.yield() end end)
local resume = coroutine.resume
local function run(count)
  for _ = 1, count do
    if not resume(co) then error("resume failed") end
  end
end

run(math.floor(n / 10)) -- warm-up
local t0 = now()
run(n)
local s = since(t0)
print(string.format("coroutine resume/yield: %d round trips in %.3f s = %.0f round trips/s", n, s, n / s))
