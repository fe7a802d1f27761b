-- Handler for HttpStreamingMemoryIT: bodies far larger than the server's heap, streamed.
local block = string.rep("0123456789abcdef", 4096)   -- 64 KiB

function handle(req, res)
  if req.path == "/upload" then            -- reads the request body piece by piece
    local n = 0
    while true do
      local chunk = req:read()
      if not chunk then break end
      n = n + #chunk
    end
    return 200, { ["content-type"] = "text/plain" }, tostring(n)
  end
  if req.path == "/download" then          -- streams n bytes of the block, chunked
    local n = tonumber(req.query.n)
    res:start(200, { ["content-type"] = "application/octet-stream" })
    while n >= #block do
      res:write(block)
      n = n - #block
    end
    res:finish(block:sub(1, n))
    return
  end
  if req.path == "/echo" then              -- the request body back as it arrives
    res:start(200, {})
    while true do
      local chunk = req:read()
      if not chunk then break end
      res:write(chunk)
    end
    return
  end
  return 404, {}, "not found\n"
end
