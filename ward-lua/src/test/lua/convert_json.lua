-- Self-checking tests for ward.convert.json (spec: ward-convert-template.md sections 1 and 2;
-- the port's choices: docs/CONVERT.md).
local convert = require("ward.convert")
local json = require("ward.convert.json")
local check_lib = require("check")
local check, eq, fails = check_lib.check, check_lib.eq, check_lib.raises_plain

-- module layout: one table per format, the same through every path
eq(convert.json, json, "ward.convert.json is convert.json")
eq(require("ward").convert, convert, "require('ward').convert")
for _, f in ipairs({ "encode", "decode", "encode_async", "decode_async" }) do
  eq(type(json[f]), "function", "json." .. f)
end

-- the null sentinel: one userdata, shared by every converter
local null = json.null
eq(type(null), "userdata", "type(json.null)")
eq(tostring(null), "null", "tostring(json.null)")
check(null ~= nil and null, "json.null is truthy and not nil")
eq(require("ward.convert.yaml").null, null, "yaml.null is json.null")
eq(json.decode("null"), null, "decode('null')")
eq(json.encode(null), "null", "encode(json.null)")
eq(json.encode(nil), "null", "encode(nil)")
local d = json.decode('{"a":null,"b":[null,1]}')
eq(d.a, null, "null object member keeps its key")
eq(#d.b, 2, "null array slot keeps the length")
eq(d.b[1], null, "null array slot")

-- compact output: keys sorted by code point, no spaces
eq(json.encode({ b = 1, a = { 1, 2, 3 }, c = "x" }), '{"a":[1,2,3],"b":1,"c":"x"}', "sorted keys")
-- U+1F600 (four UTF-8 bytes, a surrogate pair in Java) sorts after U+FFFD
eq(json.encode({ ["é"] = 1, z = 2, ["\240\159\152\128"] = 3, ["\239\191\189"] = 4 }),
  '{"z":2,"é":1,"\239\191\189":4,"\240\159\152\128":3}', "code point order, astral last")
eq(json.encode({}), "{}", "empty table is an object")
eq(json.encode(json.decode("[]")), "[]", "a decoded empty array stays an array")
eq(json.encode(json.decode("{}")), "{}", "a decoded empty object stays an object")
local arr = json.decode("[1]")
table.remove(arr)
eq(json.encode(arr), "[]", "an emptied decoded array is still an array")
eq(json.encode({ true, false }), "[true,false]", "booleans")
eq(json.encode("a\"\\\n\t\1/é"), '"a\\"\\\\\\n\\t\\u0001/é"', "string escapes, / and UTF-8 literal")

-- sparse arrays and mixed tables: the raw border, up to the first nil
eq(json.encode({ 1, 2, x = 3 }), "[1,2]", "other keys of an array are dropped")
local sparse = json.encode({ [1] = "a", [3] = "c" })
check(sparse == '["a"]' or sparse == '["a",null,"c"]' or sparse == '["a"]', "sparse: up to the first nil")
eq(json.encode({ [1] = "a", [2] = nil, [3] = "c" }):sub(1, 4), '["a"', "sparse starts at 1")
fails({ "bad argument #1 to 'encode'", "invalid type: integer `5`, expected a string" }, json.encode, { [5] = "x" })
fails({ "invalid type: boolean `true`, expected a string" }, json.encode, { [true] = 1 })
fails({ "invalid type: floating point `1.5`, expected a string" }, json.encode, { [1.5] = 1 })

-- nested tables and cycles
eq(json.encode({ a = { b = { c = { 1, { d = "e" } } } } }), '{"a":{"b":{"c":[1,{"d":"e"}]}}}', "nested")
local cyc = {}
cyc.self = cyc
fails({ "bad argument #1 to 'encode'", "recursive table detected" }, json.encode, cyc)
local c2 = { {} }
c2[1][1] = c2
fails("recursive table detected", json.encode, c2)
local shared = { 1 }
eq(json.encode({ a = shared, b = shared }), '{"a":[1],"b":[1]}', "a table seen twice (no cycle) is fine")
local deep = {}
local cur = deep
for _ = 1, 600 do cur.x = {} cur = cur.x end
fails("nested deeper than", json.encode, deep)

-- values that have no JSON form
fails({ "bad argument #1 to 'encode'", "unsupported value type: function" }, json.encode, { f = print })
fails("unsupported value type: thread", json.encode, coroutine.create(print))
fails("unsupported value type: userdata", json.encode, require("ward.time").duration(1))
fails({ "bad argument #1 to 'encode'", "invalid UTF-8" }, json.encode, "\255")
fails("invalid UTF-8", json.encode, { ["\200"] = 1 })

-- numbers: integral values within 64 bits are integers, others shortest round-trip floats;
-- NaN and infinities become null (JSON has none)
eq(json.encode(1), "1", "1")
eq(json.encode(1.0), "1", "1.0 is integral (Lua 5.2 has one number type)")
eq(json.encode(-0.0), "0", "-0.0")
eq(json.encode(0.1), "0.1", "0.1")
eq(json.encode(1.5e-7), "1.5E-7", "small float")
eq(json.encode(2 ^ 53), "9007199254740992", "2^53")
eq(json.encode(-2 ^ 63), "-9223372036854775808", "-2^63 fits 64 bits")
eq(json.encode(2 ^ 63), "9.223372036854776E18", "2^63 does not: a float")
eq(json.encode(1e300), "1.0E300", "1e300")
eq(json.encode({ 0 / 0, 1 / 0, -1 / 0 }), "[null,null,null]", "NaN and infinities")
eq(json.decode("1e2"), 100, "1e2")
eq(json.decode("1.0"), 1, "1.0")
eq(json.decode("-0"), 0, "-0")
eq(json.decode("12345678901234567890"), 12345678901234567890, "past 64 bits: a float")
eq(json.decode("9007199254740993"), 2 ^ 53, "past 2^53: rounded to a double")
eq(json.decode("0.1") + 0.2, 0.1 + 0.2, "0.1 exact double")

-- decoding
eq(json.decode('  "x"  '), "x", "whitespace around a top-level string")
eq(json.decode("true"), true, "true")
eq(json.decode(42), 42, "a number argument is converted to text")
eq(json.decode('{"a":1,"a":2}').a, 2, "duplicate keys: the last wins")
eq(json.decode('"\\u00e9\\ud83d\\ude00"'), "é\240\159\152\128", "\\u escapes and surrogate pairs")
eq(getmetatable(json.decode("[]")) ~= nil, true, "decoded arrays carry the marker")
eq(getmetatable(json.decode("{}")), nil, "decoded objects carry none")

-- parse errors: serde_json's shape, line and column, no Java names
fails({ "bad argument #1 to 'decode'", "EOF while parsing a value at line 1 column 0" }, json.decode, "")
fails("at line 1 column 1", json.decode, "x")
fails("trailing characters at line 1 column 3", json.decode, "1 2")
fails("at line 2 column", json.decode, '{\n "a": }')
fails("at line 1", json.decode, "[1,]")
fails("at line 1", json.decode, "{1:2}")
fails("at line 1", json.decode, "{'a':1}")
fails("at line 1", json.decode, "NaN")
fails("at line 1", json.decode, "[1] // c")
fails("recursion limit exceeded", json.decode, string.rep("[", 129) .. string.rep("]", 129))
eq(#json.decode(string.rep("[", 128) .. string.rep("]", 128)), 1, "128 levels are fine")
fails("lone leading surrogate", json.decode, '"\\ud800"')
fails({ "bad argument #1 to 'decode'", "UTF-8" }, json.decode, '"\255"')
fails("bad argument #1 to 'decode' (string expected, got no value)", json.decode)
fails("bad argument #1 to 'decode' (string expected, got table)", json.decode, {})

-- pretty printing
eq(json.encode({ foo = "bar" }, { pretty = true, indent = 4 }), '{\n    "foo": "bar"\n}', "indent 4")
eq(json.encode({ a = { 1, 2 }, b = {}, c = json.decode("[]") }, { pretty = true }),
  '{\n  "a": [\n    1,\n    2\n  ],\n  "b": {},\n  "c": []\n}', "pretty default indent 2, empty {} and []")
eq(json.encode({ a = 1 }, { pretty = false, indent = 8 }), '{"a":1}', "indent without pretty")
eq(json.encode({ a = 1 }, { pretty = true, indent = 1.9 }), '{\n "a": 1\n}', "indent truncated")
fails({ "bad argument #2 to 'encode'", "indent must be positive" }, json.encode, {}, { indent = 0 })
fails("out of range", json.encode, {}, { indent = 256 })
fails("out of range", json.encode, {}, { indent = -1 })
fails("bad argument #2 to 'encode' (table expected, got string)", json.encode, {}, "pretty")

-- the _async forms: the same results and errors, only the calling task waits
local async = require("ward.async")
local doc = { name = "ward", list = { 1, 2.5, "x", true, null }, nested = { a = { b = {} } } }
eq(json.encode_async(doc), json.encode(doc), "encode_async = encode")
eq(json.encode_async(doc, { pretty = true }), json.encode(doc, { pretty = true }), "pretty async")
eq(json.encode(json.decode_async(json.encode(doc))), json.encode(doc), "decode_async = decode")
fails({ "bad argument #1 to 'decode_async'", "at line 1 column" }, json.decode_async, "[1,")
fails({ "bad argument #1 to 'encode_async'", "recursive table detected" }, json.encode_async, cyc)
fails({ "bad argument #2 to 'encode_async'", "indent must be positive" }, json.encode_async, {}, { indent = 0 })
-- other tasks run while one waits for the pool
local ticks = 0
local ticker = async.spawn(function()
  for _ = 1, 3 do ticks = ticks + 1 require("ward.time").sleep("1ms"):wait() end
end)
local big = {}
for i = 1, 20000 do big[i] = { id = i, name = "item" .. i } end
local text = json.encode_async(big)
eq(#json.decode_async(text), 20000, "a large document through the pool")
ticker:wait()
eq(ticks, 3, "another task ran to the end")
-- outside a task the _async forms cannot wait
local co = coroutine.create(function() return json.decode_async("1") end)
local ok, err = coroutine.resume(co)
check(ok or tostring(err):find("task") ~= nil, "decode_async in a plain coroutine: " .. tostring(err))

return check_lib.count()
