-- table_heavy: Lua tables as arrays, maps and records. Each round fills an array by appends
-- and middle inserts, sums it with ipairs, empties it with removes from both ends; fills a
-- map with string keys, deletes a third, sums it with pairs; fills a sparse integer-keyed
-- table (hash part) and a list of small records. Measures table get/set, growth and rehash,
-- the table library and the iterators.
--
--   lua5.4 table_heavy.lua [rounds]     ward table_heavy.lua [rounds]     (default 6000)
-- Loaded by a harness (no global `arg`), the chunk only returns its module table: the
-- harness calls M.bench_main(rounds) as often as it likes (ward-bench's LuaScriptBench).
local M = { name = "table_heavy", sizes = { default = 6000, warm = 1000, tiny = 20 } }

local insert, remove = table.insert, table.remove
local MOD = 2147483647

local KEYS = {}
for i = 1, 256 do KEYS[i] = "key" .. i end

local function array_work(round)
  local arr = {}
  for i = 1, 300 do arr[#arr + 1] = (i * round) % 97 end
  for i = 1, 40 do insert(arr, i * 5, i) end -- shifts the tail up
  local s = 0
  for i, v in ipairs(arr) do s = s + v * (i % 7) end
  while #arr > 20 do s = s + remove(arr) end -- from the end
  while #arr > 0 do s = s + remove(arr, 1) end -- from the front: shifts down
  return s
end

local function map_work(round)
  local map = {}
  for i = 1, #KEYS do map[KEYS[i]] = i + round end
  for i = 1, #KEYS, 3 do map[KEYS[i]] = nil end
  local s, count = 0, 0
  for _, v in pairs(map) do s, count = s + v, count + 1 end
  for i = 2, #KEYS, 3 do s = s + (map[KEYS[i]] or 0) end
  return s + count
end

local function sparse_work(round)
  local sparse = {}
  for i = 1, 200 do sparse[i * 1009 + round] = i end
  local s = 0
  for k, v in pairs(sparse) do s = s + v + k % 13 end
  for i = 1, 200, 2 do sparse[i * 1009 + round] = nil end
  for i = 1, 200 do s = s + (sparse[i * 1009 + round] or 1) end
  return s
end

local function record_work(round)
  local points = {}
  for i = 1, 100 do points[i] = { x = i, y = round % 50 + i, tag = KEYS[i] } end
  local s = 0
  for _, p in ipairs(points) do
    p.x, p.y = p.y, p.x + 1
    s = s + p.x * 3 + p.y + #p.tag
  end
  return s
end

-- Computed by lua5.2 for these sizes.
local KNOWN = { [20] = 668075885, [1000] = 1966067560, [6000] = 1807280467 }

function M.bench_main(rounds)
  local sum = 0
  for round = 1, rounds do
    sum = (sum * 7 + array_work(round) + map_work(round) + sparse_work(round) + record_work(round)) % MOD
  end
  local want = KNOWN[rounds]
  if want and sum ~= want then error(string.format("table_heavy(%d): checksum %d, expected %d", rounds, sum, want), 0) end
  return string.format("table_heavy(%d): checksum %d%s", rounds, sum, want and "" or " (no known answer for this size: unchecked)")
end

-- Run as a program: the chunk's arguments are then the command line's (the same as `arg`).
local first = ...
if type(arg) == "table" and first == arg[1] then
  local n = arg[1] and (tonumber(arg[1]) or error("size must be a number, got " .. arg[1], 0)) or M.sizes.default
  print(M.bench_main(n))
end
return M
