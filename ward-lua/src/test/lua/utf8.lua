-- Self-checking tests for the Lua 5.3 `utf8` library (reference manual §6.5, Lua 5.3.6 behaviour).
--
-- Uses only the `utf8` global and standard Lua 5.2, so it runs unchanged on LuaJ (with
-- io.ward.lua.lib.Utf8Lib loaded), under the Ward runtime and on a stock Lua 5.3 interpreter.
-- Multibyte characters are written with decimal escapes (Lua 5.2 has no "\u{...}").

local utf8 = utf8
assert(type(utf8) == "table", "utf8 global missing")

local checks = 0

-- pack(...) keeps the number of results, including trailing nils.
local function pack(...)
  return { n = select("#", ...), ... }
end

local function show(v)
  if type(v) == "string" then
    return string.format("%q", v)
  end
  return tostring(v)
end

-- eq(label, {expected...}, f, args...): f(args...) returns exactly the expected values.
local function eq(label, expected, f, ...)
  local got = pack(f(...))
  local n = expected.n or #expected
  local ok = got.n == n
  for i = 1, n do
    if got[i] ~= expected[i] then
      ok = false
    end
  end
  if not ok then
    local g, e = {}, {}
    for i = 1, got.n do g[i] = show(got[i]) end
    for i = 1, n do e[i] = show(expected[i]) end
    error(label .. ": expected (" .. table.concat(e, ", ") .. "), got (" .. table.concat(g, ", ") .. ")", 2)
  end
  checks = checks + 1
end

-- fails(label, message, f, args...): f(args...) raises an error whose message contains `message`.
local function fails(label, message, f, ...)
  local ok, err = pcall(f, ...)
  if ok then
    error(label .. ": expected error '" .. message .. "' but the call succeeded", 2)
  end
  if type(err) == "string" then
    -- A stock Lua 5.3 names functions called through pcall by their global path
    -- ('utf8.char'); a call written as utf8.char(...) says 'char', which is what we check.
    err = string.gsub(err, "'utf8%.", "'")
  end
  if type(err) ~= "string" or not string.find(err, message, 1, true) then
    error(label .. ": expected error '" .. message .. "', got '" .. tostring(err) .. "'", 2)
  end
  checks = checks + 1
end

