-- Awaiting works inside pcall/xpcall, metamethods, iterators, table.sort and gsub callbacks
-- (semantics.md §1): the await suspends the whole task and resumes exactly there.
local async = require("ward.async")
local time = require("ward.time")

local function nap() return time.sleep("1ms"):wait() end

-- pcall / xpcall
local ok, v = pcall(function() nap(); return "in pcall" end)
assert(ok and v == "in pcall")
ok, v = xpcall(function() nap(); error("after nap") end, function(e) nap(); return "handled: " .. e end)
assert(not ok and v:find("^handled: .*after nap"), v)

-- metamethods
local mt = {
  __index = function(_, k) nap(); return k .. "!" end,
  __add = function(a, b) nap(); return a.n + b.n end,
  __call = function(self, x) nap(); return x * 2 end,
  __tostring = function() nap(); return "napped" end,
  __eq = function() nap(); return true end,
  __lt = function() nap(); return true end,
  __concat = function() nap(); return "cat" end,
  __len = function() nap(); return 99 end,
}
local a = setmetatable({ n = 1 }, mt)
local b = setmetatable({ n = 2 }, mt)
assert(a.hello == "hello!")
assert(a + b == 3)
assert(a(21) == 42)
assert(tostring(a) == "napped")
assert(a == b)
assert(a < b)
assert(a .. b == "cat")
assert(#a == 99)

-- generic-for iterator that awaits
local function slow_range(n)
  local i = 0
  return function() nap(); i = i + 1; if i <= n then return i end end
end
local sum = 0
for i in slow_range(5) do sum = sum + i end
assert(sum == 15)

-- table.sort comparator and string.gsub callback
local t = { 5, 3, 9, 1 }
table.sort(t, function(x, y) nap(); return x < y end)
assert(table.concat(t, ",") == "1,3,5,9")
local s = ("abc"):gsub("%w", function(c) nap(); return c:upper() end)
assert(s == "ABC")

-- all of it concurrently from several tasks: each resumes in its own place
local tasks = {}
for k = 1, 10 do
  tasks[k] = async.spawn(function()
    local acc = 0
    for i in slow_range(3) do
      local okk, r = pcall(function() return setmetatable({}, mt)[k] end)
      assert(okk and r == k .. "!")
      acc = acc + i
    end
    return acc * k
  end)
end
local total = 0
for k = 1, 10 do total = total + tasks[k]:wait() end
assert(total == 6 * 55)
print("async_await_anywhere ok")
