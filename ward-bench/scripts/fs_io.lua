-- ward.fs throughput: reading 10,000 files of 4 KB from 100 tasks against the same reads one
-- after another in one task and against `cat` of the same files; fs.write and fs.read of one
-- 200 MB file against `cp` of it. Every read runs on the blocking pool (--threads, default 8)
-- and suspends only its task. Files go to a fresh fs.tempdir (TMPDIR), removed at the end.
--   java -jar ward-cli/target/ward.jar ward-bench/scripts/fs_io.lua [files] [big MB] [rounds]

local async = require("ward.async")
local fs = require("ward.fs")
local process = require("ward.process")
local time = require("ward.time")

local nfiles = tonumber(arg and arg[1]) or 10000
local big_mb = tonumber(arg and arg[2]) or 200
local rounds = tonumber(arg and arg[3]) or 3
local ntasks = 100

local dir = fs.tempdir("ward-bench-fs")
local small = string.rep("0123456789abcdef", 256) -- 4 KB
local names = {}
for i = 1, nfiles do
  names[i] = dir .. "/f" .. i
  assert(fs.write(names[i], small).ok)
end

local function sh(script)
  local r = process.cmd("sh", "-c", script):output()
  assert(r.ok, script .. ": " .. tostring(r.stderr))
end

local function seconds(f)
  local t0 = time.instant_now()
  f()
  return t0:elapsed():seconds()
end

local function concurrent()
  local tasks = {}
  for t = 1, ntasks do
    tasks[t] = async.spawn(function()
      for i = t, nfiles, ntasks do
        assert(#fs.read(names[i]) == 4096)
      end
    end)
  end
  for t = 1, ntasks do tasks[t]:wait() end
end

local function sequential()
  for i = 1, nfiles do
    assert(#fs.read(names[i]) == 4096)
  end
end

local function cat()
  sh("cd '" .. dir .. "' && cat f* > /dev/null")
end

-- best of `rounds` (the first round warms the JIT and the page cache)
local function best(f)
  local b = math.huge
  for _ = 1, rounds do b = math.min(b, seconds(f)) end
  return b
end

local c, s, k = best(concurrent), best(sequential), best(cat)
print(string.format("read %d files of 4 KB: %d tasks %.3f s (%.0f files/s), one task %.3f s (%.0f files/s), cat %.3f s",
  nfiles, ntasks, c, nfiles / c, s, nfiles / s, k))
print(string.format("  ratios: one task / %d tasks = %.2fx; %d tasks / cat = %.2fx; one task / cat = %.2fx",
  ntasks, s / c, ntasks, c / k, s / k))
assert(fs.rm(dir, { recursive = true }).ok)

-- one big file
dir = fs.tempdir("ward-bench-fs")
local big = dir .. "/big"
local data = string.rep("0123456789abcdef", big_mb * 65536)
local w = best(function() assert(fs.write(big, data).ok) end)
data = nil
collectgarbage()
local r = best(function() assert(#fs.read(big) == big_mb * 1048576) end)
local cp = best(function() sh("cp '" .. big .. "' '" .. big .. ".copy'") end)
print(string.format("%d MB file: fs.write %.0f MB/s, fs.read %.0f MB/s, cp %.0f MB/s (cp reads and writes it)",
  big_mb, big_mb / w, big_mb / r, big_mb / cp))
print(string.format("  ratios: fs.write / cp = %.2fx, fs.read / cp = %.2fx, (fs.read then fs.write) / cp = %.2fx",
  (big_mb / w) / (big_mb / cp), (big_mb / r) / (big_mb / cp), (big_mb / (r + w)) / (big_mb / cp)))
assert(fs.rm(dir, { recursive = true }).ok)
