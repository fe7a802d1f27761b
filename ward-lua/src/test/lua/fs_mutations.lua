-- ward.fs mutating operations (ward-fs.md 3.6): mkdir, rm, unlink, chmod, chown, rename, move,
-- copy, link, symlink, touch. Each returns a fresh {ok, err}; filesystem failures are err texts
-- (missing parents, directories where files are expected, symlinks, permissions), bad
-- arguments raise.
local fs = require("ward.fs")
local path = require("ward.fs.path")
local process = require("ward.process")
local check = require("check")
local eq, raises = check.eq, check.raises_plain

local function sh(script, ...)
  local r = process.cmd("sh", "-c", script, "sh", ...):output()
  assert(r.ok, "sh failed: " .. script .. ": " .. tostring(r.stderr))
  return (r.stdout:gsub("\n$", ""))
end
local function mode_of(p) return sh('stat -c %a "$1"', p) end

local function ok(r, label)
  eq(type(r), "table", label .. ": a result table")
  eq(r.ok, true, label .. " ok (err: " .. tostring(r.err) .. ")")
  eq(r.err, nil, label .. " no err")
end
local function fails(r, text, label)
  eq(r.ok, false, label .. " fails")
  eq(type(r.err), "string", label .. " err is a string")
  check.check(r.err:find(text, 1, true) ~= nil, label .. ": '" .. tostring(r.err) .. "' contains '" .. text .. "'")
  check.check(not r.err:find("Exception", 1, true) and not r.err:find("java", 1, true), label .. ": no Java text")
end

local d = fs.tempdir("ward-mut")
local root = sh("id -u") == "0"

---------------------------------------------------------------- mkdir
ok(fs.mkdir(d .. "/a"), "mkdir")
eq(mode_of(d .. "/a"), "755", "default mode 0755, umask ignored")
ok(fs.mkdir(d .. "/a"), "mkdir of an existing directory")
fails(fs.mkdir(d .. "/x/y"), "No such file or directory (os error 2)", "mkdir with a missing parent")
ok(fs.mkdir(d .. "/x/y/z", { recursive = true, mode = 448 }), "mkdir recursive")
eq(mode_of(d .. "/x/y/z"), "700", "mode applies to the final directory")
ok(fs.mkdir(d .. "/m", { mode = "511" }), "a numeric string mode is decimal")
eq(mode_of(d .. "/m"), "777", "511 = 0777")
fs.write(d .. "/f", "data")
fails(fs.mkdir(d .. "/f"), "path exists and is not a directory", "mkdir over a file")
fails(fs.mkdir(d .. "/f/sub"), "Not a directory (os error 20)", "mkdir under a file")
fails(fs.mkdir(d .. "/f/sub", { recursive = true }), "Not a directory (os error 20)", "recursive under a file")
ok(fs.mkdir(d .. "/f", { force = true }), "force replaces a file")
eq(fs.is_dir(d .. "/f"), true, "now a directory")
sh('ln -s a "$1/to_a"; ln -s nowhere "$1/dangling"', d)
ok(fs.mkdir(d .. "/to_a"), "a symlink to a directory counts as success")
fails(fs.mkdir(d .. "/dangling"), "No such file or directory (os error 2)", "dangling link without force")
ok(fs.mkdir(d .. "/dangling", { force = true }), "force replaces a dangling link")
eq(fs.is_link(d .. "/dangling"), false, "the link is gone")
ok(fs.mkdir(d .. "/o", "not a table"), "a non-table options argument means defaults")
raises("bad argument #2 to 'mkdir' (field 'mode': out of range (expected 0 to 4294967295)", fs.mkdir, d .. "/n", { mode = -1 })
raises("bad argument #2 to 'mkdir' (field 'mode': number expected, got boolean)", fs.mkdir, d .. "/n", { mode = true })
raises("bad argument #1 to 'mkdir' (expected path or string, got no value)", fs.mkdir)

