-- ward.fs with awkward file names (spaces, newlines, quotes, non-ASCII, invalid UTF-8): every
-- byte but NUL round-trips through write, list, glob, read, readlink, realpath, rename, copy,
-- symlink, tempdir and the predicates, and matches what other programs see.
local fs = require("ward.fs")
local path = require("ward.fs.path")
local process = require("ward.process")
local check = require("check")
local eq = check.eq

local d = fs.tempdir("ward names \255")
check.check(fs.is_dir(d), "a tempdir with a space and an invalid byte in its prefix")

local NAMES = {
  "with space", "new\nline", "tab\there", "quote'\"", "caf\195\169", "\240\159\152\128",
  "bad\255byte", "\192\128overlong", "lone\128", "-dash", "*star?", "back\\slash", "\1ctrl",
}
local seen = {}
for _, n in ipairs(NAMES) do
  local p = d .. "/" .. n
  eq(fs.write(p, n, { binary = true }).ok, true, "write " .. n)
  eq(fs.is_file(p), true, "is_file " .. n)
  eq(fs.read(p, { mode = "binary" })[1], n:byte(1), "read " .. n)
  seen[n] = false
end
for _, e in ipairs(fs.list(d)) do
  local n = e:sub(#d + 2)
  eq(seen[n], false, "list gives back the exact bytes of " .. n)
  seen[n] = true
  eq(#fs.read(e, { mode = "binary" }), #n, "and the name from list opens the file")
end
for _, n in ipairs(NAMES) do
  eq(seen[n], true, "listed: " .. n)
end
eq(#fs.glob(d .. "/*"), #NAMES, "glob finds them all")
eq(fs.glob(d .. "/bad?byte")[1], d .. "/bad\255byte", "? matches an invalid byte")
eq(fs.glob(d .. "/caf?")[1], d .. "/caf\195\169", "? matches one character, not one byte")

-- other programs see the same names
local r = process.cmd("ls", "-1", "--quoting-style=escape", d):output()
check.check(r.stdout:find("bad\\377byte", 1, true) ~= nil, "ls sees the invalid byte: " .. r.stdout)
check.check(r.stdout:find("caf\195\169", 1, true) ~= nil, "ls sees é")

-- links, realpath, rename, copy, Paths
local target = "bad\255byte"
eq(fs.symlink(target, d .. "/link \255").ok, true, "symlink with odd bytes on both sides")
eq(fs.readlink(d .. "/link \255"), target, "readlink gives the stored bytes (relative target)")
eq(fs.realpath(d .. "/link \255"), fs.realpath(d) .. "/" .. target, "realpath keeps bytes")
eq(fs.rename(d .. "/new\nline", d .. "/re\nnamed\254").ok, true, "rename")
eq(fs.read(d .. "/re\nnamed\254"), "new\nline", "renamed content")
eq(fs.copy(d .. "/lone\128", d .. "/copy\129").ok, true, "copy")
eq(fs.read(d .. "/copy\129", { mode = "binary" })[5], 0x80, "copied bytes")
local p = path.new(d):join("caf\195\169")
eq(fs.read(p), "caf\195\169", "a Path with non-ASCII")
eq(fs.mkdir(d .. "/dir\255/sub\254", { recursive = true }).ok, true, "mkdir -p with invalid bytes")
eq(fs.touch(d .. "/dir\255/sub\254/f\253").ok, true, "touch inside")
eq(fs.list(d .. "/dir\255", { recursive = true, files = true })[1], d .. "/dir\255/sub\254/f\253", "recursive list")
-- relative names (through ".." up to the root and down again): results stay relative
local cwd = tostring(path.cwd())
local _, depth = cwd:gsub("/[^/]+", "")
local rel = string.rep("../", depth) .. d:sub(2)
eq(fs.read(rel .. "/caf\195\169"), "caf\195\169", "a relative non-ASCII path")
eq(fs.list(rel .. "/dir\255")[1], rel .. "/dir\255/sub\254", "list of a relative root keeps it relative")
eq(fs.symlink("../caf\195\169", d .. "/dir\255/up\255").ok, true, "relative target with ..")
eq(fs.readlink(rel .. "/dir\255/up\255"), "../caf\195\169", "read back verbatim")
eq(fs.read(d .. "/dir\255/up\255"), "caf\195\169", "and it resolves")
eq(fs.rm(d, { recursive = true }).ok, true, "rm -r of a tree full of odd names")
eq(fs.is_exists(d), false, "gone")
