-- ward.io (ward-io-env-host.md part A) as far as a script can see it: writes to stdout and
-- stderr (types, binary data, return values), flushes, read_all's option rules, and reads at
-- the end of input (an embedded runtime's stdin is empty, and so is the jar's in the ITs).
-- Reads of real input, cancellation and ordering with print: StandardInputTest, IoModuleTest.
local io = require("ward.io")
local async = require("ward.async")

local check = require("check")
local eq, raises = check.eq, check.raises_plain

---------------------------------------------------------------- writes
eq(io.write_stdout(""), true, "empty write")
eq(io.write_stdout("io_streams: a line through write_stdout\n"), true, "write_stdout")
eq(io.write_stdout(12), true, "a number is written as Lua converts it")
eq(io.write_stdout("\n"), true, "newline")
eq(io.write_stderr("io_streams: \0binary\255 to stderr\n"), true, "binary-safe write_stderr")
eq(select("#", io.flush_stdout()), 0, "flush_stdout returns nothing")
eq(select("#", io.flush_stderr()), 0, "flush_stderr returns nothing")
eq(io.flush_stdout(), nil, "flush_stdout == nil")

raises("bad argument #1 to 'write_stdout' (string expected, got nil)", io.write_stdout, nil)
raises("bad argument #1 to 'write_stdout' (string expected, got no value)", io.write_stdout)
raises("bad argument #1 to 'write_stdout' (string expected, got boolean)", io.write_stdout, true)
raises("bad argument #1 to 'write_stderr' (string expected, got table)", io.write_stderr, {})
raises("bad argument #1 to 'write_stderr' (string expected, got function)", io.write_stderr, print)

-- concurrent writers: each write is whole (nothing to compare here but that none fails)
local tasks = {}
for i = 1, 10 do
  tasks[i] = async.spawn(function() return io.write_stdout("") end)
end
for i = 1, 10 do eq(tasks[i]:wait(), true, "concurrent write " .. i) end

---------------------------------------------------------------- read_all options
raises("read_all(opts) expects nil, number, or table, got string", io.read_all, "10")
raises("read_all(opts) expects nil, number, or table, got boolean", io.read_all, true)
raises("read_all(opts) expects nil, number, or table, got function", io.read_all, print)
raises("max_bytes must be number, got string", io.read_all, { max_bytes = "3" })
raises("max_bytes must be number, got boolean", io.read_all, { max_bytes = false })

---------------------------------------------------------------- reads at the end of input
eq(io.read_all(), "", "read_all at end of input: empty string")
eq(io.read_all(3), "", "a limit larger than the input is fine")
eq(io.read_all(0), "", "0: no limit")
eq(io.read_all(-5), "", "negative: no limit")
eq(io.read_all(0.5), "", "0.5: a limit of 0, and 0 bytes fit")
eq(io.read_all(0 / 0), "", "NaN: no limit")
eq(io.read_all(1 / 0), "", "inf: no limit")
eq(io.read_all({}), "", "table without max_bytes")
eq(io.read_all({ max_bytes = 10 }), "", "max_bytes")
eq(io.read_line(), nil, "read_line at end of input: nil")
eq(io.read_line(), nil, "and again: end of input is asked again, not remembered")
local it = io.read_lines()
eq(type(it), "function", "read_lines returns a function")
check.check(io.read_lines() ~= it, "a new function each call")
eq(it(), nil, "the iterator at end of input")
eq(it("ignored", 1), nil, "the iterator ignores its arguments")
local n = 0
for _ in io.read_lines() do n = n + 1 end
eq(n, 0, "generic for over empty input")

-- reads from concurrent tasks all end
for i = 1, 5 do tasks[i] = async.spawn(function() return io.read_line() end) end
for i = 1, 5 do eq(tasks[i]:wait(), nil, "concurrent read_line " .. i) end

print(string.format("io_streams: %d checks", check.count()))
