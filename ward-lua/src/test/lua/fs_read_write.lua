-- ward.fs read and write (ward-fs.md 3.7, 3.8): byte strings both ways, binary arrays, the
-- write modes, data conversion, raised errors of read and {ok, err} of write.
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

local d = fs.tempdir("ward-rw")
local f = d .. "/f"

---------------------------------------------------------------- round trips
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
all = table.concat(all)
eq(fs.write(f, all, { binary = true }).ok, true, "write all 256 bytes")
eq(sh('od -An -tx1 "$1" | tr -d " \\n" | head -c 16', f), "0001020304050607", "bytes on disk")
local t = fs.read(f, { mode = "binary" })
eq(#t, 256, "binary read: one integer per byte")
eq(t[1], 0, "first byte")
eq(t[256], 255, "last byte")
eq(t[66], 65, "'A'")
eq(fs.write(d .. "/g", t, { binary = true }).ok, true, "a byte array writes back in binary mode")
eq(sh('cmp "$1" "$2" && echo same', f, d .. "/g"), "same\n", "binary copy through Lua")
eq(fs.write(d .. "/g", all).ok, true, "[Ward/JVM] strings are written as bytes in text mode too")
eq(sh('cmp "$1" "$2" && echo same', f, d .. "/g"), "same\n", "no lossy UTF-8")
raises("invalid utf-8 sequence of 1 bytes from index 128", fs.read, f)

eq(fs.write(f, "héllo\0wörld\r\n").ok, true, "text with NUL and CRLF")
eq(fs.read(f), "héllo\0wörld\r\n", "text read returns the bytes unchanged")
eq(fs.read(path.new(f)), "héllo\0wörld\r\n", "read(Path)")
eq(fs.read(f, { mode = "BINARY" }), "héllo\0wörld\r\n", "only exactly 'binary' selects binary mode")
eq(fs.read(f, { mode = 1 }), "héllo\0wörld\r\n", "a number mode is text")
eq(fs.read(f, "binary"), "héllo\0wörld\r\n", "a non-table options argument is ignored")
eq(type(fs.read(f, { mode = "binary" })), "table", "binary mode")
eq(fs.write(f, "").ok, true, "empty")
eq(fs.read(f), "", "empty text")
eq(#fs.read(f, { mode = "binary" }), 0, "empty binary: {}")
eq(fs.write(f, "\239\187\191bom").ok, true, "BOM")
eq(fs.read(f), "\239\187\191bom", "BOM kept")

---------------------------------------------------------------- UTF-8 errors of text mode
local BAD = {
  { "ab\255", "invalid utf-8 sequence of 1 bytes from index 2" },
  { "a\195", "incomplete utf-8 byte sequence from index 1" },
  { "\226\130", "incomplete utf-8 byte sequence from index 0" },
  { "\226\130x", "invalid utf-8 sequence of 2 bytes from index 0" },
  { "xy\240\159\152z", "invalid utf-8 sequence of 3 bytes from index 2" },
  { "\192\128", "invalid utf-8 sequence of 1 bytes from index 0" },
  { "\237\160\128", "invalid utf-8 sequence of 1 bytes from index 0" },
}
for _, b in ipairs(BAD) do
  fs.write(f, b[1])
  raises(b[2], fs.read, f)
  eq(#fs.read(f, { mode = "binary" }), #b[1], "binary mode reads it")
end
fs.write(f, "\240\159\152\128 ok")
eq(fs.read(f), "\240\159\152\128 ok", "4-byte sequences are valid")

-- files whose size says 0 but that have content (procfs)
if fs.is_file("/proc/version") then
  check.check(#fs.read("/proc/version") > 0, "a /proc file is read to its end")
end

---------------------------------------------------------------- modes
fs.write(f, "middle")
eq(fs.write(f, "-end", { mode = "append" }).ok, true, "append")
eq(fs.write(f, "start-", { mode = "PREPEND" }).ok, true, "prepend, case-insensitive")
eq(fs.read(f), "start-middle-end", "append and prepend")
eq(fs.write(d .. "/p", "only", { mode = "prepend" }).ok, true, "prepend creates")
eq(fs.read(d .. "/p"), "only", "prepend to nothing")
eq(fs.write(d .. "/a", "x", { mode = "append" }).ok, true, "append creates")
eq(fs.write(f, "new", { mode = "sideways" }).ok, true, "unknown mode: overwrite")
eq(fs.read(f), "new", "overwritten")
eq(fs.write(f, "b", { mode = true }).ok, true, "non-string mode ignored")
eq(fs.write(f, { 104, 105 }, { mode = "binary" }).ok, true, "mode binary = overwrite + binary")
eq(fs.read(f), "hi", "bytes")
sh('ln -s f "$1/lnk"', d)
eq(fs.write(d .. "/lnk", "through").ok, true, "write follows a link")
eq(fs.read(f), "through", "the target changed")
eq(fs.read(d .. "/lnk"), "through", "read follows a link")

---------------------------------------------------------------- data conversion
local CONV = {
  { nil, "" }, { 42, "42" }, { -7, "-7" }, { 1.5, "1.5" }, { 2.0, "2" }, { 1e21, "1000000000000000000000" },
  { 0 / 0, "NaN" }, { 1 / 0, "inf" }, { -1 / 0, "-inf" }, { 0.1, "0.1" }, { -0.0, "-0" }, { true, "true" },
  { false, "false" }, { 2 ^ 53, "9007199254740992" }, { 1e-7, "0.0000001" },
}
for _, c in ipairs(CONV) do
  eq(fs.write(f, c[1]).ok, true, "write " .. tostring(c[1]))
  eq(fs.read(f), c[2], "conversion of " .. tostring(c[1]))
end
local tbl = {}
fs.write(f, tbl)
eq(fs.read(f), tostring(tbl), "a table writes its tostring text")
fs.write(f, { 1, 2, 300 }, { binary = true })
check.check(fs.read(f):find("^table: ") ~= nil, "not a byte array: tostring text")
fs.write(f, { 1, 2, x = 3 }, { binary = true })
check.check(fs.read(f):find("^table: ") ~= nil, "other keys: tostring text")
fs.write(f, setmetatable({}, { __tostring = function() return "custom" end }))
eq(fs.read(f), "custom", "__tostring is used")
fs.write(f, path.new("a/b"))
eq(fs.read(f), "a/b", "a Path writes its text")

---------------------------------------------------------------- errors
raises("No such file or directory (os error 2)", fs.read, d .. "/missing")
raises("Is a directory (os error 21)", fs.read, d)
raises("Not a directory (os error 20)", fs.read, f .. "/x")
raises("No such file or directory (os error 2)", fs.read, "")
local r = fs.write(d .. "/no/such/f", "x")
eq(r.ok, false, "write to a missing parent")
eq(r.err, "No such file or directory (os error 2)", "its err")
r = fs.write(d, "x")
eq(r.err, "Is a directory (os error 21)", "write to a directory")
r = fs.write(d .. "/x\0y", "x")
eq(r.err, "file name contained an unexpected NUL byte", "a NUL in a name")
eq(fs.is_exists(d .. "/x\0y"), false, "predicates answer false for it")
-- permission denied: as root only kernel file systems refuse (sysfs), as a user mode 000 does
local root = sh("id -u") == "0\n"
if not root then
  fs.write(d .. "/secret", "s")
  fs.chmod(d .. "/secret", 0)
  raises("Permission denied (os error 13)", fs.read, d .. "/secret")
  eq(fs.write(d .. "/secret", "x").err, "Permission denied (os error 13)", "write without permission")
  fs.chmod(d .. "/secret", 420)
end
if fs.is_dir("/sys/kernel") then
  eq(fs.write("/sys/kernel/ward_probe", "x").err, "Permission denied (os error 13)", "sysfs refuses even root")
end
raises("bad argument #1 to 'read' (expected path or string, got nil)", fs.read, nil)
raises("bad argument #1 to 'write' (expected path or string, got boolean)", fs.write, true, "x")

eq(fs.rm(d, { recursive = true }).ok, true, "clean up")
