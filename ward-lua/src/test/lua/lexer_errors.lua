-- Syntax and lexer errors worded as Lua 5.2 words them: "chunk:line: message near 'token'",
-- the escapes of short strings and their errors (docs/LUA.md, "LuaJ patches": LexState's
-- read_string and lexerror). Standard Lua 5.2 passes it too:
-- `lua5.2 -e 'package.path="lib/?.lua"' lexer_errors.lua`.
local C = require("check")
local function eq(got, want)
  C.eq(got, want, want)
end

-- the message load gives for a chunk named "c"
local function msg(src)
  local f, m = load(src, "=c")
  C.check(f == nil, "no error for " .. src)
  return m
end

-- the token after "near": names, numerals and strings as written, keywords and symbols quoted
eq(msg("x = = 1"), "c:1: unexpected symbol near '='")
eq(msg("local 1 = x"), "c:1: <name> expected near '1'")
eq(msg("x = 'a' 'b'"), "c:1: unexpected symbol near ''b''")
eq(msg("x = 1 y"), "c:1: syntax error near <eof>")
eq(msg("return 1 return"), "c:1: <eof> expected near 'return'")
eq(msg("f(\n1,\n2"), "c:3: ')' expected (to close '(' at line 1) near <eof>")
eq(msg("local t = {4\n\n"), "c:3: '}' expected (to close '{' at line 1) near <eof>")
eq(msg("x = 3 .. .. 4"), "c:1: unexpected symbol near '..'")
eq(msg("x = 1e"), "c:1: malformed number near '1e'")
eq(msg("x = 0x"), "c:1: malformed number near '0x'")
eq(msg("x = @"), "c:1: unexpected symbol near '@'")
eq(msg("x = [==[ab"), "c:1: unfinished long string near <eof>")
eq(msg("x = [=x"), "c:1: invalid long string delimiter near '[='")

-- a first line starting with # is skipped in files only (a Unix #! line), never by load
eq(msg("#!/usr/bin/env lua\nreturn 1"), "c:1: unexpected symbol near '#'")

-- labels and gotos: semantic errors name no token
eq(msg("::a:: ::a::"), "c:1: label 'a' already defined on line 1")
eq(msg("goto nowhere"), "c:1: no visible label 'nowhere' for <goto> at line 1")
eq(msg("goto l; local v ::l:: print(v)"), "c:1: <goto l> at line 1 jumps into the scope of local 'v'")
eq(msg("break"), "c:1: <break> at line 1 not inside a loop")

-- escapes in short strings
eq(load([[return "\a\b\f\n\r\t\v\\\"\'"]])(), "\7\8\12\10\13\9\11\92\34\39")
eq(load([[return "\x41\x7a\xfF"]])(), "Az\255")
eq(load([[return "\65\066\0677"]])(), "ABC7")
eq(load("return 'a\\z  \n\t  b'")(), "ab")
eq(load("return 'a\\\nb'")(), "a\nb")
eq(load("return 'a\\z'")(), "a") -- \z before the closing quote

-- escape errors show the escape only
eq(msg([[x = "abc\g"]]), [[c:1: invalid escape sequence near '\g']])
eq(msg([[x = "\."]]), [[c:1: invalid escape sequence near '\.']])
eq(msg([[x = "abc\x"]]), [[c:1: hexadecimal digit expected near '\x"']])
eq(msg([[x = "\x5]]), [[c:1: hexadecimal digit expected near '\x5']])
eq(msg([[x = "\xAG"]]), [[c:1: hexadecimal digit expected near '\xAG']])
eq(msg([[x = "xyz\300"]]), [[c:1: decimal escape too large near '\300']])
eq(msg([[x = "\256"]]), [[c:1: decimal escape too large near '\256']])

-- unfinished strings: at a line break near the string so far, at the end of the chunk near <eof>
eq(msg("x = 'abc\ny'"), "c:1: unfinished string near ''abc'")
eq(msg("x = 'abc"), "c:1: unfinished string near <eof>")
eq(msg("x = 'abc\\"), "c:1: unfinished string near <eof>")
eq(msg("x = 'abc \\z"), "c:1: unfinished string near <eof>") -- LuaJ looped for ever here
eq(msg("x = 'abc \\z  \n\n"), "c:3: unfinished string near <eof>")
eq(msg("x = 'abc \\98"), "c:1: unfinished string near <eof>")

print("lexer_errors ok " .. C.count())
