-- string_build: building strings. Appends formatted fields to a line with `..` (new strings
-- each time), cuts full lines with `sub`, pads with `rep`, and joins every 64 lines into a
-- block with `table.concat`; a running hash of the blocks' lengths and sampled bytes is the
-- result. Measures string creation, interning and copying more than any arithmetic.
--
--   lua5.4 string_build.lua [fields]     ward string_build.lua [fields]     (default 3000000)
-- Loaded by a harness (no global `arg`), the chunk only returns its module table: the
-- harness calls M.bench_main(fields) as often as it likes (ward-bench's LuaScriptBench).
local M = { name = "string_build", sizes = { default = 3000000, warm = 500000, tiny = 2000 } }

local WORDS = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta" }
local MOD = 2147483647

-- Computed by lua5.2 for these sizes.
local KNOWN = {
  [2000] = "23843 bytes in 4 blocks, hash 251588824",
  [200000] = "2909398 bytes in 368 blocks, hash 270584937",
  [500000] = "7553542 bytes in 954 blocks, hash 1424518475",
  [1000000] = "15293774 bytes in 1930 blocks, hash 688089243",
  [3000000] = "46254718 bytes in 5836 blocks, hash 1983396213",
}

function M.bench_main(n)
  local hash, bytes, blocks = 0, 0, 0
  local lines, line = {}, ""

  local function flush_block()
    local block = table.concat(lines, "\n")
    bytes = bytes + #block
    blocks = blocks + 1
    local mid = math.floor(#block / 2) + 1
    hash = (hash * 31 + #block + block:byte(1) + block:byte(mid) + block:byte(-1)) % MOD
    lines = {}
  end

  for i = 1, n do
    line = line .. string.format("%s=%d", WORDS[i % 8 + 1], i) .. ","
    if #line >= 100 then
      -- drop the trailing comma, pad to a column, number the line
      local body = line:sub(1, -2)
      lines[#lines + 1] = body .. (" "):rep(120 - #body) .. "#" .. tostring(#lines + 1)
      line = ""
      if #lines == 64 then flush_block() end
    end
  end
  if line ~= "" then lines[#lines + 1] = line end
  if #lines > 0 then flush_block() end

  local want = KNOWN[n]
  local got = string.format("%d bytes in %d blocks, hash %d", bytes, blocks, hash)
  if want and got ~= want then error(string.format("string_build(%d): %s; expected %s", n, got, want), 0) end
  return string.format("string_build(%d): %s%s", n, got, want and "" or " (no known answer for this size: unchecked)")
end

-- Run as a program: the chunk's arguments are then the command line's (the same as `arg`).
local first = ...
if type(arg) == "table" and first == arg[1] then
  local n = arg[1] and (tonumber(arg[1]) or error("size must be a number, got " .. arg[1], 0)) or M.sizes.default
  print(M.bench_main(n))
end
return M
