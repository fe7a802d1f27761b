-- ward.fs predicates, readlink, realpath and tempdir (ward-fs.md 3.1, 3.2, 3.9): every kind of
-- file (regular, directory, symlink, dangling symlink, FIFO, socket, char device), links
-- followed or not as the spec says, sentinel results (false, nil) and raised OS errors.
local fs = require("ward.fs")
local path = require("ward.fs.path")
local process = require("ward.process")
local check = require("check")
local eq, raises = check.eq, check.raises_plain

local function sh(script, ...)
  local r = process.cmd("sh", "-c", script, "sh", ...):output()
  assert(r.ok, "sh failed: " .. script .. ": " .. tostring(r.stderr))
  return r.stdout
end

local d = fs.tempdir("ward-pred")
eq(type(d), "string", "tempdir returns a string")
check.check(d:find("/ward%-pred%-%d+%-%d+$") ~= nil, "tempdir name <prefix>-<nanos>-<counter>: " .. d)
check.check(fs.is_dir(d), "tempdir made a directory")
local d2 = fs.tempdir()
check.check(d2:find("/tmp%-%d+%-%d+$") ~= nil, "default prefix tmp: " .. d2)
check.check(d2 ~= d, "a new one each time")
eq(fs.rm(d2).ok, true, "remove empty tempdir")
local d3 = fs.tempdir(12)
check.check(d3:find("/12%-%d+%-%d+$") ~= nil, "a number prefix is its text")
fs.rm(d3)
raises("bad argument #1 to 'tempdir' (string expected, got table)", fs.tempdir, {})

local file, dir = d .. "/file", d .. "/dir"
eq(fs.write(file, "content").ok, true, "write a file")
eq(fs.mkdir(dir).ok, true, "mkdir")
sh('ln -s file "$1/link_file"; ln -s dir "$1/link_dir"; ln -s missing "$1/dangling"; mkfifo "$1/fifo"; '
  .. 'ln -s /dev/null "$1/link_null"; chmod 644 "$1/file"', d)
-- a Unix socket: a program that binds one and stays (python3 or nc are not everywhere)
local have_socket = sh('command -v python3 >/dev/null && python3 -c "import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])" "$1/sock" && echo yes || true', d) == "yes\n"

