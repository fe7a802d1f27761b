-- ward.term's prompts (ward-term-helpers-lifecycle.md 2.2, 2.3) reading a pipe that the script
-- fills itself: feed(s) adds bytes, feed_end() one end of input (TermPromptsTest sets both).
-- Prompts and ward.io share one stdin reader: lines go to whoever asks first, nothing is lost
-- between them, and a prompt that is cancelled (timeout, a lost select) takes nothing.
-- What the prompts write is compared with term_prompts.stdout.
local term, wio, async, time = require("ward.term"), require("ward.io"), require("ward.async"), require("ward.time")
local check_lib = require("check")
local check, eq, fails = check_lib.check, check_lib.eq, check_lib.raises_plain

---------------------------------------------------------------- prompt, interleaved with ward.io
feed("first\nAda\n\n  spaced  \r\nraw\r\nlast\n")
eq(wio.read_line(), "first", "ward.io reads before a prompt")
eq(term.prompt("Name?"):wait(), "Ada", "prompt")
eq(term.prompt("City?", { default = "Paris" })(), "Paris", "a blank line takes the default")
eq(term.prompt({ question = "Keep?" }):wait(), "  spaced  ", "trim removes only the line end")
eq(term.prompt("Raw?", { trim = false }):wait(), "raw\r\n", "without trim the line end stays")
eq(wio.read_line(), "last", "ward.io reads after prompts")
feed("\n")
eq(term.prompt("Empty?"):wait(), "", "a blank line without default")

---------------------------------------------------------------- confirm
feed("y\nYES\nno\n\n maybe \n")
eq(term.confirm("A?"):wait(), true, "y")
eq(term.confirm("B?"):wait(), true, "YES")
eq(term.confirm("C?", { default = true }):wait(), false, "no")
eq(term.confirm({ question = "D?", default = true }):wait(), true, "blank: the default")
eq(term.confirm("E?"):wait(), false, "anything else is false, no asking again")

---------------------------------------------------------------- choose
feed("9\nx\n2\n\n")
local colors = { "red", "green", "blue" }
eq(term.choose({ question = "Pick", choices = colors }):wait(), "green", "asks again until a valid number")
eq(term.choose({ question = "Again", choices = colors, default = 3 }):wait(), "blue", "blank: the default")

---------------------------------------------------------------- password (stdin is no terminal: a plain line)
feed("s3cret\r\nabc\r\r\nxyz\r\r\n")
eq(term.password("Password:"):wait(), "s3cret", "password")
eq(term.password("P2:", { trim = false }):wait(), "abc\r", "one line end removed")
eq(term.password({ prompt = "P3:", trim = true }):wait(), "xyz", "trim removes every trailing \\r")

---------------------------------------------------------------- one awaitable, asked at each wait
local again = term.prompt("Again?")
eq(tostring(again), "InputAwaitable", "tostring")
feed("one\ntwo\n")
eq(again:wait(), "one", "first wait")
eq(again(), "two", "second wait asks again")

---------------------------------------------------------------- prompts of several tasks: one at a time, FIFO
-- A prompt asks (writes its text, then reads) only when the prompts before it have their
-- answers; a ward.io read does not queue behind prompts, it joins the reader's queue at once:
-- here after the first prompt's read, before the second prompt's.
local t1 = async.spawn(function() return term.prompt("T1?"):wait() end)
local t2 = async.spawn(function() return term.confirm("T2?"):wait() end)
local t3 = async.spawn(function() return wio.read_line() end)
feed("from one\nfor io\ny\n")
eq(t1:wait(), "from one", "first task")
eq(t3:wait(), "for io", "ward.io, queued at the reader before the second prompt asked")
eq(t2:wait(), true, "second task")

