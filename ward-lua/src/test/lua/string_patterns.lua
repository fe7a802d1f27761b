-- Lua 5.2.4 patterns: find, match, gmatch, gsub (Ward's PatternMatcher). Every expected value
-- was checked with lua5.2; this script also passes under lua5.2 itself:
--   cd ward-lua/src/test/lua && LUA_PATH='lib/?.lua;;' lua5.2 string_patterns.lua
local check = require("check")
local eq = check.eq

local function err(f, ...)
  local ok, e = pcall(f, ...)
  check.check(not ok, "an error was expected")
  return (tostring(e):gsub("^[^\n]-:%d+: ", "", 1))
end

local function all(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  return table.concat(t, ",", 1, t.n)
end

-- classes (C locale, bytes 0-255)
eq(all(string.find("a1", "%g")), "1,1", "%g")
eq(all(string.find(" \t\n1", "%S")), "4,4", "%S")
eq(all(string.find("abc", "%u")), "nil", "%u")
eq(all(string.find("\233A", "%a")), "2,2", "byte 233 is not a letter")
eq(all(string.find("\233", "%A")), "1,1", "byte 233 is a non-letter")
eq(all(string.find("x.y", "%p")), "2,2", "%p")
eq(all(string.find("\127", "%c")), "1,1", "%c")
eq(all(string.find("fg", "%x")), "1,1", "%x")
eq(all(string.find("a\0b", "%z")), "2,2", "%z (deprecated, still there)")
eq(all(string.find("a\0b", "\0")), "2,2", "a zero byte in a pattern")
eq(all(string.find("ab]", "[]]")), "3,3", "] first in a set")
eq(all(string.find("a-b", "[a%-]+")), "1,2", "escaped - in a set")
eq(all(string.find("a-z", "[z-]")), "2,2", "trailing - in a set")
eq(all(string.find("xyz5", "[^%a]")), "4,4", "complemented set")
eq(all(string.find("B", "[a-c]")), "nil", "range")
eq(all(string.find("\200", "[\128-\255]")), "1,1", "range over high bytes")

-- quantifiers, anchors
eq(all(string.match("aaab", "a-b")), "aaab", "-")
eq(all(string.match("<a><b>", "<(.-)>")), "a", "lazy")
eq(all(string.match("<a><b>", "<(.*)>")), "a><b", "greedy")
eq(all(string.match("ab", "a?b?c?")), "ab", "?")
eq(all(string.find("aa^", "a^")), "2,3", "^ is literal after the start")
eq(all(string.find("a$b", "$b")), "2,3", "$ is literal before the end")
eq(all(string.find("ba", "^a")), "nil", "^ anchors")
eq(all(string.find("ab", "b$")), "2,2", "$ anchors")
eq(all(string.gsub("aaa", "^a", "x")), "xaa,1", "anchored gsub replaces once")

-- captures
eq(all(string.match("key = value", "(%w+)%s*=%s*(%w+)")), "key,value", "two captures")
eq(all(string.find("hello", "()ll()")), "3,4,3,5", "position captures")
eq(all(string.match("abcabc", "(abc)%1")), "abc", "back-reference")
eq(all(string.match("xyzxyz", "((x)yz)%1")), "xyz,x", "nested captures")
eq(all(string.match("a()", "%(%)")), "()", "escaped parentheses")
eq(all(string.find("a+b", "+", 1, true)), "2,2", "plain find")
eq(all(string.find("a)", "a)")), "1,2", "no specials: a plain search")

-- %b and %f
eq(all(string.match("x(a(b)c)y", "%b()")), "(a(b)c)", "%b")
eq(all(string.match("((", "%b()")), "nil", "%b unbalanced")
eq(all(string.gsub("THE (quick) fox", "%f[%a]%a+", "W")), "W (W) W,3", "%f word starts")
eq(all(string.find("ab", "%f[%z]")), "3,2", "%f at the end sees a zero byte")

-- find/match init
eq(all(string.find("", "", 2)), "nil", "init past the end")
eq(all(string.find("abc", "", 4)), "4,3", "init at len+1")
eq(all(string.find("abc", "", 10)), "nil", "init beyond len+1")
eq(all(string.find("abc", "b", -1)), "nil", "negative init")
eq(all(string.find("abc", "b", -100)), "2,2", "very negative init")
eq(all(string.find("abc", "b", "2")), "2,2", "numeric string init")
eq(all(string.match("abc", "()", 4)), "4", "match at the end")

-- gmatch: empty matches advance, no init argument in 5.2
local n = 0
for _ in string.gmatch("abcde", "()") do n = n + 1 end
eq(n, 6, "gmatch of () over 5 bytes")
local words = {}
for k, v in string.gmatch("a=1, b=2", "(%w+)=(%w+)") do words[#words + 1] = k .. v end
eq(table.concat(words, " "), "a1 b2", "gmatch captures")
local parts = {}
for w in string.gmatch("abc", "%a*") do parts[#parts + 1] = "[" .. w .. "]" end
eq(table.concat(parts), "[abc][]", "gmatch empty match after a match")
eq(all(string.gmatch("^a", "^a")()), "^a", "gmatch: ^ is literal")

-- gsub
eq(all(string.gsub("hello world", "(%w+)", "<%1>")), "<hello> <world>,2", "gsub %1")
eq(all(string.gsub("hello", "", "-")), "-h-e-l-l-o-,6", "gsub empty matches")
eq(all(string.gsub("abc", "%w", "%0%0")), "aabbcc,3", "gsub %0")
eq(all(string.gsub("abc", "%w", "%%")), "%%%,3", "gsub %%")
eq(all(string.gsub("abc", "a", "%1")), "abc,1", "gsub %1 without captures is the match")
eq(all(string.gsub("abc", "(%w)()", "%2")), "234,3", "gsub position capture")
eq(all(string.gsub("abc", "%w", "x", 2)), "xxc,2", "gsub max n")
eq(all(string.gsub("abc", "%w", "x", -1)), "xxx,3", "gsub negative n is no limit (size_t)")
eq(all(string.gsub("abc", "%w", "x", 1.9)), "xbc,1", "gsub n truncated")
eq(all(string.gsub("abc", "%w", { a = "A", b = false })), "Abc,3", "gsub table, false keeps")
eq(all(string.gsub("abc", "%w", { a = 1.5 })), "1.5bc,3", "gsub table number value")
eq(all(string.gsub("abc", "%w", function(c) if c == "b" then return "B" end end)), "aBc,3", "gsub function")
eq(all(string.gsub("a b", "(%w)", string.upper)), "A B,2", "gsub builtin function")
eq(all(string.gsub("abc", "(a", "x")), "xbc,1", "unfinished capture unused by a string replacement")
eq(all(string.gsub("abc", "b", 5)), "a5c,1", "number replacement")

-- errors, with lua5.2's exact words
eq(err(string.find, "a", "%"), "malformed pattern (ends with '%')", "ends with %")
eq(err(string.find, "a", "[a"), "malformed pattern (missing ']')", "missing ]")
eq(err(string.find, "a", "[%"), "malformed pattern (missing ']')", "missing ] after %")
eq(err(string.find, "a", "%b"), "malformed pattern (missing arguments to '%b')", "%b")
eq(err(string.find, "a", "%bx"), "malformed pattern (missing arguments to '%b')", "%b one arg")
eq(err(string.find, "a", "%fa"), "missing '[' after '%f' in pattern", "%f")
eq(err(string.find, "abc", "(a)%2"), "invalid capture index %2", "capture index %2")
eq(err(string.find, "abc", "%1"), "invalid capture index %1", "capture index %1")
eq(err(string.find, "abc", "(a%1)"), "invalid capture index %1", "unclosed capture referenced")
eq(err(string.match, "abc", "a)"), "invalid pattern capture", "invalid pattern capture")
eq(err(string.find, "abc", "(a"), "unfinished capture", "unfinished capture")
eq(err(string.find, "a", string.rep("()", 33)), "too many captures", "too many captures")
eq(all(string.find("a", string.rep("()", 32))), "1,0" .. string.rep(",1", 32), "32 captures")
eq(err(string.gsub, "abc", "(a)", "%2"), "invalid capture index", "gsub capture index")
eq(err(string.gsub, "abc", "a", "%"), "invalid use of '%' in replacement string", "gsub % at end")
eq(err(string.gsub, "abc", "a", "%x"), "invalid use of '%' in replacement string", "gsub %x")
eq(err(string.gsub, "abc", "%w", { a = {} }), "invalid replacement value (a table)", "gsub table value")
eq(err(string.gsub, "abc", "%w", function() return true end), "invalid replacement value (a boolean)",
  "gsub boolean value")
eq(err(function() return string.gsub("abc", "%w", true) end),
  "bad argument #3 to 'gsub' (string/function/table expected)", "gsub repl type")
eq(err(function() return string.gsub("abc", "%w") end),
  "bad argument #3 to 'gsub' (string/function/table expected)", "gsub no repl")
eq(err(function() return string.find("abc", "b", "x") end),
  "bad argument #3 to 'find' (number expected, got string)", "find init")
eq(err(function() return string.gmatch("abc") end),
  "bad argument #2 to 'gmatch' (string expected, got no value)", "gmatch pattern")
eq(err(function() return string.match() end),
  "bad argument #1 to 'match' (string expected, got no value)", "match subject")

-- depth: 5.2 nests at most 200 match calls (MAXCCALLS), no Java stack overflow
eq(all(string.find(string.rep("a", 300), string.rep("a?", 199))), "1,199", "199 optional items")
eq(err(string.find, string.rep("a", 300), string.rep("a?", 200)), "pattern too complex", "200 optional items")
eq(err(string.match, string.rep("a", 300), string.rep("a-", 250) .. "b"), "pattern too complex", "deep lazy")
eq(#string.match(string.rep("a", 100000), ".-$"), 100000, "a long match that does not nest")
eq(select(2, string.gsub(string.rep("ab", 50000), "a", "")), 50000, "a long gsub")

print("string_patterns: " .. check.count() .. " checks")
