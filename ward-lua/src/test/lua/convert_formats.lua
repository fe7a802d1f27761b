-- Self-checking tests for ward.convert.yaml, .toml and .ini (spec: ward-convert-template.md
-- sections 3 to 5; the port's choices: docs/CONVERT.md).
local convert = require("ward.convert")
local yaml, toml, ini = convert.yaml, convert.toml, convert.ini
local null = convert.json.null
local check_lib = require("check")
local check, eq, fails = check_lib.check, check_lib.eq, check_lib.raises_plain

for name, m in pairs({ yaml = yaml, toml = toml, ini = ini }) do
  eq(require("ward.convert." .. name), m, "require ward.convert." .. name)
  for _, f in ipairs({ "encode", "decode", "encode_async", "decode_async" }) do
    eq(type(m[f]), "function", name .. "." .. f)
  end
end
eq(yaml.null, null, "yaml.null is the shared sentinel")
eq(toml.null, nil, "TOML has no null")

---------------------------------------------------------------------------- YAML
local y = yaml.encode({ title = "Ward", list = { "a", "b" }, n = 1, f = 1.5, s = "123", t = "true", e = {},
  nul = null, nested = { x = { 1, { k = "v" } } }, m = "a\nb", nan = 0 / 0, inf = 1 / 0, ninf = -1 / 0 })
check(y:find("title: Ward\n", 1, true), "title: Ward")
check(y:find("list:\n- a\n- b\n", 1, true), "indentless sequence under a key: " .. y)
check(y:find("s: '123'", 1, true), "a string that reads as a number is quoted")
check(y:find("t: 'true'", 1, true), "a string that reads as a boolean is quoted")
check(y:find("nul: null", 1, true), "null")
check(y:find("e: {}", 1, true), "empty map")
check(y:find("nan: .nan", 1, true) and y:find("inf: .inf", 1, true) and y:find("ninf: -.inf", 1, true), "NaN, inf")
check(y:find("f: 1.5", 1, true) and y:find("n: 1\n", 1, true), "numbers")
check(y:find("m: |-\n  a\n  b\n", 1, true), "multi-line string as a literal block")
check(not y:find("^%-%-%-"), "no document start marker")
eq(y:sub(-1), "\n", "trailing newline")
eq(yaml.encode({ b = 1, a = 2 }), "a: 2\nb: 1\n", "keys sorted")
eq(yaml.encode({ [5] = "five", x = 1 }), "5: five\nx: 1\n", "number keys keep their type")
eq(yaml.encode(yaml.decode("[]")), "[]\n", "empty decoded array")

local d = yaml.decode("a: yes\nb: true\nc: ~\nd: 0x1F\ne: .inf\nf: 0o17\ng: NULL\nh: 1.0\n5: five\ntrue: t\n")
eq(d.a, "yes", "yes stays a string (YAML 1.2)")
eq(d.b, true, "true")
eq(d.c, null, "~ is null")
eq(d.g, null, "NULL is null")
eq(d.d, 31, "hex integer")
eq(d.f, 15, "octal integer")
eq(d.e, 1 / 0, ".inf")
eq(d.h, 1, "1.0")
eq(d[5], "five", "integer key")
eq(d[true], "t", "boolean key")
check(yaml.decode(".nan") ~= yaml.decode(".nan"), ".nan is NaN")
eq(yaml.decode(""), null, "empty document is null")
eq(yaml.decode("# only a comment\n"), null, "comment-only document is null")
local a = yaml.decode("base: &b {x: 1}\nuse: *b\nlist:\n- &v 7\n- *v\n")
eq(a.use.x, 1, "alias to a map")
eq(a.list[2], 7, "alias to a scalar")
eq(yaml.decode("a: 1\na: 2\n").a, 2, "duplicate keys: the last wins")
fails({ "bad argument #1 to 'decode'", "more than one document", "at line 2 column 1" }, yaml.decode, "a: 1\n---\nb: 2\n")
fails({ "bad argument #1 to 'decode'", "at line" }, yaml.decode, "a: [1, 2\n")
fails({ "bad argument #1 to 'decode'", "at line 2" }, yaml.decode, "a: 1\n b: 2\n")
fails("bad argument #1 to 'decode'", yaml.decode, "&a [*a]") -- a recursive document
fails({ "bad argument #1 to 'encode'", "recursive table detected" }, yaml.encode, (function() local t = {} t[1] = t return t end)())
fails("unsupported value type: function", yaml.encode, { f = print })
fails("invalid UTF-8", yaml.decode, "a: \255")
eq(yaml.encode_async({ a = 1 }), "a: 1\n", "encode_async")
eq(yaml.decode_async("a: [1, 2]").a[2], 2, "decode_async")
fails({ "bad argument #1 to 'decode_async'", "at line" }, yaml.decode_async, "a: [1, 2\n")

---------------------------------------------------------------------------- TOML
local t = toml.encode({ title = "x", owner = { name = "n" }, list = { 1, 2 }, f = 1.5, b = true })
local back = toml.decode(t)
eq(back.title, "x", "toml string")
eq(back.owner.name, "n", "toml sub-table")
eq(back.list[2], 2, "toml array")
eq(back.f, 1.5, "toml float")
eq(back.b, true, "toml boolean")
eq(t, 'b = true\nf = 1.5\nlist = [1, 2]\ntitle = "x"\n\n[owner]\nname = "n"\n',
  "toml: plain keys sorted, then sections")
eq(toml.encode({ a = { b = { c = 1 } }, p = { { x = 1 }, { x = 2, q = { 1, { y = "z" } } } }, [""] = "empty key",
  ["a b"] = "\"q\"\n\1" }),
  '"" = "empty key"\n"a b" = "\\"q\\"\\n\\u0001"\n\n[a.b]\nc = 1\n\n[[p]]\nx = 1\n\n[[p]]\nq = [1, { y = "z" }]\nx = 2\n',
  "toml: nested sections, arrays of tables, quoted keys, inline tables in arrays")
local doc = toml.decode([==[
# comment
title = "TOML"
int = 42
big = 9007199254740993
flt = 3.5
inf = inf
nan = nan
date = 1979-05-27T07:32:00Z
local_date = 1979-05-27
[owner]
name = "Tom"
[[points]]
x = 1
[[points]]
x = 2
]==])
eq(doc.title, "TOML", "title")
eq(doc.int, 42, "integer")
eq(doc.flt, 3.5, "float")
eq(doc.inf, 1 / 0, "inf")
check(doc.nan ~= doc.nan, "nan")
eq(doc.date, "1979-05-27T07:32:00Z", "date-times decode as their text")
eq(doc.local_date, "1979-05-27", "local dates as text")
eq(doc.owner.name, "Tom", "section")
eq(#doc.points, 2, "array of tables")
eq(doc.points[2].x, 2, "array of tables entry")
eq(toml.decode("").title, nil, "empty document is an empty table")
local nan_text = toml.encode({ n = 0 / 0, i = 1 / 0 })
check(nan_text:find("n = nan", 1, true) and nan_text:find("i = inf", 1, true), "toml writes nan and inf")
fails({ "bad argument #1 to 'decode'", "TOML parse error", "at line 2" }, toml.decode, "a = 1\nb = \n")
fails("at line 1", toml.decode, "a = 1 2")
fails("TOML parse error", toml.decode, "a = 1\na = 2\n") -- duplicate keys are an error in TOML
fails({ "bad argument #1 to 'encode'", "invalid type: null" }, toml.encode, { a = null })
fails("invalid type: null", toml.encode, { a = { 1, null } })
fails({ "bad argument #1 to 'encode'", "must be a table" }, toml.encode, { 1, 2 })
fails("must be a table", toml.encode, "x")
fails("expected a string", toml.encode, { [1.5] = 1 })
eq(toml.decode_async(toml.encode_async({ a = { b = 1 } })).a.b, 1, "toml _async round trip")

---------------------------------------------------------------------------- INI
local text = ini.encode({ [""] = { top = 1 }, Server = { Port = 8080, host = "example.org", f = 2.5, b = true,
  big = 1e20, n = 0 / 0, i = 1 / 0 }, empty = {} })
eq(text, "top=1\n[server]\nb=true\nbig=100000000000000000000\nf=2.5\nhost=example.org\ni=inf\nn=NaN\nport=8080\n",
  "ini encode: lower-cased, sorted, top-level keys first, empty sections left out")
eq(ini.encode({ s = { [1] = "x" } }), "[s]\n1=x\n", "number keys as strings")
local i = ini.decode("top = 1\n; comment\n# comment\n\n[Server]\n  Port = 8080  \nhost: x\nflag\nurl = a=b\n[server]\nmore = yes\n")
eq(i[""].top, "1", "keys before a header: section ''")
eq(i.server.port, "8080", "values are trimmed strings")
eq(i.server.host, "x", ": delimiter")
eq(i.server.flag, "", "a line with no delimiter is a key with an empty value")
eq(i.server.url, "a=b", "split at the first delimiter")
eq(i.server.more, "yes", "repeated sections merge")
eq(ini.decode("a=1\na=2\n")[""].a, "2", "repeated keys: the last wins")
eq(next(ini.decode("")), nil, "empty document")
eq(ini.decode("[s]\r\nk = v\r\n").s.k, "v", "CRLF lines")
fails({ "bad argument #1 to 'decode'", "at line 2" }, ini.decode, "a=1\n[x\n")
fails({ "bad argument #1 to 'encode'", "ini.encode expects a table" }, ini.encode, "x")
fails("ini section must be a table", ini.encode, { s = 1 })
fails("ini values must be boolean, number, or string, got table", ini.encode, { s = { a = {} } })
fails("ini values must be boolean, number, or string, got userdata", ini.encode, { s = { a = null } })
eq(ini.decode_async(ini.encode_async({ s = { k = "v" } })).s.k, "v", "ini _async round trip")

return check_lib.count()
