-- ward.module.git against a local repository (ModuleManagerTest makes it: two commits, tag v1;
-- foo.lua and lua/my_repo/{init,api}.lua say which version they are).
local module = require("ward.module")
local async = require("ward.async")
local check = require("check")
local eq, raises_plain = check.eq, check.raises_plain

assert(require("ward").module == module, "require('ward') lists ward.module")
eq(module.dir(), DATA_HOME .. "/ward/externals", "dir() under $XDG_DATA_HOME")

-- the upstream test: a name is canonical, the id is sha256(url .. "\nhead"), the files are there
local r = module.git(REPO, { name = "My Repo", force = true })
eq(r.ok, true, "ok: " .. tostring(r.error))
eq(r.name, "my_repo", "canonical name")
eq(r.require, "my_repo", "require name")
eq(r.id, HEAD_ID, "id")
eq(r.path, module.dir() .. "/.store/" .. HEAD_ID, "path")
eq(r.store_path, r.path, "store_path")
eq(require(r.require).version, 2, "require finds lua/my_repo/init.lua at HEAD")
eq(require("my_repo.api").api, 2, "submodules map to lua/my_repo/api.lua")
assert(package.path:find(r.path .. "/?.lua", 1, true), "package.path has the root: " .. package.path)

-- the default name comes from the URL ("My Repo" -> my_repo); the same id is reused
local again = module.git(REPO)
eq(again.name, "my_repo", "default name from the url")
eq(again.id, HEAD_ID, "same selector, same id")

-- rebinding: foo to rev1, then rev2 without force raises, with force reloads
local one = module.git(REPO, { name = "foo", rev = REV1 })
eq(one.ok, true, "rev1: " .. tostring(one.error))
eq(require("foo").greet(), "v1", "foo at rev1")
raises_plain("external 'foo' already bound to " .. one.id .. "; set opts.force=true to rebind",
  module.git, REPO, { name = "foo", rev = REV2 })
local two = module.git(REPO, { name = "foo", rev = REV2, force = true })
eq(two.ok, true, "rev2")
assert(two.id ~= one.id, "another selector, another id")
eq(require("foo").greet(), "v2", "force rebinding reloads")
local n = select(2, package.path:gsub(one.path, ""))
eq(n, 0, "the old root left package.path")

-- tag and branch selectors; a shallow clone
local tagged = module.git(REPO, { name = "tagged", tag = "v1", depth = 1 })
eq(tagged.ok, true, "tag: " .. tostring(tagged.error))
eq(tagged.id, TAG_ID, "tag id")
local branch = module.git(REPO, { name = "branchy", branch = "main", filter_blobs = false, recursive = true })
eq(branch.ok, true, "branch: " .. tostring(branch.error))

-- a failed clone: ok = false, the reason, nothing bound
local missing = module.git(MISSING_REPO, { name = "gone" })
eq(missing.ok, false, "missing repository")
assert(missing.error:find("git clone failed", 1, true), missing.error)
eq(package.loaded.gone, nil, "nothing loaded")
local bad_rev = module.git(REPO, { name = "badrev", rev = "0000000000000000000000000000000000000000" })
eq(bad_rev.ok, false, "unknown revision")

-- two clones at once from two tasks (each suspends only itself)
local t1 = async.spawn(function() return module.git(REPO, { name = "c1", branch = "main", depth = 1 }) end)
local t2 = async.spawn(function() return module.git(REPO, { name = "c2", branch = "main", depth = 1 }) end)
local a, b = t1:wait(), t2:wait()
eq(a.ok and b.ok, true, "concurrent clones")
eq(a.id, b.id, "same selector")

-- bad input
raises_plain("bad argument #1 to 'git' (string expected, got no value)", module.git)
raises_plain("bad argument #1 to 'git' (string expected, got table)", module.git, {})
raises_plain("bad argument #1 to 'git' (url must not start with '-')", module.git, "--upload-pack=x")
raises_plain("bad argument #2 to 'git' (table expected, got string)", module.git, REPO, "x")
raises_plain("bad argument #2 to 'git' (only one of opts.rev/opts.branch/opts.tag may be set)",
  module.git, REPO, { rev = "a", tag = "b" })
raises_plain("bad argument #2 to 'git' (opts.branch must not start with '-')", module.git, REPO, { branch = "-x" })
raises_plain("bad argument #2 to 'git' (opts.depth must be a positive integer, got boolean)",
  module.git, REPO, { depth = false })
raises_plain("bad argument #2 to 'git' (opts.depth must be a positive integer, got 0)", module.git, REPO, { depth = 0 })
raises_plain("bad argument #2 to 'git' (opts.name must be a string, got table)", module.git, REPO, { name = {} })
raises_plain("bad argument #2 to 'git' (opts.rev must be a string, got boolean)", module.git, REPO, { rev = true })