---------------------------------------------------------------- rm and unlink
fails(fs.rm(d .. "/none"), "path not found", "rm of nothing")
ok(fs.rm(d .. "/none", { force = true }), "rm -f of nothing")
fs.write(d .. "/x/y/file", "1")
fails(fs.rm(d .. "/x"), "Directory not empty (os error 39)", "rm of a non-empty directory")
ok(fs.rm(d .. "/to_a"), "rm of a symlink to a directory removes the link")
eq(fs.is_dir(d .. "/a"), true, "its target stays")
sh('mkdir "$1/keep"; echo k > "$1/keep/k"; ln -s ../keep "$1/x/y/link_out"', d)
ok(fs.rm(d .. "/x", { recursive = true }), "rm -r")
eq(fs.is_exists(d .. "/x"), false, "tree gone")
eq(fs.read(d .. "/keep/k"), "k\n", "links inside were not followed")
ok(fs.rm(d .. "/o"), "rm of an empty directory")
fs.write(d .. "/u", "")
ok(fs.unlink(d .. "/u"), "unlink a file")
fails(fs.unlink(d .. "/u"), "No such file or directory (os error 2)", "unlink of nothing")
ok(fs.unlink(d .. "/u", { force = true }), "unlink -f of nothing")
fails(fs.unlink(d .. "/a"), "Is a directory (os error 21)", "unlink of an empty directory")
sh('ln -s a "$1/link_a"', d)
ok(fs.unlink(d .. "/link_a"), "unlink of a link to a directory")

---------------------------------------------------------------- chmod and chown
fs.write(d .. "/c", "")
ok(fs.chmod(d .. "/c", 384), "chmod 0600")
eq(mode_of(d .. "/c"), "600", "mode set")
ok(fs.chmod(path.new(d .. "/c"), 1517), "chmod sets the setgid bit (02755)")
eq(mode_of(d .. "/c"), "2755", "all 12 bits")
ok(fs.chmod(d .. "/c", 420.9), "floats are truncated")
eq(mode_of(d .. "/c"), "644", "420 = 0644")
sh('ln -s c "$1/c_link"', d)
fails(fs.chmod(d .. "/c_link", 511), "refusing to chmod symlink", "chmod of a symlink")
ok(fs.chmod(d .. "/c_link", 511, { force = true }), "force: nothing changed, ok")
eq(mode_of(d .. "/c"), "644", "the target is untouched")
fails(fs.chmod(d .. "/none", 511), "No such file or directory (os error 2)", "chmod of nothing")
sh('mkdir -p "$1/t/u"; touch "$1/t/u/f" "$1/t/g"; ln -s ../c "$1/t/lc"', d)
ok(fs.chmod(d .. "/t", 448, { recursive = true }), "chmod -R")
eq(mode_of(d .. "/t"), "700", "root of the walk")
eq(mode_of(d .. "/t/u"), "700", "subdirectory")
eq(mode_of(d .. "/t/u/f"), "700", "nested file")
eq(mode_of(d .. "/c"), "644", "links in the walk are skipped")
ok(fs.chmod(d .. "/c_link", 511, { recursive = true }), "recursive on a link: nothing, ok")
sh('chmod -R 755 "$1/t"', d)
raises("bad argument #2 to 'chmod' (number expected, got no value)", fs.chmod, d .. "/c")
raises("bad argument #2 to 'chmod' (out of range (expected 0 to 4294967295)", fs.chmod, d .. "/c", -1)
raises("bad argument #2 to 'chmod' (out of range (expected 0 to 4294967295)", fs.chmod, d .. "/c", 2 ^ 32)
raises("bad argument #2 to 'chmod' (number expected, got string)", fs.chmod, d .. "/c", "rwx")
local uid, gid = tonumber(sh("id -u")), tonumber(sh("id -g"))
ok(fs.chown(d .. "/c", uid, gid), "chown to oneself")
ok(fs.chown(d .. "/t", uid, gid, { recursive = true }), "chown -R to oneself")
fails(fs.chown(d .. "/c_link", uid, gid), "refusing to chown symlink", "chown of a symlink")
fails(fs.chown(d .. "/none", uid, gid), "No such file or directory (os error 2)", "chown of nothing")
if root then
  ok(fs.chown(d .. "/c", 65534, 65534), "root gives a file away")
  eq(sh('stat -c %u:%g "$1"', d .. "/c"), "65534:65534", "owner set")
