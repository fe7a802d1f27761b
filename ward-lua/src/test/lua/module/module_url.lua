-- ward.module.url against a local HTTP server (ModuleManagerTest): download, bind, require,
-- retries, max_bytes, transport errors, reuse without a request, and that a download suspends
-- only the calling task.
local module = require("ward.module")
local async = require("ward.async")
local check = require("check")
local eq, raises_plain = check.eq, check.raises_plain

local r = module.url(SERVER .. "/mod.lua")
eq(r.ok, true, "ok: " .. tostring(r.error))
eq(r.name, "mod", "name from the url, .lua removed")
eq(r.id, MOD_ID, "id = sha256(url .. '\\nurl')")
eq(r.path, module.dir() .. "/.store/" .. MOD_ID, "path")
local mod = require(r.require) -- the downloaded init.lua, through package.preload
eq(mod.hello(), "hi", "the module runs")
eq(mod.name, "mod", "loaded with its name")
eq(HITS("/mod.lua"), 1, "one request")
local again = module.url(SERVER .. "/mod.lua?ignored=1#frag", { name = "mod" })
eq(again.id, MOD_ID, "query and fragment are not part of the id")
eq(HITS("/mod.lua"), 1, "reused: no second request")

-- redirects are followed by default
local moved = module.url(SERVER .. "/moved.lua", { name = "moved" })
eq(moved.ok, true, "redirect followed")
eq(require("moved").hello(), "hi", "redirect target")
local stay = module.url(SERVER .. "/moved-again.lua", { name = "stay", follow_redirects = false, retries = 1 })
eq(stay.ok, false, "302 without following")

-- non-2xx statuses are retried
local flaky = module.url(SERVER .. "/flaky.lua", { retries = 3, retry_delay = 1 })
eq(flaky.ok, true, "third attempt")
eq(HITS("/flaky.lua"), 3, "three attempts")
eq(require("flaky"), "flaky after 3", "the successful body")
local missing = module.url(SERVER .. "/missing.lua", { retries = 2, retry_delay = 0 })
eq(missing.ok, false, "404")
eq(missing.error, "HTTP status 404 after 2 attempts", "why")
eq(HITS("/missing.lua"), 2, "two attempts")
eq(package.preload.missing, nil, "nothing bound")

-- max_bytes: the 413 of the spec
local big = module.url(SERVER .. "/big.lua", { max_bytes = 10, retries = 1 })
eq(big.ok, false, "too big")
eq(big.error, "HTTP status 413 after 1 attempt", "413")

-- method and headers
local echo = module.url(SERVER .. "/echo.lua", { method = "get", headers = { ["X-Token"] = "t0k" } })
eq(require(echo.require), "GET t0k", "method and header sent")

-- a transport error is raised at once, not retried
raises_plain("download failed: connection refused", module.url, "http://127.0.0.1:1/x.lua", { retries = 3 })

-- the download suspends only the calling task: the server answers /slow.lua only after this
-- main chunk has run on and released it (a blocked loop would never get there)
local t = async.spawn(function() return module.url(SERVER .. "/slow.lua") end)
local released = false
async.spawn(function()
  while HITS("/slow.lua") == 0 do require("ward.time").sleep("1ms"):wait() end
  RELEASE_SLOW()
  released = true
end):wait()
local slow = t:wait()
eq(released, true, "released while the download was in flight")
eq(slow.ok, true, "slow download")
eq(require("slow"), "slow", "slow module")

-- bad input
raises_plain("bad argument #1 to 'url' (string expected, got no value)", module.url)
raises_plain("bad argument #1 to 'url' (http or https url expected, got 'ftp://x/y.lua')", module.url, "ftp://x/y.lua")
raises_plain("bad argument #1 to 'url' (http or https url expected, got 'nothing')", module.url, "nothing")
raises_plain("bad argument #2 to 'url' (table expected, got number)", module.url, SERVER .. "/mod.lua", 5)
raises_plain("bad argument #2 to 'url' (opts.headers must be a table, got number)",
  module.url, SERVER .. "/mod.lua", { headers = 5, force = true })
raises_plain("bad argument #2 to 'url' (opts.headers must map strings to strings, got number = string)",
  module.url, SERVER .. "/mod.lua", { headers = { [1] = "x" } })
raises_plain("bad argument #2 to 'url' (opts.retries must be an integer, got string)",
  module.url, SERVER .. "/mod.lua", { retries = "x" })
raises_plain("bad argument #2 to 'url' (opts.max_bytes must be positive, got 0)",
  module.url, SERVER .. "/mod.lua", { max_bytes = 0 })
raises_plain("bad argument #2 to 'url' (opts.method must be an HTTP method name, got 'G T')",
  module.url, SERVER .. "/mod.lua", { method = "g t" })
