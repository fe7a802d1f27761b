-- fannkuch: small-integer array work. For every permutation of 1..n, repeatedly reverses the
-- first k elements, k being the first element, until 1 comes first ("pancake flips"); reports
-- the most flips any permutation needs and a checksum (flip counts added for permutations of
-- even index, subtracted for odd ones, in the order below).
--
--   lua5.4 fannkuch.lua [n]     ward fannkuch.lua [n]     (default 10)
-- Loaded by a harness (no global `arg`), the chunk only returns its module table: the
-- harness calls M.bench_main(n) as often as it likes (ward-bench's LuaScriptBench).
local M = { name = "fannkuch", sizes = { default = 10, warm = 9, tiny = 6 } }

-- Flips needed to bring 1 to the front of perm (left unchanged; work is scratch).
local function flips(perm, work, n)
  local first = perm[1]
  if first == 1 then return 0 end
  for i = 2, n do work[i] = perm[i] end
  local count = 0
  repeat
    -- reverse work[1..first]; work[1] is held in `first`
    local lo, hi = 2, first - 1
    while lo < hi do
      work[lo], work[hi] = work[hi], work[lo]
      lo, hi = lo + 1, hi - 1
    end
    local next_first = work[first]
    work[first] = first
    first = next_first
    count = count + 1
  until first == 1
  return count
end

-- Permutations in "rotation order": after each one, rotate the first r elements left by one
-- for the smallest r whose counter has not run out, resetting the counters below it.
local function run(n)
  local perm, work, counter = {}, {}, {}
  for i = 1, n do perm[i], counter[i] = i, i end
  local max_flips, checksum, index = 0, 0, 0
  while true do
    local f = flips(perm, work, n)
    if f > max_flips then max_flips = f end
    if index % 2 == 0 then checksum = checksum + f else checksum = checksum - f end
    index = index + 1
    local r = 2
    while true do
      if r > n then return checksum, max_flips end
      local head = perm[1]
      for i = 1, r - 1 do perm[i] = perm[i + 1] end
      perm[r] = head
      counter[r] = counter[r] - 1
      if counter[r] > 0 then break end
      counter[r] = r
      r = r + 1
    end
  end
end

-- {checksum, max flips}, computed by lua5.2 for n = 3..10.
local KNOWN = {
  [3] = { 2, 2 }, [4] = { 4, 4 }, [5] = { 11, 7 }, [6] = { 49, 10 }, [7] = { 228, 16 },
  [8] = { 1616, 22 }, [9] = { 8629, 30 }, [10] = { 73196, 38 },
}

function M.bench_main(n)
  if n < 3 then error("fannkuch needs n >= 3, got " .. n, 0) end
  local checksum, max_flips = run(n)
  local want = KNOWN[n]
  if want and (checksum ~= want[1] or max_flips ~= want[2]) then
    error(string.format("fannkuch(%d): checksum %d, max flips %d; expected %d, %d", n, checksum, max_flips, want[1], want[2]), 0)
  end
  return string.format("fannkuch(%d): checksum %d, max flips %d%s", n, checksum, max_flips,
    want and "" or " (no known answer for this size: unchecked)")
end

-- Run as a program: the chunk's arguments are then the command line's (the same as `arg`).
local first = ...
if type(arg) == "table" and first == arg[1] then
  local n = arg[1] and (tonumber(arg[1]) or error("size must be a number, got " .. arg[1], 0)) or M.sizes.default
  print(M.bench_main(n))
end
return M
