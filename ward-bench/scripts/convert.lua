-- ward.convert.json and ward.template.minijinja throughput (run by ward-bench/convert.sh):
-- json.decode and json.encode of one document (best of N runs, MB/s of the document's size),
-- then renders of a 100-line template (renders/s).
--   ./ward ward-bench/scripts/convert.lua FILE.json [runs] [renders]
local json = require("ward.convert.json")
local mj = require("ward.template.minijinja")
local process = require("ward.process")
local time = require("ward.time")

local file = assert(arg and arg[1], "usage: convert.lua FILE.json [runs] [renders]")
local runs = tonumber(arg[2]) or 3
local renders = tonumber(arg[3]) or 1000

local read = process.cmd("cat", file):output() -- Ward has no io library: cat gives the bytes
assert(read.ok, "cannot read " .. file)
local text = read.stdout
local mb = #text / 1e6

local function best(f)
  local b = math.huge
  local result
  for _ = 1, runs do
    local t0 = time.instant_now()
    result = f()
    b = math.min(b, t0:elapsed():seconds())
  end
  return b, result
end

local dt, value = best(function() return json.decode(text) end)
print(string.format("json.decode   %.1f MB: %.3f s  %.1f MB/s", mb, dt, mb / dt))
local et, out = best(function() return json.encode(value) end)
print(string.format("json.encode   %.1f MB: %.3f s  %.1f MB/s", #out / 1e6, et, mb / et))

-- a 100-line template: loops, conditions, filters and plain text
local lines = { "<html>", "<h1>{{ title|upper }}</h1>" }
for i = 1, 24 do
  lines[#lines + 1] = "<p>line " .. i .. " for {{ user.name }} ({{ user.email }})</p>"
  lines[#lines + 1] = "{% if user.admin %}<b>admin {{ loop_" .. i .. "|default('x') }}</b>{% endif %}"
  lines[#lines + 1] = "{% for item in items %}<li>{{ loop.index }}: {{ item.name }} = {{ item.price * 2 }}</li>{% endfor %}"
  lines[#lines + 1] = "<span>{{ items|length }} items, total {{ total }}</span>"
end
lines[#lines + 1] = "<footer>{{ title }}</footer>"
lines[#lines + 1] = "</html>"
assert(#lines == 100, #lines)
local template = table.concat(lines, "\n")
local items = {}
for i = 1, 10 do items[i] = { name = "item" .. i, price = i * 1.5 } end
local ctx = { title = "report", user = { name = "ann", email = "ann@example.org", admin = true }, items = items, total = 82.5 }
local opts = { undefined = "lenient" }
mj.render(template, ctx, opts) -- warm-up
for _ = 1, 50 do mj.render(template, ctx, opts) end
local t0 = time.instant_now()
for _ = 1, renders do mj.render(template, ctx, opts) end
local rt = t0:elapsed():seconds()
print(string.format("template      %d renders of %d lines: %.3f s  %.0f renders/s", renders, #lines, rt, renders / rt))
