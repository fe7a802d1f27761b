-- ward.env (ward-io-env-host.md part B): the overlay (set/unset/clear over the process
-- environment), export, list, is_exists, hostname, which/is_in_path, argument conversion, and
-- what real ward.process children see (overlay < per-command variables; PATH search along
-- the child's PATH).
local env = require("ward.env")
local process = require("ward.process")

local check = require("check")
local eq, ok, raises = check.eq, check.check, check.raises_plain

local function sh(script, cmd_env)
  local c = process.cmd("sh", "-c", script)
  if cmd_env then c = c:envs(cmd_env) end
  local r = c:output()
  assert(r.ok, "sh failed: " .. tostring(r.stderr))
  return r.stdout
end

-- unique names, so that the JVM's environment (shared by both engines' runs) cannot interfere
local K = "WARD_ENV_TEST_" .. tostring(math.random(1, 1e9))

---------------------------------------------------------------- get / set / unset / clear
eq(env.get(K), nil, "unset name: nil")
eq(env.get(K, "dflt"), "dflt", "unset name: the default")
eq(env.get(K, 8080), "8080", "a number default comes back as a string")
eq(env.get("", "d"), "d", "empty key: the default")
eq(env.set(K, "v1"), true, "set")
eq(env.get(K), "v1", "get after set")
eq(env.get(K, "dflt"), "v1", "a set value beats the default")
eq(env.set(K, ""), true, "set to empty")
eq(env.get(K, "dflt"), "", "an empty value is a value, not the default")
eq(env.is_exists(K), true, "an empty value exists")
eq(env.set(K, 42), true, "a number value")
eq(env.get(K), "42", "converted to a string")
eq(env.set("", "x"), false, "empty key")
eq(env.set("A=B", "x"), false, "key with =")
eq(env.set("A\0B", "x"), false, "key with NUL")
eq(env.set(K, "a\0b"), false, "value with NUL")
eq(env.get(K), "42", "an invalid set changes nothing")
eq(env.unset(K), true, "unset")
eq(env.get(K, "gone"), "gone", "unset: the default")
eq(env.is_exists(K), false, "unset: does not exist")
eq(env.unset(K .. "_NEVER"), true, "unset of a name that never existed")
eq(env.unset(""), false, "unset of an empty key")
eq(env.unset("A=B"), false, "unset of a key with =")
eq(env.is_exists(""), false, "empty key never exists")

