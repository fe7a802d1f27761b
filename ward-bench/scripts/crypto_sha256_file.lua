-- crypto.sha256_file against sha256sum: the SHA-256 of one file of random bytes (200 MB by
-- default), hashed by Ward (64 KiB reads on the blocking pool, the JDK's SHA-256) and by
-- coreutils' sha256sum started from the same script; MB/s of each and the ratio, three rounds
-- each, alternating, after one warm-up round of Ward's (JIT) and of sha256sum's (page cache).
--   ./ward ward-bench/scripts/crypto_sha256_file.lua [megabytes]

local crypto = require("ward.crypto")
local process = require("ward.process")
local time = require("ward.time")

local mb = tonumber(arg and arg[1]) or 200
local dir = process.cmd("mktemp", "-d"):output().stdout:gsub("\n$", "")
local file = dir .. "/data.bin"
assert(process.cmd("sh", "-c", 'head -c "$1" /dev/urandom > "$2"', "sh", tostring(mb * 1024 * 1024), file):output().ok,
  "could not write the test file")

local function ward_hash()
  local t0 = time.instant_now()
  local h = crypto.sha256_file(file)
  return h, t0:elapsed():seconds()
end

local function coreutils_hash()
  local t0 = time.instant_now()
  local r = process.cmd("sha256sum", file):output()
  assert(r.ok, "sha256sum failed: " .. tostring(r.stderr))
  return r.stdout:match("^(%x+)"), t0:elapsed():seconds()
end

local want = coreutils_hash() -- warm-up: the file is now in the page cache
assert(ward_hash() == want, "crypto.sha256_file and sha256sum disagree")

local best_ward, best_sum = math.huge, math.huge
for round = 1, 3 do
  local h1, w = ward_hash()
  local h2, s = coreutils_hash()
  assert(h1 == want and h2 == want, "digest changed")
  best_ward, best_sum = math.min(best_ward, w), math.min(best_sum, s)
  print(string.format("round %d: crypto.sha256_file %.3f s (%.0f MB/s), sha256sum %.3f s (%.0f MB/s)",
    round, w, mb / w, s, mb / s))
end
print(string.format("sha256 of %d MB, best of 3: crypto.sha256_file %.0f MB/s, sha256sum %.0f MB/s; Ward takes %.2fx sha256sum's time",
  mb, mb / best_ward, mb / best_sum, best_ward / best_sum))
process.cmd("rm", "-rf", dir):output()