-- Collects `for p, c in utf8.codes(s)` into two arrays.
local function codes(s)
  local ps, cs = {}, {}
  for p, c in utf8.codes(s) do
    ps[#ps + 1] = p
    cs[#cs + 1] = c
  end
  return ps, cs
end

local function same_list(label, a, b)
  assert(#a == #b, label .. ": length " .. #a .. " ~= " .. #b)
  for i = 1, #a do
    assert(a[i] == b[i], label .. ": element " .. i .. ": " .. show(a[i]) .. " ~= " .. show(b[i]))
  end
  checks = checks + 1
end

-- Sample characters, one per encoding length.
local A = "A"                          -- U+0041, 1 byte
local E_ACUTE = "\195\169"             -- U+00E9, 2 bytes
local NI = "\228\189\160"              -- U+4F60, 3 bytes
local EURO = "\226\130\172"            -- U+20AC, 3 bytes
local GCLEF = "\240\157\132\158"       -- U+1D11E, 4 bytes
local MIXED = A .. E_ACUTE .. NI .. GCLEF -- bytes: 1 | 2-3 | 4-6 | 7-10

---------------------------------------------------------------------------------------------
-- library shape
---------------------------------------------------------------------------------------------
for _, name in ipairs({ "char", "codepoint", "len", "offset", "codes" }) do
  assert(type(utf8[name]) == "function", "utf8." .. name .. " is not a function")
end
eq("charpattern", { "[\0-\127\194-\244][\128-\191]*" }, function() return utf8.charpattern end)
eq("charpattern length", { 14 }, function() return #utf8.charpattern end)
if package and package.loaded and package.loaded.utf8 ~= nil then
  assert(package.loaded.utf8 == utf8, "package.loaded.utf8 is not the utf8 global")
end

---------------------------------------------------------------------------------------------
-- utf8.char
---------------------------------------------------------------------------------------------
eq("char()", { "" }, utf8.char)
eq("char ascii", { "A" }, utf8.char, 65)
eq("char nul", { "\0" }, utf8.char, 0)
eq("char 0x7F", { "\127" }, utf8.char, 0x7F)
eq("char 0x80", { "\194\128" }, utf8.char, 0x80)
eq("char e-acute", { E_ACUTE }, utf8.char, 0xE9)
eq("char 0x7FF", { "\223\191" }, utf8.char, 0x7FF)
eq("char 0x800", { "\224\160\128" }, utf8.char, 0x800)
eq("char ni", { NI }, utf8.char, 0x4F60)
eq("char euro", { EURO }, utf8.char, 0x20AC)
eq("char surrogate", { "\237\160\128" }, utf8.char, 0xD800)
eq("char 0xFFFF", { "\239\191\191" }, utf8.char, 0xFFFF)
eq("char 0x10000", { "\240\144\128\128" }, utf8.char, 0x10000)
eq("char gclef", { GCLEF }, utf8.char, 0x1D11E)
eq("char max", { "\244\143\191\191" }, utf8.char, 0x10FFFF)
eq("char many", { "h" .. E_ACUTE .. "llo" .. NI .. GCLEF }, utf8.char, 104, 0xE9, 108, 108, 111, 0x4F60, 0x1D11E)
eq("char float with integer value", { "A" }, utf8.char, 65.0)
eq("char numeric string", { "A" }, utf8.char, "65")
eq("char hex string", { "A" }, utf8.char, "0x41")
fails("char too large", "bad argument #1 to 'char' (value out of range)", utf8.char, 0x110000)
fails("char negative", "bad argument #1 to 'char' (value out of range)", utf8.char, -1)
fails("char huge", "bad argument #1 to 'char' (value out of range)", utf8.char, 2^31)
fails("char third arg", "bad argument #3 to 'char' (value out of range)", utf8.char, 65, 66, 0x110000)
fails("char not integral", "bad argument #1 to 'char' (number has no integer representation)", utf8.char, 1.5)
fails("char nan", "bad argument #1 to 'char' (number has no integer representation)", utf8.char, 0 / 0)
fails("char inf", "bad argument #2 to 'char' (number has no integer representation)", utf8.char, 65, 1 / 0)
fails("char string", "bad argument #1 to 'char' (number expected, got string)", utf8.char, "x")
fails("char table", "bad argument #2 to 'char' (number expected, got table)", utf8.char, 65, {})
fails("char nil", "bad argument #2 to 'char' (number expected, got nil)", utf8.char, 65, nil)
fails("char boolean", "bad argument #1 to 'char' (number expected, got boolean)", utf8.char, true)

-- every encoding length round-trips through codepoint and len
for _, cp in ipairs({ 0, 1, 0x41, 0x7F, 0x80, 0xFF, 0x7FF, 0x800, 0xFFF, 0xD7FF, 0xD800, 0xDFFF,
                      0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0xFFFFF, 0x100000, 0x10FFFF }) do
  local s = utf8.char(cp)
  eq("roundtrip " .. cp, { cp }, utf8.codepoint, s)
  eq("roundtrip len " .. cp, { 1 }, utf8.len, s)
  local expected_len = cp < 0x80 and 1 or cp < 0x800 and 2 or cp < 0x10000 and 3 or 4
  eq("roundtrip bytes " .. cp, { expected_len }, string.len, s)
  assert(string.find(s, "^" .. utf8.charpattern .. "$"), "charpattern does not match U+" .. cp)
end

---------------------------------------------------------------------------------------------
-- utf8.charpattern with string functions
---------------------------------------------------------------------------------------------
do
  local parts = {}
  for ch in string.gmatch(MIXED, utf8.charpattern) do
    parts[#parts + 1] = ch
  end
  same_list("gmatch charpattern", parts, { A, E_ACUTE, NI, GCLEF })
  eq("charpattern matches nul", { 1, 1 }, string.find, "\0", utf8.charpattern)
  eq("charpattern skips lone continuation", { 2, 2 }, string.find, "\128a", utf8.charpattern)
  eq("charpattern rejects C0", pack(nil), string.find, "\192", "^" .. utf8.charpattern .. "$")
  eq("charpattern rejects F5", pack(nil), string.find, "\245", "^" .. utf8.charpattern .. "$")
end

---------------------------------------------------------------------------------------------
-- utf8.codepoint
---------------------------------------------------------------------------------------------
eq("codepoint default", { 0x41 }, utf8.codepoint, MIXED)
eq("codepoint 2-byte", { 0xE9 }, utf8.codepoint, MIXED, 2)
eq("codepoint 3-byte", { 0x4F60 }, utf8.codepoint, MIXED, 4)
eq("codepoint 4-byte", { 0x1D11E }, utf8.codepoint, MIXED, 7)
eq("codepoint all", { 0x41, 0xE9, 0x4F60, 0x1D11E }, utf8.codepoint, MIXED, 1, -1)
eq("codepoint range", { 0xE9, 0x4F60 }, utf8.codepoint, MIXED, 2, 4)
eq("codepoint j inside last char", { 0xE9, 0x4F60 }, utf8.codepoint, MIXED, 2, 5)
eq("codepoint j on continuation", { 0x41, 0xE9 }, utf8.codepoint, MIXED, 1, 3)
eq("codepoint negative i", { 0x1D11E }, utf8.codepoint, MIXED, -4)
eq("codepoint negative i and j", { 0x4F60, 0x1D11E }, utf8.codepoint, MIXED, -7, -1)
eq("codepoint i past j", {}, utf8.codepoint, MIXED, 3, 2)
fails("codepoint empty string", "bad argument #3 to 'codepoint' (out of range)", utf8.codepoint, "")
eq("codepoint empty string explicit", {}, utf8.codepoint, "", 1, 0)
eq("codepoint i = len + 1, j = len", {}, utf8.codepoint, "abc", 4, 3)
fails("codepoint i = len + 1", "bad argument #3 to 'codepoint' (out of range)", utf8.codepoint, "abc", 4)
eq("codepoint j = -len", { 0x61 }, utf8.codepoint, "abc", 1, -3)
eq("codepoint j = 0", {}, utf8.codepoint, "abc", 1, 0)
eq("codepoint nil args", { 0x61 }, utf8.codepoint, "abc", nil, nil)
eq("codepoint ascii range", { 97, 98, 99 }, utf8.codepoint, "abc", 1, 3)
eq("codepoint nul byte", { 0, 0x62 }, utf8.codepoint, "\0b", 1, 2)
eq("codepoint surrogate accepted", { 0xD800 }, utf8.codepoint, "\237\160\128")
eq("codepoint number argument", { 0x31, 0x32 }, utf8.codepoint, 12, 1, 2)
eq("codepoint string positions", { 0x62 }, utf8.codepoint, "abc", "2")
fails("codepoint i = 0", "bad argument #2 to 'codepoint' (out of range)", utf8.codepoint, "abc", 0)
fails("codepoint i too negative", "bad argument #2 to 'codepoint' (out of range)", utf8.codepoint, "abc", -4)
fails("codepoint j too large", "bad argument #3 to 'codepoint' (out of range)", utf8.codepoint, "abc", 1, 4)
fails("codepoint default j too large", "bad argument #3 to 'codepoint' (out of range)", utf8.codepoint, "abc", 5)
fails("codepoint empty string i", "bad argument #3 to 'codepoint' (out of range)", utf8.codepoint, "", 1, 1)
fails("codepoint i not integral", "bad argument #2 to 'codepoint' (number has no integer representation)",
      utf8.codepoint, "abc", 1.5)
fails("codepoint j not integral", "bad argument #3 to 'codepoint' (number has no integer representation)",
      utf8.codepoint, "abc", 1, 2.5)
fails("codepoint no string", "bad argument #1 to 'codepoint' (string expected, got no value)", utf8.codepoint)
fails("codepoint nil", "bad argument #1 to 'codepoint' (string expected, got nil)", utf8.codepoint, nil)
fails("codepoint table", "bad argument #1 to 'codepoint' (string expected, got table)", utf8.codepoint, {})
fails("codepoint i string", "bad argument #2 to 'codepoint' (number expected, got string)", utf8.codepoint, "abc", "x")
fails("codepoint start on continuation", "invalid UTF-8 code", utf8.codepoint, MIXED, 3)
fails("codepoint lone continuation", "invalid UTF-8 code", utf8.codepoint, "\128")
fails("codepoint truncated 2-byte", "invalid UTF-8 code", utf8.codepoint, "\195")
fails("codepoint truncated 3-byte", "invalid UTF-8 code", utf8.codepoint, "\228\189")
fails("codepoint truncated 4-byte", "invalid UTF-8 code", utf8.codepoint, "\240\157\132")
fails("codepoint truncated before ascii", "invalid UTF-8 code", utf8.codepoint, "\228\189a")
fails("codepoint overlong 2-byte C0", "invalid UTF-8 code", utf8.codepoint, "\192\128")
fails("codepoint overlong 2-byte C1", "invalid UTF-8 code", utf8.codepoint, "\193\191")
fails("codepoint overlong 3-byte", "invalid UTF-8 code", utf8.codepoint, "\224\128\128")
fails("codepoint overlong 3-byte max", "invalid UTF-8 code", utf8.codepoint, "\224\159\191")
fails("codepoint overlong 4-byte", "invalid UTF-8 code", utf8.codepoint, "\240\143\191\191")
fails("codepoint above max", "invalid UTF-8 code", utf8.codepoint, "\244\144\128\128")
fails("codepoint F5 lead", "invalid UTF-8 code", utf8.codepoint, "\245\128\128\128")
fails("codepoint 5-byte form", "invalid UTF-8 code", utf8.codepoint, "\248\136\128\128\128")
fails("codepoint FF", "invalid UTF-8 code", utf8.codepoint, "\255")
fails("codepoint FE", "invalid UTF-8 code", utf8.codepoint, "\254\128\128\128\128\128\128")
fails("codepoint invalid later in range", "invalid UTF-8 code", utf8.codepoint, "ab\255", 1, -1)
eq("codepoint invalid byte outside range", { 0x61, 0x62 }, utf8.codepoint, "ab\255", 1, 2)
do
  -- Lua 5.3 returns each code point on its stack, which holds at most a million values.
  local big = string.rep("a", 1000000)
  eq("codepoint long slice", { 100000 }, function() return select("#", utf8.codepoint(big, 1, 100000)) end)
  fails("codepoint slice too long", "string slice too long", utf8.codepoint, big, 1, -1)
end

---------------------------------------------------------------------------------------------
-- utf8.len
---------------------------------------------------------------------------------------------
eq("len empty", { 0 }, utf8.len, "")
eq("len ascii", { 5 }, utf8.len, "hello")
eq("len mixed", { 4 }, utf8.len, MIXED)
eq("len from 2", { 3 }, utf8.len, MIXED, 2)
eq("len from 4", { 2 }, utf8.len, MIXED, 4)
eq("len from 7", { 1 }, utf8.len, MIXED, 7)
eq("len from len + 1", { 0 }, utf8.len, MIXED, 11)
eq("len range", { 2 }, utf8.len, MIXED, 1, 2)
eq("len range ends on continuation", { 2 }, utf8.len, MIXED, 1, 3)
eq("len counts chars that start in range", { 3 }, utf8.len, MIXED, 1, 4)
eq("len negative i", { 1 }, utf8.len, MIXED, -4)
eq("len negative j", { 3 }, utf8.len, MIXED, 1, -5)
eq("len j before i", { 0 }, utf8.len, MIXED, 5, 4)
eq("len j = 0", { 0 }, utf8.len, "abc", 1, 0)
eq("len far negative j", { 0 }, utf8.len, "abc", 1, -10)
eq("len i = -len", { 3 }, utf8.len, "abc", -3)
eq("len nil args", { 3 }, utf8.len, "abc", nil, nil)
eq("len number argument", { 3 }, utf8.len, 123)
eq("len nul bytes", { 3 }, utf8.len, "\0\0\0")
eq("len surrogate", { 1 }, utf8.len, "\237\191\191")
eq("len invalid first", pack(nil, 1), utf8.len, "\255abc")
eq("len invalid middle", pack(nil, 3), utf8.len, "ab\128c")
eq("len starts on continuation", pack(nil, 3), utf8.len, MIXED, 3)
eq("len truncated at end", pack(nil, 4), utf8.len, "abc\228\189")
eq("len overlong", pack(nil, 2), utf8.len, "a\192\175")
eq("len overlong 3-byte", pack(nil, 1), utf8.len, "\224\128\175")
eq("len above max", pack(nil, 1), utf8.len, "\244\144\128\128")
eq("len invalid outside range", { 2 }, utf8.len, "ab\255", 1, 2)
eq("len range cut inside a character still decodes it whole", { 1 }, utf8.len, NI, 1, 1)
fails("len i = 0", "bad argument #2 to 'len' (initial position out of string)", utf8.len, "abc", 0)
fails("len i too large", "bad argument #2 to 'len' (initial position out of string)", utf8.len, "abc", 5)
fails("len i too negative", "bad argument #2 to 'len' (initial position out of string)", utf8.len, "abc", -4)
fails("len j too large", "bad argument #3 to 'len' (final position out of string)", utf8.len, "abc", 1, 4)
fails("len i not integral", "bad argument #2 to 'len' (number has no integer representation)", utf8.len, "abc", 1.5)
fails("len j not a number", "bad argument #3 to 'len' (number expected, got table)", utf8.len, "abc", 1, {})
fails("len no string", "bad argument #1 to 'len' (string expected, got no value)", utf8.len)
fails("len boolean", "bad argument #1 to 'len' (string expected, got boolean)", utf8.len, false)

---------------------------------------------------------------------------------------------
-- utf8.offset
---------------------------------------------------------------------------------------------
-- MIXED: A at 1, e-acute at 2, ni at 4, gclef at 7, length 10
eq("offset 1st", { 1 }, utf8.offset, MIXED, 1)
eq("offset 2nd", { 2 }, utf8.offset, MIXED, 2)
eq("offset 3rd", { 4 }, utf8.offset, MIXED, 3)
eq("offset 4th", { 7 }, utf8.offset, MIXED, 4)
eq("offset one past the end", { 11 }, utf8.offset, MIXED, 5)
eq("offset beyond", pack(nil), utf8.offset, MIXED, 6)
eq("offset last", { 7 }, utf8.offset, MIXED, -1)
eq("offset 2nd last", { 4 }, utf8.offset, MIXED, -2)
eq("offset 4th last", { 1 }, utf8.offset, MIXED, -4)
eq("offset before start", pack(nil), utf8.offset, MIXED, -5)
eq("offset from i", { 4 }, utf8.offset, MIXED, 2, 2)
eq("offset from i, 1", { 2 }, utf8.offset, MIXED, 1, 2)
eq("offset back from i", { 2 }, utf8.offset, MIXED, -1, 4)
eq("offset back from len + 1", { 7 }, utf8.offset, MIXED, -1, 11)
eq("offset from negative i", { 7 }, utf8.offset, MIXED, 1, -4)
eq("offset back from negative i", { 4 }, utf8.offset, MIXED, -1, -4)
eq("offset 0 at start", { 1 }, utf8.offset, MIXED, 0)
eq("offset 0 on lead byte", { 4 }, utf8.offset, MIXED, 0, 4)
eq("offset 0 on continuation", { 4 }, utf8.offset, MIXED, 0, 5)
eq("offset 0 on last continuation", { 7 }, utf8.offset, MIXED, 0, 10)
eq("offset 0 on 2-byte continuation", { 2 }, utf8.offset, MIXED, 0, 3)
eq("offset 0 at len + 1", { 11 }, utf8.offset, MIXED, 0, 11)
eq("offset 0 negative i", { 7 }, utf8.offset, MIXED, 0, -1)
eq("offset n from len + 1", { 11 }, utf8.offset, MIXED, 1, 11)
eq("offset n beyond from len + 1", pack(nil), utf8.offset, MIXED, 2, 11)
eq("offset empty 1", { 1 }, utf8.offset, "", 1)
eq("offset empty 0", { 1 }, utf8.offset, "", 0)
eq("offset empty -1", pack(nil), utf8.offset, "", -1)
eq("offset empty 2", pack(nil), utf8.offset, "", 2)
eq("offset ascii", { 3 }, utf8.offset, "abc", 3)
eq("offset ascii negative", { 3 }, utf8.offset, "abc", -1)
eq("offset ascii last + 1", { 4 }, utf8.offset, "abc", 4)
eq("offset huge n", pack(nil), utf8.offset, "abc", 2^40)
eq("offset huge negative n", pack(nil), utf8.offset, "abc", -2^40)
eq("offset number subject", { 2 }, utf8.offset, 123, 2)
eq("offset does not validate", { 2 }, utf8.offset, "\255\255", 2)
eq("offset nil i", { 2 }, utf8.offset, "abc", 2, nil)
eq("offset nil i negative n", { 3 }, utf8.offset, "abc", -1, nil)
fails("offset starts on continuation", "initial position is a continuation byte", utf8.offset, MIXED, 1, 3)
fails("offset back from continuation", "initial position is a continuation byte", utf8.offset, MIXED, -1, 10)
fails("offset i = 0", "bad argument #3 to 'offset' (position out of range)", utf8.offset, "abc", 1, 0)
fails("offset i too large", "bad argument #3 to 'offset' (position out of range)", utf8.offset, "abc", 1, 5)
fails("offset i too negative", "bad argument #3 to 'offset' (position out of range)", utf8.offset, "abc", 1, -4)
fails("offset n missing", "bad argument #2 to 'offset' (number expected, got no value)", utf8.offset, "abc")
fails("offset n not integral", "bad argument #2 to 'offset' (number has no integer representation)",
      utf8.offset, "abc", 0.5)
fails("offset i not integral", "bad argument #3 to 'offset' (number has no integer representation)",
      utf8.offset, "abc", 1, 1.5)
fails("offset no string", "bad argument #1 to 'offset' (string expected, got nil)", utf8.offset, nil, 1)

-- offset and len agree on every character of a long mixed string
do
  local s = string.rep(MIXED, 5)
  local n = utf8.len(s)
  eq("len repeated", { 20 }, function() return n end)
  for k = 1, n do
    local p = utf8.offset(s, k)
    eq("offset/len agree " .. k, { k - 1 }, utf8.len, s, 1, p - 1)
    eq("offset -k " .. k, { p }, utf8.offset, s, -(n - k + 1))
  end
end

---------------------------------------------------------------------------------------------
-- utf8.codes
---------------------------------------------------------------------------------------------
do
  local ps, cs = codes(MIXED)
  same_list("codes positions", ps, { 1, 2, 4, 7 })
  same_list("codes values", cs, { 0x41, 0xE9, 0x4F60, 0x1D11E })

  ps, cs = codes("")
  same_list("codes empty positions", ps, {})
  same_list("codes empty values", cs, {})

  ps, cs = codes("a\0b")
  same_list("codes nul positions", ps, { 1, 2, 3 })
  same_list("codes nul values", cs, { 97, 0, 98 })

  ps, cs = codes(EURO .. EURO)
  same_list("codes euro positions", ps, { 1, 4 })
  same_list("codes euro values", cs, { 0x20AC, 0x20AC })

  ps, cs = codes(42)
  same_list("codes number subject", cs, { 0x34, 0x32 })

  -- the iteration protocol itself
  local f, s, start = utf8.codes("ab")
  assert(type(f) == "function", "codes returns a function")
  eq("codes returns the subject", { "ab" }, function() return s end)
  eq("codes starts at 0", { 0 }, function() return start end)
  eq("codes iterator first", { 1, 97 }, f, "ab", 0)
  eq("codes iterator second", { 2, 98 }, f, "ab", 1)
  eq("codes iterator end", {}, f, "ab", 2)
  eq("codes iterator far past the end", {}, f, "ab", 100)
  eq("codes iterator negative control", { 1, 97 }, f, "ab", -5)
  eq("codes iterator skips continuation bytes", { 4, 0x4F60 }, f, MIXED, 2)
  eq("codes iterator from inside a character", { 7, 0x1D11E }, f, MIXED, 4)
  eq("codes iterator non-integral control restarts", { 1, 0x41 }, f, MIXED, 1.5)

  -- errors
  local function run(str)
    local n = 0
    for _ in utf8.codes(str) do
      n = n + 1
    end
    return n
  end
  eq("codes run", { 4 }, run, MIXED)
  fails("codes invalid lead", "invalid UTF-8 code", run, "\255")
  fails("codes invalid middle", "invalid UTF-8 code", run, "ab\255cd")
  fails("codes truncated", "invalid UTF-8 code", run, "ab\228\189")
  fails("codes overlong", "invalid UTF-8 code", run, "\192\128")
  fails("codes above max", "invalid UTF-8 code", run, "\244\144\128\128")
  fails("codes leading continuation", "invalid UTF-8 code", run, "\128a")
  fails("codes trailing stray continuation", "invalid UTF-8 code", run, "a\128")
  fails("codes stray continuation after multibyte", "invalid UTF-8 code", run, E_ACUTE .. "\128")
  fails("codes no string", "bad argument #1 to 'codes' (string expected, got no value)", utf8.codes)
  fails("codes nil", "bad argument #1 to 'codes' (string expected, got nil)", utf8.codes, nil)
  fails("codes table", "bad argument #1 to 'codes' (string expected, got table)", utf8.codes, {})

  -- partial iteration yields the good prefix before raising
  local seen = {}
  local ok = pcall(function()
    for p, c in utf8.codes("ab" .. NI .. "\255") do
      seen[#seen + 1] = c
    end
  end)
  assert(not ok, "codes should fail on the trailing invalid byte")
  same_list("codes prefix before error", seen, { 97, 98, 0x4F60 })
end

---------------------------------------------------------------------------------------------
-- cross-checks between functions
---------------------------------------------------------------------------------------------
do
  local cps = { 0x48, 0xE9, 0x6C, 0x4F60, 0x20AC, 0x1D11E, 0x10FFFF, 0 }
  local unpack = table.unpack or unpack
  local s = utf8.char(unpack(cps))
  eq("char/len", { #cps }, utf8.len, s)
  local back = pack(utf8.codepoint(s, 1, -1))
  same_list("char/codepoint", back, cps)
  local _, cs = codes(s)
  same_list("char/codes", cs, cps)
  local rebuilt = {}
  for p, c in utf8.codes(s) do
    eq("codes/codepoint at " .. p, { c }, utf8.codepoint, s, p)
    rebuilt[#rebuilt + 1] = utf8.char(c)
  end
  eq("codes/char rebuild", { s }, function() return table.concat(rebuilt) end)
end

return checks
