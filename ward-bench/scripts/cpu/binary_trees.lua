-- binary_trees: allocation and garbage collection. Builds complete binary trees (each node a
-- two-slot table {left, right}), walks them to count their nodes, and drops them: many
-- short-lived trees of small depth, fewer of larger depth, beside one long-lived tree.
--
--   lua5.4 binary_trees.lua [depth]     ward binary_trees.lua [depth]     (default 14)
-- Loaded by a harness (no global `arg`), the chunk only returns its module table: the
-- harness calls M.bench_main(depth) as often as it likes (ward-bench's LuaScriptBench).
local M = { name = "binary_trees", sizes = { default = 14, warm = 12, tiny = 6 } }

-- A complete tree of the given depth; a leaf is an empty table.
local function build(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return { build(depth), build(depth) }
end

local function count(node)
  local left = node[1]
  if left == nil then return 1 end
  return 1 + count(left) + count(node[2])
end

-- Nodes of a complete tree of depth d: 2^(d+1) - 1, computed without floats or `//`.
local function nodes_of(depth)
  local n = 1
  for _ = 0, depth do n = n * 2 end
  return n - 1
end

local function expect(what, got, want)
  if got ~= want then error(string.format("%s: counted %s nodes, expected %s", what, tostring(got), tostring(want)), 0) end
end

function M.bench_main(max_depth)
  local min_depth = 4
  if max_depth < min_depth + 2 then max_depth = min_depth + 2 end
  local total = 0

  local stretch = max_depth + 1
  local c = count(build(stretch))
  expect("stretch tree", c, nodes_of(stretch))
  total = total + c

  local long_lived = build(max_depth)
  for depth = min_depth, max_depth, 2 do
    local iterations = nodes_of(max_depth - depth + min_depth) + 1 -- 2^(max - depth + min + 1)
    local sum = 0
    for _ = 1, iterations do sum = sum + count(build(depth)) end
    expect("depth " .. depth, sum, iterations * nodes_of(depth))
    total = total + sum
  end

  c = count(long_lived)
  expect("long-lived tree", c, nodes_of(max_depth))
  total = total + c
  return string.format("binary_trees(%d): %d nodes checked", max_depth, total)
end

-- Run as a program: the chunk's arguments are then the command line's (the same as `arg`).
local first = ...
if type(arg) == "table" and first == arg[1] then
  local n = arg[1] and (tonumber(arg[1]) or error("size must be a number, got " .. arg[1], 0)) or M.sizes.default
  print(M.bench_main(n))
end
return M
