-- Warm runs of one CPU benchmark script for `ward-bench/cpu.py warm` on a Lua outside the
-- JVM (lua5.4, luajit, lua5.2): loads the script as a module (no global `arg` while it loads),
-- calls bench_main(size) `warmup` times, prints "ready", then calls it `calls` times and
-- prints "done <result>" after each. The driver times the lines as they arrive (wall time).
--
--   lua5.4 ward-bench/cpu_warm.lua ward-bench/scripts/cpu/fib.lua 32 5 2
local path, size = arg[1], tonumber(arg[2])
local calls, warmup = tonumber(arg[3] or "5"), tonumber(arg[4] or "2")
if not path or not size or not calls or not warmup then
  error("usage: cpu_warm.lua SCRIPT SIZE [CALLS] [WARMUP]", 0)
end

local command_line = arg
arg = nil
local M = dofile(path)
arg = command_line
if type(M) ~= "table" or type(M.bench_main) ~= "function" then
  error(path .. " did not return its module table (with bench_main)", 0)
end

for _ = 1, warmup do M.bench_main(size) end
io.write("ready\n")
io.stdout:flush()
for _ = 1, calls do
  local r = M.bench_main(size)
  io.write("done ", r, "\n")
  io.stdout:flush()
end