-- a variable of the process environment: PATH exists wherever tests run
local path = env.get("PATH")
ok(type(path) == "string" and #path > 0, "PATH is inherited from the process")
eq(env.unset("PATH"), true, "tombstone for a process variable")
eq(env.get("PATH"), nil, "tombstoned")
eq(env.is_exists("PATH"), false, "tombstoned: not existing")
eq(env.list().PATH, nil, "tombstoned names are not listed")
eq(env.clear(), nil, "clear returns nothing")
eq(select("#", env.clear()), 0, "clear returns no value at all")
eq(env.get("PATH"), path, "clear forgets the tombstone")
env.set(K, "x")
env.clear()
eq(env.get(K), nil, "clear forgets overrides")

---------------------------------------------------------------- list
env.set(K, "listed")
local l = env.list()
eq(l[K], "listed", "list has the overlay's values")
eq(l.PATH, path, "list has the process variables")
l[K] = "changed"
eq(env.get(K), "listed", "list is a copy")
env.clear()

---------------------------------------------------------------- export
local E = K .. "_EXPORTED"
eq(env.export(E, "persisted"), true, "export")
eq(env.get(E), "persisted", "visible through get")
env.clear()
eq(env.get(E), "persisted", "clear keeps exported values (they live in the process environment)")
eq(env.export(E, nil), true, "export nil removes")
eq(env.get(E, "missing"), "missing", "removed")
env.clear()
eq(env.get(E, "missing"), "missing", "removed from the process environment too")
eq(env.export("", "x"), false, "export: empty key")
eq(env.export("A=B", "x"), false, "export: key with =")
eq(env.export(E, "a\0b"), false, "export: value with NUL")
eq(env.export(E), true, "export without a value removes")

---------------------------------------------------------------- children see the overlay
env.set(K, "from overlay")
eq(sh('printf "%s" "$' .. K .. '"'), "from overlay", "a child sees env.set")
eq(sh('printf "%s" "$' .. K .. '"', { [K] = "from cmd" }), "from cmd", "per-command variables beat the overlay")
eq(process.cmd("sh", "-c", 'printf "%s" "$' .. K .. '"'):pipe(process.cmd("sh", "-c", 'cat; printf "+%s" "$' .. K .. '"'))
  :output().stdout, "from overlay+from overlay", "every stage of a pipeline sees the overlay")
env.unset(K)
eq(sh('printf "%s" "${' .. K .. '-unset}"'), "unset", "a child does not see a tombstoned name")
eq(sh('printf "%s" "${' .. K .. '-unset}"', { [K] = "re-added" }), "re-added", "a command variable re-adds a tombstoned name")
local HOME_SET = env.get("HOME") ~= nil
if HOME_SET then
  env.unset("HOME")
  eq(sh('printf "%s" "${HOME-none}"'), "none", "a process variable tombstoned for the child")
end
env.clear()
eq(sh('printf "%s" "${' .. K .. '-unset}"'), "unset", "after clear the child sees the process environment")
-- the snapshot is taken when the child starts: changes afterwards do not reach it
env.set(K, "before")
local child = process.cmd("sh", "-c", 'read x; printf "%s" "$' .. K .. '"'):spawn({ stdin = true, stdout = "pipe" })
env.set(K, "after")
child:stdin():write("go\n")
child:stdin():close()
local res = child:wait()
eq(res.stdout, "before", "a running child keeps the environment it started with")
env.clear()

---------------------------------------------------------------- which / is_in_path
local dir = sh("mktemp -d"):gsub("\n$", "")
process.cmd("sh", "-c", 'printf "#!/bin/sh\\necho found-me\\n" > "$1/ward-which-tool" && chmod 755 "$1/ward-which-tool"'
  .. ' && printf "x" > "$1/not-executable" && chmod 644 "$1/not-executable" && mkdir "$1/a-dir"'
  .. ' && ln -s "$1/ward-which-tool" "$1/link-to-tool" && mkdir "$1/with space" && cp "$1/ward-which-tool" "$1/with space/spaced-tool"',
  "sh", dir):output()

eq(env.which("ward-which-tool"), nil, "not on the PATH yet")
eq(env.is_in_path("ward-which-tool"), false, "is_in_path: no")
env.set("PATH", "::" .. dir .. ":" .. path)
eq(env.which("ward-which-tool"), dir .. "/ward-which-tool", "found along the overlay's PATH (empty entries skipped)")
eq(env.is_in_path("ward-which-tool"), true, "is_in_path: yes")
eq(env.which("link-to-tool"), dir .. "/link-to-tool", "a symlink to an executable qualifies (the link's path)")
eq(env.which("not-executable"), nil, "no execute bit: not a program")
eq(env.which("a-dir"), nil, "a directory is not a program")
eq(env.which(""), nil, "empty name")
eq(env.which("no-such-program-ward"), nil, "missing")
eq(env.which(dir .. "/ward-which-tool"), dir .. "/ward-which-tool", "an absolute path is checked as is")
eq(env.which(dir .. "/not-executable"), nil, "an absolute path without execute bit")
eq(env.is_in_path(dir .. "/ward-which-tool"), true, "is_in_path accepts an explicit path")
eq(env.which(dir .. "/with space/spaced-tool"), dir .. "/with space/spaced-tool", "a path with a space")
-- a relative path containing '/' is resolved against the working directory and returned absolute
local rel = env.which("./no-such-dir/tool")
eq(rel, nil, "relative explicit path that does not exist")
-- a child finds its program along the overlay's PATH (not the JVM's)
eq(process.cmd("ward-which-tool"):output().stdout, "found-me\n", "the child's program is found along the overlay's PATH")
env.set("PATH", dir)
eq(env.which("sh"), nil, "only the overlay's PATH counts")
eq(process.cmd("ward-which-tool"):output().stdout, "found-me\n", "a PATH holding only the tool's directory")
env.unset("PATH")
eq(env.which("ward-which-tool"), nil, "no PATH at all: nil")
env.clear()
eq(env.which("sh") ~= nil, true, "sh is on the process PATH")
-- per-command PATH: the program is found along it
eq(process.cmd("ward-which-tool"):env("PATH", dir .. ":" .. path):output().stdout, "found-me\n",
  "found along the command's own PATH")
process.cmd("rm", "-rf", dir):output()

---------------------------------------------------------------- hostname
local h = env.hostname()
ok(type(h) == "string", "hostname is a string")
eq(h, require("ward.host.platform").hostname(), "the same host name as ward.host.platform")

---------------------------------------------------------------- argument errors
raises("bad argument #1 to 'get' (string expected, got nil)", env.get, nil)
raises("bad argument #1 to 'get' (string expected, got no value)", env.get)
raises("bad argument #2 to 'get' (string expected, got boolean)", env.get, "X", true)
raises("bad argument #1 to 'set' (string expected, got table)", env.set, {}, "v")
raises("bad argument #2 to 'set' (string expected, got nil)", env.set, K, nil)
raises("bad argument #1 to 'unset' (string expected, got boolean)", env.unset, false)
raises("bad argument #2 to 'export' (string expected, got table)", env.export, K, {})
raises("bad argument #1 to 'is_exists' (string expected, got nil)", env.is_exists, nil)
raises("bad argument #1 to 'which' (string expected, got nil)", env.which, nil)
raises("bad argument #1 to 'is_in_path' (string expected, got function)", env.is_in_path, print)
raises("bad argument #1 to 'set' (invalid UTF-8)", env.set, "\255", "v")
raises("bad argument #2 to 'set' (invalid UTF-8)", env.set, K, "\255")

print(string.format("env_overlay: %d checks", check.count()))
