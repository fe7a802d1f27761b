-- A generic for takes three values from its expression list (generator, state, control).
-- Lua 5.2 evaluates any further expressions, for their side effects, and drops their values.
-- lua5.2 itself then miscompiles the body (the dropped values stay in registers its parser
-- counts as free, so a table constructor of the loop variables there gives {nil, nil}): Ward
-- does not copy that bug, and lua5.2 fails the "temporaries" line below.
local evaluated = {}
local function note(x) evaluated[#evaluated + 1] = x; return x end

local function upto(limit, i)
  if i < limit then return i + 1 end
end

local sum = 0
for i in upto, 3, 0, note("fourth") do sum = sum + i end
assert(sum == 6, "sum " .. sum)
assert(evaluated[1] == "fourth", "the fourth expression is evaluated")

local keys = 0
for k, v in next, {a = 1, b = 2}, nil, note("x"), note("y") do
  local t = {k, v} -- temporaries in the body use registers above the loop's
  assert(#t == 2)
  keys = keys + 1
end
assert(keys == 2 and #evaluated == 3, "two loop turns, two more expressions")

-- nested loops, each with an extra expression, and a closure over the loop variable
local fs = {}
for i in upto, 2, 0, 99 do
  for j in upto, 2, 0, 98 do
    fs[#fs + 1] = function() return i * 10 + j end
  end
end
assert(#fs == 4 and fs[1]() == 11 and fs[4]() == 22)

-- a loaded chunk too
assert(load("local n = 0 for i in ... , 2, 0, 'extra' do n = n + i end return n")(upto) == 3)
print("generic_for ok")
