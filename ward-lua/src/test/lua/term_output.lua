-- Self-checking tests for ward.term's printing, ANSI codes and progress lines (spec:
-- ward-term-helpers-lifecycle.md section 2; prompts: stdin/term_prompts.lua). The runtime of
-- LuaScriptsTest writes to its own streams, so nothing here is a terminal: progress bars
-- degrade to plain lines (docs/CONVERT.md, "ward.term"); WardTermIT covers a terminal.
local term = require("ward.term")
local check_lib = require("check")
local check, eq, fails = check_lib.check, check_lib.eq, check_lib.raises_plain

eq(require("ward").term, term, "require('ward').term")

-- ansi: 46 codes, emitted unconditionally
local n = 0
for _, v in pairs(term.ansi) do
  n = n + 1
  check(type(v) == "string" and v:sub(1, 2) == "\27[", "an escape sequence")
end
eq(n, 46, "46 ansi entries")
eq(term.ansi.red .. "hi" .. term.ansi.reset, "\27[31mhi\27[0m", "upstream test")
eq(term.ansi.bright_white, "\27[97m", "bright_white")
eq(term.ansi.bg_bright_black, "\27[100m", "bg_bright_black")
eq(term.ansi.bg_default, "\27[49m", "bg_default")
eq(term.ansi.clear_line, "\27[2K", "clear_line")
eq(term.ansi.strike, "\27[9m", "strike")

-- printing returns true; isatty is false for streams that are not the JVM's own
eq(term.print(), true, "print with no argument")
eq(term.eprint(""), true, "eprint")
eq(term.isatty(), false, "isatty stdout")
eq(term.isatty("STDERR"), false, "isatty stderr")
eq(term.isatty("stdin"), false, "isatty stdin")
fails("'tostring' must return a string", term.println, setmetatable({}, { __tostring = function() return {} end }))

-- progress: counters and upstream's API
local p = term.progress({ total = 3, message = "Working", width = 20 })
eq(tostring(p), "Progress(total=3, current=0)", "tostring")
p:tick()
p:tick(1)
eq(p:value(), 2, "value after ticks")
eq(tostring(p), "Progress(total=3, current=2)", "tostring after ticks")
p:tick(-5)
eq(p:value(), 2, "negative tick adds nothing")
eq(p:finish("Done"), true, "finish")
eq(p:finish("again"), true, "finish twice")
eq(p:message(), "Done", "message after finish")
eq(p:total(), 3, "total after finish")
p:total(5)
eq(p:total(), 5, "setters still work after finish")
local s = term.progress()
eq(tostring(s), "Progress(total=nil, current=0)", "spinner mode")
eq(s:total(), 0, "no total reads 0")
eq(s:message(), "", "no message reads ''")
s:value(-3)
eq(s:value(), 0, "negative value is 0")
eq(term.progress(2.9):total(), 2, "number argument, truncated")
eq(term.progress(-1):total(), 0, "negative total is 0")
eq(term.progress({ spinner = true, stream = "STDOUT" }):total(), 0, "unknown keys ignored")
fails("progress expects a table or a number, got string", term.progress, "x")
fails("progress expects at most one argument", term.progress, 1, 2)
fails("progress width must be a non-negative integer", term.progress, { width = -1 })
fails("bad argument #1 to 'tick' (Progress expected, got table)", p.tick, {})

-- plain lines: captured from a child ward process is not possible here; the line logic is
-- checked through stdout of a progress on "stdout", read back by WardTermIT. Here: no error
-- and no terminal codes are needed.
return check_lib.count()