else
  fails(fs.chown(d .. "/c", 0, 0), "Operation not permitted (os error 1)", "chown to root as a user")
end
raises("bad argument #3 to 'chown' (number expected, got no value)", fs.chown, d .. "/c", 1)

---------------------------------------------------------------- rename and move
fs.write(d .. "/r1", "one")
fs.write(d .. "/r2", "two")
ok(fs.rename(d .. "/r1", d .. "/r2"), "rename replaces a file")
eq(fs.read(d .. "/r2"), "one", "replaced")
eq(fs.is_exists(d .. "/r1"), false, "source gone")
fails(fs.rename(d .. "/r1", d .. "/r3"), "No such file or directory (os error 2)", "rename of nothing")
fs.mkdir(d .. "/rd")
fs.write(d .. "/rd/in", "x")
fails(fs.rename(d .. "/r2", d .. "/rd"), "Is a directory (os error 21)", "file over a directory")
fails(fs.rename(d .. "/a", d .. "/r2"), "Not a directory (os error 20)", "directory over a file")
fs.mkdir(d .. "/empty")
ok(fs.rename(d .. "/a", d .. "/empty"), "a directory replaces an empty one")
fails(fs.rename(d .. "/empty", d .. "/rd"), "Directory not empty (os error 39)", "over a non-empty directory")
ok(fs.rename(d .. "/r2", d .. "/rd", { force = true }), "force removes the tree in the way")
eq(fs.read(d .. "/rd"), "one", "moved")
ok(fs.move(d .. "/rd", d .. "/mv"), "move on one file system")
eq(fs.read(d .. "/mv"), "one", "moved")
-- across file systems: /dev/shm is a tmpfs where it exists
local shm = fs.is_dir("/dev/shm") and fs.is_writable("/dev/shm")
  and sh('stat -c %d "$1"', d) ~= sh('stat -c %d /dev/shm') and fs.tempdir and "/dev/shm"
if shm then
  local other = shm .. "/ward-mv-" .. sh("echo $$")
  sh('chmod 640 "$1"', d .. "/mv")
  fails(fs.rename(d .. "/mv", other), "Invalid cross-device link (os error 18)", "rename across devices")
  ok(fs.move(d .. "/mv", other), "move across devices copies")
  eq(fs.read(other), "one", "content moved")
  eq(mode_of(other), "640", "mode kept")
  eq(fs.is_exists(d .. "/mv"), false, "source removed")
  fails(fs.move(d .. "/empty", other .. "d"), "cross-device move of directories is not supported", "dir across")
  sh('ln -s x "$1/sl"', d)
  fails(fs.move(d .. "/sl", other .. "l"), "cross-device move of symlinks is not supported", "link across")
  fs.rm(other)
end

---------------------------------------------------------------- copy
fs.write(d .. "/src", "copy me")
sh('chmod 751 "$1/src"', d)
ok(fs.copy(d .. "/src", d .. "/dst"), "copy")
eq(fs.read(d .. "/dst"), "copy me", "content")
eq(mode_of(d .. "/dst"), "751", "mode bits")
fs.write(d .. "/dst", "a much longer old content")
ok(fs.copy(d .. "/src", d .. "/dst"), "copy over a file truncates")
eq(fs.read(d .. "/dst"), "copy me", "no tail left")
sh('echo old > "$1/target"; ln -s target "$1/dst_link"', d)
ok(fs.copy(d .. "/src", d .. "/dst_link"), "copy writes through a link at the destination")
eq(fs.read(d .. "/target"), "copy me", "the link's target got it")
eq(fs.is_link(d .. "/dst_link"), true, "the link stays")
fails(fs.copy(d .. "/src", d .. "/empty"), "Is a directory (os error 21)", "copy onto a directory")
ok(fs.copy(d .. "/src", d .. "/empty", { force = true }), "force removes the directory")
eq(fs.read(d .. "/empty"), "copy me", "copied")
fails(fs.copy(d .. "/keep", d .. "/k2"), "the source path is neither a regular file nor a symlink to a regular file",
  "copy of a directory")
