-- fib: naive doubly recursive Fibonacci. Measures Lua function calls and returns, a
-- comparison and small-number arithmetic; no tables, no allocation.
--
--   lua5.4 fib.lua [n]     ward fib.lua [n]     (n: default 36)
-- Loaded by a harness (no global `arg`), the chunk only returns its module table: the
-- harness calls M.bench_main(n) as often as it likes (ward-bench's LuaScriptBench).
local M = { name = "fib", sizes = { default = 36, warm = 32, tiny = 15 } }

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

-- The same number by a loop: an independent answer for every n.
local function fib_loop(n)
  local a, b = 0, 1
  for _ = 1, n do a, b = b, a + b end
  return a
end

function M.bench_main(n)
  local r = fib(n)
  local want = fib_loop(n)
  if r ~= want then error(string.format("fib(%d) = %s, expected %s", n, tostring(r), tostring(want)), 0) end
  return string.format("fib(%d) = %d", n, r)
end

-- Run as a program: the chunk's arguments are then the command line's (the same as `arg`).
local first = ...
if type(arg) == "table" and first == arg[1] then
  local n = arg[1] and (tonumber(arg[1]) or error("size must be a number, got " .. arg[1], 0)) or M.sizes.default
  print(M.bench_main(n))
end
return M
