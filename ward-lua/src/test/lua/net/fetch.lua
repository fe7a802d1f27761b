-- ward.net.fetch: url into files (temp or given, max_bytes, non-2xx kept), git clones of a
-- local repository made here.
local check = require("check")
local fetch = require("ward.net.fetch")
local process = require("ward.process")

local function sh(script, ...)
  local r = process.cmd("sh", "-c", script, "sh", ...):output()
  assert(r.ok, "helper failed: " .. tostring(r.stderr))
  return (r.stdout:gsub("\n$", ""))
end

local r = fetch.url(HTTP_BASE .. "/hello")
check.eq(r.ok, true, "ok")
check.eq(r:is_ok(), true, "is_ok")
check.eq(r.status, 200, "status")
check.eq(r:get_status(), 200, "get_status")
check.eq(r.size, 5, "size")
check.eq(r:get_size(), 5, "get_size")
check.check(r.path:find("ward%-fetch%-url%-") ~= nil, "temp name: " .. r.path)
check.eq(r:get_path(), r.path, "get_path")
check.eq(sh('cat "$1"', r.path), "hello", "file content")
check.raises_plain({"read-only"}, function() r.ok = false end)

local into = TMPDIR .. "/sub/dir/big.bin"
local b = fetch.url(HTTP_BASE .. "/big?n=3000000", {into = into})
check.eq(b.size, 3000000, "big size")
check.eq(b.path, into, "into")
check.eq(sh('wc -c < "$1"', into):gsub("%s", ""), "3000000", "bytes on disk")
check.eq(fetch.url(HTTP_BASE .. "/hello", {into = into}).size, 5, "an existing file is truncated")
check.eq(sh('cat "$1"', into), "hello", "truncated content")

local gz = fetch.url(HTTP_BASE .. "/gzip")
check.eq(gz.size, #string.rep("compressed hello ", 100), "decompressed")

local nf = fetch.url(HTTP_BASE .. "/status/404")
check.eq(nf.ok, false, "404 not ok")
check.eq(nf.status, 404, "404 status")
check.eq(sh('cat "$1"', nf.path), "status 404", "a non-2xx body is still saved")

local capped = fetch.url(HTTP_BASE .. "/big?n=100000", {max_bytes = 1000})
check.eq(capped.ok, false, "max_bytes: not ok")
check.eq(capped.status, 413, "413")
check.eq(capped.path, nil, "no path")
check.check(capped.size <= 1000, "size before the chunk that went over")

check.eq(fetch.url(HTTP_BASE .. "/echo", {method = "post"}).status, 200, "method upper-cased")
check.raises_plain({"unsupported method: TRACE"}, fetch.url, HTTP_BASE .. "/echo", {method = "trace"})
check.raises_plain({"error sending request for url"}, fetch.url, "http://127.0.0.1:1/")
check.raises_plain({"Is a directory"}, fetch.url, HTTP_BASE .. "/hello", {into = TMPDIR})
check.raises_plain({"TLS error"}, fetch.url, HTTPS_BASE .. "/hello")
check.eq(fetch.url(HTTPS_BASE .. "/hello", {insecure = true}).size, 5, "insecure accepts the self-signed certificate")
check.raises_plain({"bad argument #1 to 'url' (string expected, got nil)"}, fetch.url, nil)

-- git: a local repository with two commits
local repo = TMPDIR .. "/repo"
sh([[set -e; git init -q "$1"; cd "$1"; git config user.email t@t; git config user.name t
  echo one > a.txt; git add a.txt; git commit -qm one; git tag v1
  echo two > a.txt; git commit -qam two]], repo)
local g = fetch.git("file://" .. repo)
check.eq(g.ok, true, "clone ok")
check.eq(g.status, 0, "status 0")
check.check(g.size > 0, "size counted")
check.eq(sh('cat "$1/a.txt"', g.path), "two", "cloned head")
check.check(g.path:find("ward%-fetch%-git%-") ~= nil, "temp dir name")
local t = fetch.git("file://" .. repo, {into = TMPDIR .. "/clone-tag", tag = "v1"})
check.eq(sh('cat "$1/a.txt"', t.path), "one", "tag")
local full = fetch.git("file://" .. repo, {into = TMPDIR .. "/clone-full", depth = false, rev = "HEAD~1"})
check.eq(full.ok, true, "full clone with rev")
check.eq(sh('cat "$1/a.txt"', full.path), "one", "rev checked out")
local bad = fetch.git("file://" .. TMPDIR .. "/no-such-repo", {into = TMPDIR .. "/clone-bad"})
check.eq(bad.ok, false, "failed clone")
check.check(bad.status ~= 0, "git's exit code")
check.eq(bad.path, nil, "no path")
check.eq(process.cmd("test", "-e", TMPDIR .. "/clone-bad"):output().ok, false, "what the call made is removed")
local big = fetch.git("file://" .. repo, {into = TMPDIR .. "/clone-cap", max_bytes = 1})
check.eq(big.status, 413, "max_bytes after the clone")
check.raises_plain({"git url must not start with '-'"}, fetch.git, "-x")
check.raises_plain({"git branch must not start with '-'"}, fetch.git, "u", {branch = "-b"})
check.raises_plain({"git rev must not start with '-'"}, fetch.git, "u", {rev = "-r"})
check.raises_plain({"depth expects a positive number (shallow) or false/0 (full clone)"}, fetch.git, "u", {depth = "x"})
check.raises_plain({"depth overflow"}, fetch.git, "u", {depth = 2^40})