---------------------------------------------------------------- cancelled prompts lose nothing
feed("par")
local ok, err = pcall(function() return time.timeout(term.prompt("Slow?"), "20ms"):wait() end)
eq(ok, false, "the prompt timed out")
check(tostring(err):find("timeout"), "timeout error: " .. tostring(err))
feed("tial\n")
eq(wio.read_line(), "partial", "the bytes the cancelled prompt waited on went to ward.io")

local sleeper = time.sleep("10ms")
eq(async.select({ term.prompt("Lost?"), sleeper }), 2, "the timer wins the select")
feed("kept\n")
eq(term.prompt("Won?"):wait(), "kept", "the losing prompt took nothing")

local waiting = async.spawn(function() return term.choose({ question = "Cancel", choices = { "a" } }):wait() end)
local other = async.spawn(function() return term.prompt("Next?"):wait() end)
time.sleep("5ms"):wait()
waiting:cancel()
check(not pcall(waiting.wait, waiting), "the chooser was cancelled")
feed("after cancel\n")
eq(other:wait(), "after cancel", "the next prompt in the queue asks once the cancelled one leaves")

---------------------------------------------------------------- end of input
feed_end()
eq(term.prompt("Eof1?"):wait(), nil, "prompt at end of input")
feed_end()
eq(term.confirm("Eof2?", { default = true }):wait(), true, "confirm at end of input: the default")
feed_end()
eq(term.choose({ question = "Eof3", choices = { "x" }, default = 1 }):wait(), nil, "choose at end of input")
feed_end()
eq(term.password("Eof4:"):wait(), nil, "password at end of input")
feed("tail without newline")
feed_end()
eq(term.prompt("Tail?"):wait(), "tail without newline", "the last line without a newline")

---------------------------------------------------------------- argument forms (spec 2.2)
fails("prompt expects arguments", term.prompt)
fails("prompt expects string or table {question, default?, trim?}", term.prompt, true)
fails("prompt first arg must be string", term.prompt, {}, {})
fails("prompt second arg must be table", term.prompt, "Q", "x")
fails("bad argument #1 to 'prompt' (field 'question' must be a string, got nil)", term.prompt, {})
fails("bad argument #2 to 'prompt' (field 'default' must be a string, got table)", term.prompt, "Q", { default = {} })
fails("confirm expects arguments", term.confirm)
fails("confirm expects string or table {question, default?}", term.confirm, 1 == 1)
fails("confirm first arg must be string", term.confirm, nil, {})
fails("confirm second arg must be table", term.confirm, "Q", 1)
fails("bad argument #1 to 'confirm' (field 'default' must be a boolean, got string)", term.confirm, { question = "Q", default = "y" })
fails("password expects arguments", term.password)
fails("password expects string or table {prompt, trim?}", term.password, false)
fails("password first arg must be string", term.password, true, {})
fails("password second arg must be table", term.password, "P", true)
fails("bad argument #1 to 'password' (field 'prompt' must be a string, got nil)", term.password, { question = "P" })
fails("choose expects table {question, choices, default?}", term.choose, "Q")
fails("choose requires non-empty choices", term.choose, { question = "Q", choices = {} })
fails("choose default is out of range", term.choose, { question = "Q", choices = { "a" }, default = 2 })
fails("choose default is out of range", term.choose, { question = "Q", choices = { "a" }, default = 0 })
fails("bad argument #1 to 'choose' (field 'default' must be a non-negative whole number, got -1)", term.choose,
  { question = "Q", choices = { "a" }, default = -1 })
fails("bad argument #1 to 'choose' (choices[2] must be a string, got table)", term.choose, { question = "Q", choices = { "a", {} } })
fails("bad argument #1 to 'choose' (field 'choices' must be a table of strings, got nil)", term.choose, { question = "Q" })
fails("bad argument #1 to 'choose' (field 'question' must be a string, got nil)", term.choose, { choices = { "a" } })
fails("bad argument #1 to 'wait' (InputAwaitable expected, got table)", again.wait, {})
check(term.prompt(5) ~= nil and term.prompt("Q", { default = 7 }) ~= nil, "numbers are taken as strings")