local function expect(fname, p, want)
  eq(fs[fname](p), want, fname .. "(" .. p:sub(#d + 2) .. ")")
end

-- path, exists, dir, file, link, fifo, char, socket, block
local TABLE = {
  { file,              true,  false, true,  false, false, false },
  { dir,               true,  true,  false, false, false, false },
  { d .. "/link_file", true,  false, true,  true,  false, false },
  { d .. "/link_dir",  true,  true,  false, true,  false, false },
  { d .. "/dangling",  true,  false, false, true,  false, false },
  { d .. "/fifo",      true,  false, false, false, true,  false },
  { d .. "/link_null", true,  false, false, true,  false, false },
  { d .. "/missing",   false, false, false, false, false, false },
  { "/dev/null",       true,  false, false, false, false, true },
  { "",                false, false, false, false, false, false },
}
for _, row in ipairs(TABLE) do
  local p = row[1]
  eq(fs.is_exists(p), row[2], "is_exists " .. p)
  eq(fs.is_dir(p), row[3], "is_dir " .. p)
  eq(fs.is_file(p), row[4], "is_file " .. p)
  eq(fs.is_link(p), row[5], "is_link " .. p)
  eq(fs.is_symlink(p), row[5], "is_symlink " .. p)
  eq(fs.is_fifo(p), row[6], "is_fifo " .. p)
  eq(fs.is_char_device(p), row[7], "is_char_device " .. p)
  eq(fs.is_block_device(p), false, "is_block_device " .. p)
  eq(fs.is_socket(p), false, "is_socket " .. p)
end
if have_socket then
  eq(fs.is_socket(d .. "/sock"), true, "is_socket on a socket")
  eq(fs.is_file(d .. "/sock"), false, "a socket is no file")
  eq(fs.is_writable(d .. "/sock"), false, "is_writable of a socket is false")
end
-- a Path works as well as a string
eq(fs.is_dir(path.new(dir)), true, "is_dir(Path)")
eq(fs.is_file(path.new(d):join("file")), true, "is_file(Path)")

---------------------------------------------------------------- executable, readable, writable
eq(fs.is_executable(file), false, "0644 file is not executable")
sh('chmod 710 "$1"', file)
eq(fs.is_executable(file), true, "any x bit")
eq(fs.is_executable(d .. "/link_file"), true, "follows links")
eq(fs.is_executable(dir), true, "directories usually pass")
eq(fs.is_executable(d .. "/missing"), false, "missing")
sh('chmod 644 "$1"', file)
eq(fs.is_readable(file), true, "is_readable file")
eq(fs.is_readable(dir), true, "is_readable dir")
eq(fs.is_readable(d .. "/dangling"), false, "is_readable dangling")
eq(fs.is_readable(d .. "/fifo"), true, "is_readable of a FIFO answers without opening it (no writer: would block)")
eq(fs.is_writable(file), true, "is_writable file")
eq(fs.is_writable(dir), true, "is_writable dir (a probe file)")
eq(#fs.list(dir), 0, "the probe file is removed")
eq(fs.is_writable(d .. "/fifo"), false, "is_writable FIFO is false")
eq(fs.is_writable(d .. "/missing"), false, "is_writable missing")
eq(fs.is_writable("/dev/null"), true, "is_writable /dev/null")
eq(fs.read(file), "content", "is_writable does not truncate")
-- permission: as root (CI) mode bits do not stop reads, but /proc and /sys still refuse writes
local root = sh("id -u") == "0\n"
if fs.is_dir("/sys/kernel") then
  eq(fs.is_writable("/sys/kernel"), false, "sysfs refuses new files, even to root")
end
if not root then
  sh('chmod 000 "$1"', file)
  eq(fs.is_readable(file), false, "mode 000 not readable")
  eq(fs.is_writable(file), false, "mode 000 not writable")
  sh('chmod 644 "$1"', file)
end

---------------------------------------------------------------- readlink
eq(fs.readlink(d .. "/link_file"), "file", "readlink: stored text, relative")
eq(fs.readlink(d .. "/dangling"), "missing", "readlink of a dangling link")
eq(fs.readlink(d .. "/link_null"), "/dev/null", "readlink absolute target")
eq(fs.readlink(file), nil, "readlink of a non-link: nil")
eq(fs.readlink(d .. "/missing"), nil, "readlink of nothing: nil")
eq(fs.readlink(""), nil, "the empty path names nothing")
raises("file name contained an unexpected NUL byte", fs.readlink, "a\0b")
raises("Not a directory (os error 20)", fs.readlink, file .. "/x")

---------------------------------------------------------------- realpath
local real_d = fs.realpath(d)
check.check(real_d:sub(1, 1) == "/", "realpath is absolute")
eq(fs.realpath(d .. "/link_file"), real_d .. "/file", "realpath resolves links")
eq(fs.realpath(d .. "/dir/../file"), real_d .. "/file", "realpath removes ..")
eq(fs.realpath(d .. "/missing"), nil, "realpath of nothing: nil")
eq(fs.realpath(""), nil, "realpath of the empty path: nil")
eq(fs.realpath(d .. "/dangling"), nil, "realpath of a dangling link: nil")
raises("Not a directory (os error 20)", fs.realpath, file .. "/x")

---------------------------------------------------------------- argument errors
raises("bad argument #1 to 'is_dir' (expected path or string, got nil)", fs.is_dir, nil)
raises("bad argument #1 to 'readlink' (expected path or string, got number)", fs.readlink, 1)
raises("bad argument #1 to 'realpath' (expected path or string, got no value)", fs.realpath)

eq(fs.rm(d, { recursive = true }).ok, true, "clean up")
eq(fs.is_exists(d), false, "gone")
