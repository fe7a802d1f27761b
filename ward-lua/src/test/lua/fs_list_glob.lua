-- ward.fs list and glob (ward-fs.md 3.4, 3.5): options, breadth-first order, links never
-- followed by list, regex filter, the glob dialect (?, *, classes, **, dotfiles, no braces),
-- per-directory byte order, pattern errors and unreadable directories.
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

local function sorted(t)
  local c = {}
  for i, v in ipairs(t) do c[i] = v end
  table.sort(c)
  return table.concat(c, " ")
end

local d = fs.tempdir("ward-list")
sh('cd "$1" && mkdir -p a/b/c e && touch f1 .hidden a/f2 a/b/f3 a/b/c/f4 e/x.txt && ln -s a link_a', d)

---------------------------------------------------------------- list
local function rel(t)
  local out = {}
  for i, v in ipairs(t) do out[i] = v:sub(#d + 2) end
  return sorted(out)
end
eq(rel(fs.list(d)), ".hidden a e f1 link_a", "non-recursive: every entry, dotfiles too")
eq(rel(fs.list(d, { dirs = true })), "a e", "dirs only (a link to a directory is not one)")
eq(rel(fs.list(d, { files = true })), ".hidden f1 link_a", "files only")
eq(rel(fs.list(d, { dirs = true, files = true })), ".hidden a e f1 link_a", "both: everything")
eq(rel(fs.list(d, { recursive = true })),
  ".hidden a a/b a/b/c a/b/c/f4 a/b/f3 a/f2 e e/x.txt f1 link_a", "recursive, links not followed")
eq(rel(fs.list(d, { recursive = true, depth = 1 })), ".hidden a e f1 link_a", "depth 1: children")
eq(rel(fs.list(d, { recursive = true, depth = 2 })), ".hidden a a/b a/f2 e e/x.txt f1 link_a", "depth 2")
eq(rel(fs.list(d, { recursive = true, depth = "2" })), ".hidden a a/b a/f2 e e/x.txt f1 link_a", "depth as a string")
eq(rel(fs.list(d, { depth = 1 })), ".hidden a e f1 link_a", "depth ignored without recursive")
eq(rel(fs.list(d, { recursive = true, files = true, regex = "f%d" })), "", "regex is not a Lua pattern")
eq(rel(fs.list(d, { recursive = true, files = true, regex = "f\\d$" })), "a/b/c/f4 a/b/f3 a/f2 f1",
  "regex filters output only: non-matching directories are still descended into")
eq(rel(fs.list(d, { recursive = true, regex = "(?P<name>x)\\.txt" })), "e/x.txt", "Rust named groups")
-- breadth-first: every level before the next
local bfs = fs.list(d, { recursive = true, dirs = true })
local depths = {}
for i, v in ipairs(bfs) do
  local _, n = v:sub(#d + 2):gsub("/", "")
  depths[i] = n
end
for i = 2, #depths do
  check.check(depths[i] >= depths[i - 1], "breadth-first order: " .. table.concat(bfs, " "))
end
-- entries are root pushed with the name
eq(fs.list(d .. "/e")[1], d .. "/e/x.txt", "root/name")
eq(fs.list(d .. "/e/")[1], d .. "/e/x.txt", "no doubled slash")
eq(fs.list(path.new(d):join("e"))[1], d .. "/e/x.txt", "a Path root")
eq(type(fs.list(d .. "/e")[1]), "string", "strings, never Paths")
-- nothing to list: empty tables, no error
eq(#fs.list(d .. "/missing"), 0, "missing root")
eq(#fs.list(d .. "/f1"), 0, "a file as root")
eq(#fs.list(""), 0, "the empty path names nothing")
raises("regex parse error", fs.list, d .. "/missing", { regex = "(" })
raises("bad argument #2 to 'list' (field 'regex': string expected, got boolean)", fs.list, d, { regex = true })
raises("bad argument #2 to 'list' (field 'depth': out of range (expected 0 to 9223372036854775807))", fs.list, d, { recursive = true, depth = -1 })
raises("bad argument #1 to 'list' (expected path or string, got nil)", fs.list, nil)

---------------------------------------------------------------- glob
local function g(pattern)
  local out = {}
  for i, v in ipairs(fs.glob(d .. "/" .. pattern)) do out[i] = v:sub(#d + 2) end
  return table.concat(out, " ")
end
eq(g("*"), ".hidden a e f1 link_a", "* matches dotfiles, byte order")
eq(g("f?"), "f1", "?")
eq(g("[ef]*"), "e f1", "class")
eq(g("[!ef]*"), ".hidden a link_a", "negated class")
eq(g("[a-e]"), "a e", "range")
eq(g("*/f?"), "a/f2 link_a/f2", "per component; links to directories are followed")
eq(g("**/f?"), "f1 a/f2 a/b/f3 a/b/c/f4 link_a/f2 link_a/b/f3 link_a/b/c/f4", "** spans directories, depth first in byte order")
eq(g("a/**/c"), "a/b/c", "** in the middle")
eq(g("a/**"), "a/b a/b/c", "** at the end: the directories below")
eq(g("**/*.txt"), "e/x.txt", "** with a suffix")
eq(g("{a,e}"), "", "no braces")
eq(g("nothing*"), "", "no match: empty")
eq(g("e/x.txt"), "e/x.txt", "a literal path")
eq(g("e/y.txt"), "", "a missing literal path")
eq(g("link_a/f?"), "link_a/f2", "a link to a directory is followed by glob")
eq(type(fs.glob(d .. "/*")[1]), "string", "strings")
raises("Pattern syntax error near position", fs.glob, "a**")
raises("Pattern syntax error near position 3: wildcards are either regular `*` or recursive `**`", fs.glob, "a***")
raises("Pattern syntax error near position 0: recursive wildcards must form a single path component", fs.glob, "a**")
raises("Pattern syntax error near position 2: recursive wildcards must form a single path component", fs.glob, "**b")
raises("Pattern syntax error near position 0: invalid range pattern", fs.glob, "[ab")
raises("bad argument #1 to 'glob' (string expected, got userdata)", fs.glob, path.new("x"))
raises("bad argument #1 to 'glob' (string expected, got no value)", fs.glob)
eq(#fs.glob(1234567), 0, "a number is a pattern")
local root = sh("id -u") == "0\n"
if not root then
  fs.mkdir(d .. "/locked", { mode = 0 })
  raises({ "attempting to read `", "locked` resulted in an error: Permission denied (os error 13)" },
    fs.glob, d .. "/locked/*")
  fs.chmod(d .. "/locked", 493)
end

eq(fs.rm(d, { recursive = true }).ok, true, "clean up")
