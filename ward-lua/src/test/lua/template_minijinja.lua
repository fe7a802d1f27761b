-- Self-checking tests for ward.template.minijinja (spec: ward-convert-template.md section 6;
-- the port's choices: docs/CONVERT.md). Template files are in lib/templates.
local mj = require("ward.template.minijinja")
local json = require("ward.convert.json")
local check_lib = require("check")
local check, eq, fails = check_lib.check, check_lib.eq, check_lib.raises_plain

eq(require("ward.template").minijinja, mj, "ward.template.minijinja")
eq(require("ward").template, require("ward.template"), "require('ward').template")

-- the fixtures, from src/test/lua (the jar's test) or from ward-lua (LuaScriptsTest)
local DIR
for _, d in ipairs({ "lib/templates", "src/test/lua/lib/templates" }) do
  if pcall(mj.render_file, d .. "/part.j2", { v = 1 }) then DIR = d break end
end
assert(DIR, "template fixtures not found")

-- upstream tests (section 6.3)
eq(mj.render("Hello {{ who }}", { who = "templating" }), "Hello templating", "render")
eq(mj.render_async("{{ x }} + {{ y }} = {{ x + y }}", { x = 2, y = 3 }), "2 + 3 = 5", "render_async")
local upstream_opts = { trim_blocks = true, lstrip_blocks = true, keep_trailing_newline = true,
  auto_escape = true, undefined = "lenient" }
eq(mj.render_file(DIR .. "/upstream.j2", { item = "apple", extra = "<ok>" }, upstream_opts),
  "Header\n  Item: apple\nMissing: \nEscaped: &lt;ok&gt;\n", "render_file with every option")
eq(mj.render_file_async(DIR .. "/upstream.j2", { item = "apple", extra = "<ok>" }, upstream_opts),
  "Header\n  Item: apple\nMissing: \nEscaped: &lt;ok&gt;\n", "render_file_async")

-- the language
eq(mj.render("{% for x in xs %}{{ loop.index }}:{{ x }}{% if not loop.last %},{% endif %}{% endfor %}",
  { xs = { "a", "b" } }), "1:a,2:b", "for and loop")
eq(mj.render("[{% for x in xs %}{{ x }}{% endfor %}]", { xs = json.decode("[]") }), "[]", "for over an empty array")
-- (Jinjava has no for ... else: docs/CONVERT.md lists it among the differences)
eq(mj.render("{% set n = 3 %}{{ n * 2 }} {{ 7 // 2 }} {{ 7 % 4 }}", {}), "6 3 3", "set and arithmetic")
eq(mj.render("{{ 4 / 2 }}", {}), "2.0", "/ yields a float")
eq(mj.render("{{ name|upper }} {{ name|length }} {{ items|join(', ') }}", { name = "ward", items = { 1, 2 } }),
  "WARD 4 1, 2", "filters")
eq(mj.render("{% for k, v in d|dictsort %}{{ k }}={{ v }};{% endfor %}", { d = { b = 2, a = 1 } }), "a=1;b=2;", "dictsort")
eq(mj.render("{{ a.b }} {{ a['b'] }} {{ l[0] }}", { a = { b = "x" }, l = { "first" } }), "x x first", "attribute and index")
eq(mj.render("{# comment #}a {%- if true %} b{% endif -%} c", {}), "a bc", "comments and whitespace control on tags")
-- (Jinjava ignores '-' on {{- -}}: docs/CONVERT.md lists it among the differences)
eq(mj.render("{% macro m(x) %}<{{ x }}>{% endmacro %}{{ m(1) }}", {}), "<1>", "macros")
eq(mj.render("{{ t is defined }} {{ u is defined }}", { t = 1 }), "true false", "tests")
eq(mj.render("{{ f }}", { f = 1.5 }), "1.5", "floats")
eq(mj.render("{{ n }}", { n = 0 / 0 }, { undefined = "lenient" }), "", "NaN becomes null (empty)")
eq(mj.render("{{ x }}", { x = json.null }, { undefined = "lenient" }), "", "json.null is null")

-- options
eq(mj.render("a\n", {}), "a", "one trailing newline dropped by default")
eq(mj.render("a\n", {}, { keep_trailing_newline = true }), "a\n", "keep_trailing_newline")
eq(mj.render("{% if true %}\nx\n{% endif %}\n", {}, { trim_blocks = true }), "x\n", "trim_blocks")
eq(mj.render("{% if true %}\nx{% endif %}", {}), "\nx", "no trim_blocks")
eq(mj.render("  {% if true %}x{% endif %}", {}, { lstrip_blocks = true }), "x", "lstrip_blocks")
eq(mj.render("{{ s }}", { s = "<a href='x'>&\"" }), "<a href='x'>&\"", "no escaping by default")
local escaped = mj.render("{{ s }}", { s = "<a href='x'>&\"" }, { auto_escape = true })
check(escaped:find("&lt;a href=", 1, true) and escaped:find("&amp;", 1, true) and not escaped:find("<", 1, true),
  "auto_escape: " .. escaped)
fails({ "render", "undefined value", "missing" }, mj.render, "{{ missing }}", {})
fails("undefined value", mj.render, "{% for x in nope %}{% endfor %}", {})
eq(mj.render("[{{ missing }}]", {}, { undefined = "lenient" }), "[]", "lenient: undefined prints empty")
eq(mj.render("{% if missing %}y{% else %}n{% endif %}", {}, { undefined = "lenient" }), "n", "lenient: undefined is false")
eq(mj.render("[{{ a.b.c }}]", {}, { undefined = "chainable" }), "[]", "chainable")
fails({ "bad argument #3 to 'render'", "unknown undefined behavior: bogus (expected: strict|lenient|chainable)" },
  mj.render, "x", {}, { undefined = "bogus" })
fails("bad argument #3 to 'render' (table expected, got string)", mj.render, "x", {}, "strict")
fails({ "bad argument #3 to 'render'", "loader.paths[1] must be a string" }, mj.render, "x", {}, { loader = { paths = { {} } } })

-- loading: render_file's own directory first, then loader.paths; none for plain render
eq(mj.render_file(DIR .. "/page.j2", { v = 7 }), "[part 7]", "include beside the file")
eq(mj.render_file(DIR .. "/child.j2", { v = 1 }), "<child 1>", "extends beside the file")
eq(mj.render("{% include 'part.j2' %}", { v = 2 }, { loader = { paths = { DIR } } }), "part 2", "loader.paths")
eq(mj.render("{% include 'only_here.j2' %}", {}, { loader = { paths = { DIR, DIR .. "/sub" } } }), "sub part",
  "every loader path is searched")
eq(mj.render("{% from 'macros.j2' import hi %}{{ hi('you') }}", {}, { loader = { paths = { DIR } } }), "hi you", "import")
fails({ "render", "template not found", "part.j2" }, mj.render, "{% include 'part.j2' %}", {})
fails("template not found", mj.render, "{% include 'nope.j2' %}", {}, { loader = { paths = { DIR } } })
fails({ "render_file", DIR .. "/none.j2: No such file or directory" }, mj.render_file, DIR .. "/none.j2", {})
fails({ "render_file_async", "No such file or directory" }, mj.render_file_async, DIR .. "/none.j2", {})

-- errors: minijinja's kind words and a line, no Java names
fails({ "syntax error", "(in <string>:" }, mj.render, "{% if %}", {})
fails("syntax error", mj.render_async, "line\n{% for %}", {})
fails("bad argument #1 to 'render' (string expected, got no value)", mj.render)
fails("bad argument #2 to 'render' (table expected, got string)", mj.render, "x", "ctx")
fails({ "bad argument #2 to 'render'", "expected a string" }, mj.render, "x", { [1.5] = 1 })
fails({ "bad argument #2 to 'render'", "recursive table detected" }, mj.render, "x",
  (function() local t = {} t.t = t return t end)())
fails({ "bad argument #2 to 'render'", "unsupported value type: function" }, mj.render, "x", { f = print })
eq(mj.render("x", nil), "x", "nil context")

return check_lib.count()
