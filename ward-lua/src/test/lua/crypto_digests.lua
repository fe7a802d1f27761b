-- ward.crypto (ward-crypto-log.md part A): the reference vectors, binary input, numbers,
-- file digests against sha256sum/sha1sum/md5sum and the in-memory digests, file errors (missing,
-- directory, no permission, a name with spaces and a newline), symlinks, and argument errors.
local crypto = require("ward.crypto")
local process = require("ward.process")
local async = require("ward.async")

local check = require("check")
local eq, ok, raises = check.eq, check.check, check.raises_plain

local function sh(script, ...)
  local r = process.cmd("sh", "-c", script, "sh", ...):output()
  assert(r.ok, "sh failed: " .. tostring(r.stderr))
  return (r.stdout:gsub("\n$", ""))
end

---------------------------------------------------------------- reference vectors
local FOX = "The quick brown fox jumps over the lazy dog"
eq(crypto.sha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "sha256('')")
eq(crypto.sha1(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709", "sha1('')")
eq(crypto.md5(""), "d41d8cd98f00b204e9800998ecf8427e", "md5('')")
eq(crypto.sha256(FOX), "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592", "sha256(fox)")
eq(crypto.sha1(FOX), "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12", "sha1(fox)")
eq(crypto.md5(FOX), "9e107d9d372bb6826bd81d3542a419d6", "md5(fox)")
eq(crypto.sha256(1), crypto.sha256("1"), "a number hashes as its string")
eq(crypto.md5(1.5), crypto.md5("1.5"), "a float number")
-- binary: NUL and non-UTF-8 bytes; a substring (LuaJ shares the backing array) hashes only its bytes
local bin = "\0\1\2\255\254abc"
ok(crypto.sha256(bin) ~= crypto.sha256("\0\1\2"), "bytes after a NUL count")
local big = string.rep("x", 1000) .. "tail"
eq(crypto.md5(big:sub(1001)), crypto.md5("tail"), "a substring hashes only its own bytes")
eq(#crypto.sha256(big), 64, "64 hex chars"); eq(#crypto.sha1(big), 40, "40"); eq(#crypto.md5(big), 32, "32")
ok(crypto.sha256(big):match("^[0-9a-f]+$") ~= nil, "lowercase hex")

---------------------------------------------------------------- files
local dir = sh("mktemp -d")
local f = dir .. "/data.bin"
sh('head -c 200000 /dev/urandom > "$1"', f)
local want256 = sh('sha256sum "$1" | cut -d" " -f1', f)
eq(crypto.sha256_file(f), want256, "sha256_file = sha256sum")
eq(crypto.sha1_file(f), sh('sha1sum "$1" | cut -d" " -f1', f), "sha1_file = sha1sum")
eq(crypto.md5_file(f), sh('md5sum "$1" | cut -d" " -f1', f), "md5_file = md5sum")
local content = process.cmd("cat", f):output().stdout
eq(#content, 200000, "read back")
eq(crypto.sha256(content), want256, "file digest = in-memory digest of the same bytes")
-- an empty file; a symlink (followed); odd names
sh(': > "$1/empty"', dir)
eq(crypto.sha256_file(dir .. "/empty"), crypto.sha256(""), "empty file")
sh('ln -s "$1/data.bin" "$1/link"', dir)
eq(crypto.sha256_file(dir .. "/link"), want256, "a symlink is followed")
local odd = dir .. "/with space\nand newline"
sh('printf abc > "$1"', odd)
eq(crypto.md5_file(odd), crypto.md5("abc"), "a name with a space and a newline")
-- concurrent digests from several tasks
local ts = {}
for i = 1, 6 do ts[i] = async.spawn(function() return crypto.sha256_file(f) end) end
for i = 1, 6 do eq(ts[i]:wait(), want256, "concurrent sha256_file " .. i) end
-- relative path: against the working directory
local cwd = sh("pwd")
ok(type(cwd) == "string", "cwd")

-- a FIFO: the digest waits on the blocking pool for a writer while the loop keeps running
-- timers; a cancelled digest's job ends once the FIFO gives its bytes
local time = require("ward.time")
local fifo = dir .. "/fifo"
sh('mkfifo "$1"', fifo)
local hashing = async.spawn(function() return crypto.md5_file(fifo) end)
local ticks = 0
for _ = 1, 5 do time.sleep("1ms"):wait() ticks = ticks + 1 end
eq(ticks, 5, "timers ran while a digest waited on a FIFO")
eq(hashing:done(), false, "the digest is still waiting for a writer")
eq(process.cmd("sh", "-c", 'printf "fifo data" > "$1"', "sh", fifo):output().ok, true, "writer")
eq(hashing:wait(), crypto.md5("fifo data"), "the FIFO's bytes were hashed")
local cancelled = async.spawn(function() return crypto.sha1_file(fifo) end)
time.sleep("1ms"):wait()
cancelled:cancel()
ok(not pcall(cancelled.wait, cancelled), "the cancelled digest's task ends with an error")
eq(process.cmd("sh", "-c", 'printf x > "$1"', "sh", fifo):output().ok, true, "unblocks the cancelled job's open")

---------------------------------------------------------------- file errors: the OS text
raises("No such file or directory (os error 2)", crypto.sha256_file, dir .. "/missing")
raises("No such file or directory (os error 2)", crypto.md5_file, "")
raises("Is a directory (os error 21)", crypto.sha1_file, dir)
raises("Not a directory (os error 20)", crypto.sha256_file, f .. "/below-a-file")
sh('ln -s "$1/nowhere" "$1/dangling"', dir)
raises("No such file or directory (os error 2)", crypto.sha256_file, dir .. "/dangling")
if sh("id -u") ~= "0" then -- root reads anything
  sh('printf x > "$1/secret" && chmod 000 "$1/secret"', dir)
  raises("Permission denied (os error 13)", crypto.sha256_file, dir .. "/secret")
end
local err = select(2, pcall(crypto.sha256_file, dir .. "/missing"))
ok(not err:find("Exception") and not err:find("java"), "no Java text: " .. err)

---------------------------------------------------------------- argument errors
raises("bad argument #1 to 'sha256' (string expected, got nil)", crypto.sha256, nil)
raises("bad argument #1 to 'sha256' (string expected, got no value)", crypto.sha256)
raises("bad argument #1 to 'sha1' (string expected, got table)", crypto.sha1, { 1, 2 })
raises("bad argument #1 to 'md5' (string expected, got boolean)", crypto.md5, true)
raises("bad argument #1 to 'sha256_file' (string expected, got nil)", crypto.sha256_file, nil)
raises("bad argument #1 to 'sha1_file' (string expected, got table)", crypto.sha1_file, {})
raises("bad argument #1 to 'md5_file' (invalid UTF-8)", crypto.md5_file, "/tmp/\255")

process.cmd("rm", "-rf", dir):output()
print(string.format("crypto_digests: %d checks", check.count()))
