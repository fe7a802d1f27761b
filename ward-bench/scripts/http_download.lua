-- Streams a large body through ward.net.http (stream = true) and counts the bytes, so the
-- heap holds at most the stream's buffer. Usage:
--   ./ward ward-bench/scripts/http_download.lua http://127.0.0.1:8080/big?n=1073741824
local time = require("ward.time")
local http = require("ward.net.http")
local url = assert(arg and arg[1], "usage: http_download.lua URL")
local t0 = time.instant_now()
local r = http.get(url, {stream = true})
local total = 0
while true do
  local chunk, err = r.stream:read()
  if not chunk then assert(err == "eof", err) break end
  total = total + #chunk
end
local s = t0:elapsed():seconds()
print(string.format("streamed %d bytes in %.2f s (%.0f MB/s)", total, s, total / s / 1e6))
return total
