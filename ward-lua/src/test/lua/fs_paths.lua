-- ward.fs dirname/basename/join and ward.fs.path (ward-fs.md sections 3.3, 4, 6): Rust path
-- semantics on bytes, the Path userdata, argument errors of both modules.
local fs = require("ward.fs")
local path = require("ward.fs.path")
local check = require("check")
local eq, raises = check.eq, check.raises_plain

check.check(fs.path == path, "require('ward.fs').path is require('ward.fs.path')")
check.check(require("ward").fs == fs, "require('ward').fs")

---------------------------------------------------------------- the table of section 6
-- input, dirname, basename, parts, extname, stem
local CASES = {
  { "", ".", "", {}, nil, nil },
  { ".", "", "", { "." }, nil, nil },
  { "./", "", "", { "." }, nil, nil },
  { "..", "", "", { ".." }, nil, nil },
  { "/", ".", "", { "/" }, nil, nil },
  { "foo", "", "foo", { "foo" }, nil, "foo" },
  { "foo/", "", "foo", { "foo" }, nil, "foo" },
  { "/foo", "/", "foo", { "/", "foo" }, nil, "foo" },
  { "./foo", ".", "foo", { ".", "foo" }, nil, "foo" },
  { "foo/bar/", "foo", "bar", { "foo", "bar" }, nil, "bar" },
  { "a/./b", "a", "b", { "a", "b" }, nil, "b" },
  { "a/./b/c", "a/./b", "c", { "a", "b", "c" }, nil, "c" },
  { "a//b/c", "a//b", "c", { "a", "b", "c" }, nil, "c" },
  { "a/b/.", "a", "b", { "a", "b" }, nil, "b" },
  { "a/b/..", "a/b", "", { "a", "b", ".." }, nil, nil },
  { "/..", "/", "", { "/", ".." }, nil, nil },
  { "a.tar.gz", "", "a.tar.gz", { "a.tar.gz" }, "gz", "a.tar" },
  { "foo.", "", "foo.", { "foo." }, "", "foo" },
  { ".bashrc", "", ".bashrc", { ".bashrc" }, nil, ".bashrc" },
  { "..foo", "", "..foo", { "..foo" }, "foo", "." },
  { "dir/.hidden.txt", "dir", ".hidden.txt", { "dir", ".hidden.txt" }, "txt", ".hidden" },
  { "//foo", "/", "foo", { "/", "foo" }, nil, "foo" },
  { "/./a", "/", "a", { "/", "a" }, nil, "a" },
}
for _, c in ipairs(CASES) do
  local input = c[1]
  local p = path.new(input)
  eq(fs.dirname(input), c[2], "fs.dirname(" .. input .. ")")
  eq(fs.basename(input), c[3], "fs.basename(" .. input .. ")")
  eq(p:dirname(), c[2], "Path:dirname(" .. input .. ")")
  eq(p:basename(), c[3], "Path:basename(" .. input .. ")")
  local d, b = p:split()
  eq(d, c[2], "split dirname " .. input)
  eq(b, c[3], "split basename " .. input)
  eq(table.concat(p:parts(), "|"), table.concat(c[4], "|"), "parts(" .. input .. ")")
  eq(#p:parts(), #c[4], "#parts(" .. input .. ")")
  eq(p:extname(), c[5], "extname(" .. input .. ")")
  eq(p:stem(), c[6], "stem(" .. input .. ")")
  eq(p:as_string(), input, "as_string")
  eq(tostring(p), input, "tostring")
  eq(p:is_abs(), input:sub(1, 1) == "/", "is_abs(" .. input .. ")")
end
-- a Path is accepted wherever fs takes a path
eq(fs.dirname(path.new("a/b")), "a", "fs.dirname(Path)")
eq(fs.basename(path.new("a/b")), "b", "fs.basename(Path)")

---------------------------------------------------------------- join: the push rule
local JOINS = {
  { { "a", "b" }, "a/b" }, { { "a/", "b" }, "a/b" }, { { "", "b" }, "b" }, { { "a", "" }, "a/" },
  { { "a", "/x" }, "/x" }, { { "a", "../b" }, "a/../b" }, { { "a//", "b" }, "a//b" },
  { { "a", "./b" }, "a/./b" }, { { "a" }, "a" }, { { "a", "b", "c" }, "a/b/c" },
  { { "a", "/x", "y" }, "/x/y" },
}
for _, j in ipairs(JOINS) do
  eq(fs.join(table.unpack(j[1])), j[2], "fs.join(" .. table.concat(j[1], ",") .. ")")
  if #j[1] == 2 then
    eq(tostring(path.join(j[1][1], j[1][2])), j[2], "path.join")
    eq(tostring(path.new(j[1][1]):join(j[1][2])), j[2], "Path:join")
    eq(tostring(path.new(j[1][1]):join(path.new(j[1][2]))), j[2], "Path:join(Path)")
  end
end
eq(fs.join(path.new("a"), path.new("b")), "a/b", "fs.join of Paths gives a string")
eq(type(fs.join("a", "b")), "string", "fs.join returns a string")
eq(type(path.join("a", "b")), "userdata", "path.join returns a Path")

---------------------------------------------------------------- normalize
local NORMS = {
  { "a/../b/./c", "b/c" }, { "./a/./b/../c", "a/c" }, { "/../a", "/a" }, { "/a/b/../../..", "/" },
  { "a/..", "." }, { "a/../..", ".." }, { "../../a", "../../a" }, { "a/b/", "a/b" }, { "", "." },
  { "./", "." }, { "/", "/" }, { "a//b", "a/b" },
}
for _, n in ipairs(NORMS) do
  local got = path.new(n[1]):normalize()
  eq(type(got), "userdata", "normalize returns a Path")
  eq(tostring(got), n[2], "normalize(" .. n[1] .. ")")
end

---------------------------------------------------------------- equality, immutability, types
check.check(path.new("a/b") == path.new("a//b/"), "component-wise equality")
check.check(path.new("./a") ~= path.new("a"), "a leading . is a component")
check.check(path.new("a/./b") == path.new("a/b"), "interior . dropped")
check.check(path.new("a") ~= "a", "a Path is not a string")
local p = path.new("x/y")
local q = p:join("z")
eq(tostring(p), "x/y", "join does not change the receiver")
eq(tostring(q), "x/y/z", "join result")
eq(tostring(path.new(p)), "x/y", "new(Path) copies")
eq(type(p), "userdata", "type of a Path")
local cwd = path.cwd()
check.check(cwd:is_abs(), "cwd is absolute")

---------------------------------------------------------------- bytes: any byte but NUL
local odd = "d\255ir/f\0x\n y.t\128"
eq(fs.basename(odd), "f\0x\n y.t\128", "basename keeps bytes")
eq(fs.dirname(odd), "d\255ir", "dirname keeps bytes")
eq(path.new(odd):extname(), "t\128", "extname keeps bytes")
eq(fs.join("\255", "\254"), "\255/\254", "join keeps bytes")

---------------------------------------------------------------- argument errors
raises("bad argument #1 to 'dirname' (expected path or string, got nil)", fs.dirname, nil)
raises("bad argument #1 to 'basename' (expected path or string, got no value)", fs.basename)
raises("bad argument #1 to 'basename' (expected path or string, got number)", fs.basename, 5)
raises("bad argument #2 to 'join' (expected path or string, got table)", fs.join, "a", {})
raises("bad argument #1 to 'join' (expected path or string, got no value)", fs.join)
raises("bad argument #1 to 'dirname' (expected path or string, got userdata)", fs.dirname,
  require("ward.async").channel(1))
raises("bad argument #1 to 'new' (expected path string or fs.path object, got boolean)", path.new, true)
raises("bad argument #2 to 'join' (expected path string or fs.path object, got no value)", path.join, "a")
raises("bad argument #1 to 'normalize' (Path expected, got string)", p.normalize, "a")
raises("bad argument #2 to 'join' (expected path string or fs.path object, got number)", p.join, p, 1)
