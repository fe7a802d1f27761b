-- Handler for HttpConformanceTest / HttpStreamingTest: one route per behaviour under test.
local time = require("ward.time")
local text = { ["content-type"] = "text/plain" }

local function sorted_pairs(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  local i = 0
  return function() i = i + 1; return keys[i], t[keys[i]] end
end

function handle(req, res)
  local p = req.path
  if p == "/slow" then time.sleep("300ms"):wait(); return 200, text, "slow" end
  if p == "/fast" then return 200, text, "fast" end
  if p == "/echo" then return 200, text, req.method .. " " .. req.body end
  if p == "/error" then error("secret internal detail") end
  if p == "/error-table" then error({ password = "hunter2" }) end
  if p == "/bad-result" then return "secret-status" end
  if p == "/sleep" then time.sleep("60s"):wait() end
  if p == "/info" then
    local out = {}
    for _, f in ipairs({ "method", "path", "query_string", "version", "remote_addr", "id" }) do
      out[#out + 1] = f .. "=" .. tostring(req[f])
    end
    out[#out + 1] = "port=" .. math.type_or_number(req.remote_port)
    for k, v in sorted_pairs(req.query) do out[#out + 1] = "q." .. k .. "=" .. v end
    for k, v in sorted_pairs(req.query_all) do out[#out + 1] = "qa." .. k .. "=" .. table.concat(v, ",") end
    out[#out + 1] = "h.x-multi=" .. tostring(req.headers["x-multi"])
    out[#out + 1] = "ha.x-multi=" .. table.concat(req.headers_all["x-multi"], ",")
    return 200, { ["content-type"] = "text/plain", ["x-list"] = { "a", "b" } }, table.concat(out, "\n") .. "\n"
  end
  if p == "/stream" then
    res:start(201, text)
    for i = 1, 3 do res:write("part" .. i .. "\n") end
    res:finish("end\n")
    return
  end
  if p == "/stream-implicit" then
    res:write("a")
    res:write("b")          -- returning finishes the response
    return
  end
  if p == "/stream-fail" then
    res:write("partial")
    error("failed mid-stream")
  end
  if p == "/count" then      -- reads the body in pieces, answers its size
    local n, pieces = 0, 0
    while true do
      local chunk = req:read(1000)
      if not chunk then break end
      n = n + #chunk; pieces = pieces + 1
    end
    return 200, text, n .. " bytes"
  end
  if p == "/count-catch" then
    local ok, err = pcall(function() return req.body end)
    return 200, text, tostring(ok) .. " " .. tostring(err)
  end
  if p == "/bad-write" then
    local ok, err = pcall(res.write, res, {})
    local ok2, err2 = pcall(res.start, res, 99)
    return 200, text, err .. "\n" .. err2
  end
  return 404, text, "not found\n"
end

function math.type_or_number(v) return type(v) == "number" and "number" or tostring(v) end