fails(fs.copy(d .. "/none", d .. "/k2"), "No such file or directory (os error 2)", "copy of nothing")
fails(fs.copy(d .. "/src/x", d .. "/k2"), "Not a directory (os error 20)", "copy from below a file")
fails(fs.copy(d .. "/src", d .. "/no/dir/k2"), "No such file or directory (os error 2)", "copy to a missing parent")

---------------------------------------------------------------- link and symlink
ok(fs.link(d .. "/src", d .. "/hard"), "hard link")
eq(sh('stat -c %h "$1"', d .. "/src"), "2", "two names")
fails(fs.link(d .. "/src", d .. "/hard"), "File exists (os error 17)", "existing destination")
ok(fs.link(d .. "/target", d .. "/hard", { force = true }), "force replaces it")
eq(fs.read(d .. "/hard"), "copy me", "now the other file")
fails(fs.link(d .. "/none", d .. "/h2"), "No such file or directory (os error 2)", "link to nothing")
ok(fs.symlink("../some/where", d .. "/sym"), "symlink: target need not exist")
eq(fs.readlink(d .. "/sym"), "../some/where", "stored verbatim")
fails(fs.symlink("x", d .. "/sym"), "File exists (os error 17)", "existing")
ok(fs.symlink(path.new("src"), d .. "/sym", { force = true }), "force replaces it (Path target)")
eq(fs.read(d .. "/sym"), "copy me", "relative to the link's directory")

---------------------------------------------------------------- touch
ok(fs.touch(d .. "/new"), "touch creates")
eq(fs.read(d .. "/new"), "", "empty")
fs.write(d .. "/old", "keep")
sh('touch -d 2001-01-01 "$1/old"', d)
ok(fs.touch(d .. "/old"), "touch an existing file")
eq(fs.read(d .. "/old"), "keep", "not truncated")
check.check(sh('stat -c %Y "$1"', d .. "/old") ~= sh('date -d 2001-01-01 +%s'), "mtime set to now")
fails(fs.touch(d .. "/no/such/f"), "No such file or directory (os error 2)", "missing parent")
ok(fs.touch(d .. "/deep/er/f", { recursive = true }), "recursive makes parents")
eq(fs.is_file(d .. "/deep/er/f"), true, "made")
sh('ln -s gone "$1/tdang"', d)
fails(fs.touch(d .. "/tdang"), "No such file or directory (os error 2)", "a dangling link")

---------------------------------------------------------------- permission denied
-- As root (CI) mode bits do not stop anything, but sysfs refuses new files to everybody;
-- as a user, a directory without write permission does.
if fs.is_dir("/sys/kernel") then
  fails(fs.touch("/sys/kernel/ward_probe"), "Permission denied (os error 13)", "touch in sysfs")
  fails(fs.write("/sys/kernel/ward_probe", "x"), "Permission denied (os error 13)", "write in sysfs")
end
if not root then
  fs.mkdir(d .. "/ro", { mode = 365 }) -- 0555
  fails(fs.touch(d .. "/ro/f"), "Permission denied (os error 13)", "touch in a read-only directory")
  fails(fs.mkdir(d .. "/ro/s"), "Permission denied (os error 13)", "mkdir in a read-only directory")
  fs.chmod(d .. "/ro", 493)
end

ok(fs.rm(d, { recursive = true }), "clean up")
