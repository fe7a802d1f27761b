-- Handler for HttpOperationsTest and HttpDrainTest. VERSION is replaced by the tests that reload.
local time = require("ward.time")
local version = "VERSION"
local worker

function init(n)
  worker = n
  if os and os.getenv and os.getenv("WARD_FAIL_INIT") then error("init refused") end
end

function handle(req, res)
  if req.path == "/version" then
    return 200, {}, version .. " worker=" .. tostring(worker)
  end
  if req.path == "/hold" then         -- in flight for a while, visibly started
    res:start(200, {})
    res:write("started " .. version .. "\n")
    time.sleep(req.query.ms and (req.query.ms .. "ms") or "1s"):wait()
    res:finish("done " .. version .. "\n")
    return
  end
  return 404, {}, "not found\n"
end
