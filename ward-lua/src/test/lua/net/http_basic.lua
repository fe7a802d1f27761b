-- ward.net.http against a real server in the test JVM (HTTP_BASE, HTTPS_BASE, CA_FILE set by
-- NetScriptsTest): methods, options, bodies, redirects, errors, TLS.
local check = require("check")
local http = require("ward.net.http")
local net = require("ward.net")

check.eq(net.http, http, "ward.net.http is the same table")
check.eq(type(net.fetch), "table", "ward.net.fetch")

-- a plain GET: fields and methods
local r = http.get(HTTP_BASE .. "/hello")
check.eq(r.status, 200, "status")
check.eq(r.body, "hello", "body")
check.eq(r:get_body(), "hello", "get_body")
check.eq(r:get_status(), 200, "get_status")
check.eq(r:is_ok(), true, "is_ok")
check.eq(r.headers["content-type"], "text/plain", "lowercase header names")
check.eq(r:get_headers()["content-length"], "5", "get_headers")
check.check(r.headers ~= r.headers, "a new headers table on each access")
check.raises("read%-only", function() r.status = 1 end)

-- binary-safe body
local b = http.get(HTTP_BASE .. "/binary").body
check.eq(#b, 256, "binary length")
for i = 0, 255 do
  if b:byte(i + 1) ~= i then error("byte " .. i .. " differs") end
end
-- a declared charset other than UTF-8 is transcoded to UTF-8
check.eq(http.get(HTTP_BASE .. "/latin1").body, "caf\195\169", "latin-1 transcoded")

-- chunked and compressed bodies
check.eq(http.get(HTTP_BASE .. "/chunked").body, "one,two,three", "chunked")
check.eq(http.get(HTTP_BASE .. "/gzip").body, string.rep("compressed hello ", 100), "gzip")
check.eq(http.get(HTTP_BASE .. "/deflate").body, string.rep("compressed hello ", 100), "deflate")

-- what is sent: query, headers, default Accept, Accept-Encoding, bodies
local echo = http.get(HTTP_BASE .. "/echo?a=1", {
  query = {q = "x y", n = 2.0, f = 1.5, t = true},
  headers = {["X-Test"] = "yes", ["X-Num"] = 7},
}).body
check.check(echo:find("^GET /echo%?a=1&") ~= nil, "query appended: " .. echo)
check.check(echo:find("q=x+y", 1, true) ~= nil, "space as +")
check.check(echo:find("n=2", 1, true) ~= nil and echo:find("n=2.0", 1, true) == nil, "2.0 as 2")
check.check(echo:find("f=1.5", 1, true) ~= nil, "float")
check.check(echo:find("t=true", 1, true) ~= nil, "boolean")
check.check(echo:find("x-test: yes", 1, true) ~= nil, "header sent")
check.check(echo:find("x-num: 7", 1, true) ~= nil, "number header value")
check.check(echo:find("accept: */*", 1, true) ~= nil, "Accept added")
check.check(echo:find("accept-encoding: gzip, deflate", 1, true) ~= nil, "Accept-Encoding added")
check.check(echo:find("user-agent", 1, true) == nil, "no User-Agent unless given")

local posted = http.post(HTTP_BASE .. "/echo", {json = {b = {1, 2}, a = "x", c = false}}).body
check.check(posted:find("^POST ") ~= nil, "POST")
check.check(posted:find("content-type: application/json", 1, true) ~= nil, "json content type")
check.eq(posted:sub(-29), '{"a":"x","b":[1,2],"c":false}', "json body, sorted keys")
local put = http.put(HTTP_BASE .. "/echo", {form = {k = "v w"}}).body
check.check(put:find("^PUT ") ~= nil, "PUT")
check.check(put:find("content-type: application/x-www-form-urlencoded", 1, true) ~= nil, "form content type")
check.check(put:find("\n\nk=v%+w$") ~= nil, "form body")
check.check(http.post(HTTP_BASE .. "/echo", {json = {}, headers = {["Content-Type"] = "text/x"}}).body
  :find("content-type: text/x", 1, true) ~= nil, "caller's Content-Type kept")
check.check(http.delete(HTTP_BASE .. "/echo").body:find("^DELETE ") ~= nil, "DELETE")
check.check(http.options(HTTP_BASE .. "/echo").body:find("^OPTIONS ") ~= nil, "OPTIONS")
check.check(http.get(HTTP_BASE .. "/echo", {json = {1}}).body:find("\n\n$") ~= nil, "GET sends no json")

-- statuses
check.raises_plain({"http error: status 404"}, http.get, HTTP_BASE .. "/status/404")
local nf = http.get(HTTP_BASE .. "/status/404", {allow_error = true})
check.eq(nf.status, 404, "allow_error returns it")
check.eq(nf:is_ok(), false, "not ok")
check.eq(nf.body, "status 404", "error body")
check.eq(http.get(HTTP_BASE .. "/status/204").body, "", "empty body is a string")
-- after an error status the connection was released: the next call still works
check.eq(http.get(HTTP_BASE .. "/hello").body, "hello", "after an error")

-- redirects: followed (to /echo), methods per status, limit 10
local red = http.get(HTTP_BASE .. "/redirect/3")
check.eq(red.status, 200, "redirects followed")
check.eq(red.url, HTTP_BASE .. "/echo", "final url")
check.check(red.body:find("referer: ", 1, true) ~= nil, "Referer added")
check.check(http.post(HTTP_BASE .. "/redirect/1?code=303", {json = {1}}).body:find("^GET ") ~= nil, "303: POST becomes GET")
local kept = http.post(HTTP_BASE .. "/redirect/1?code=307", {json = {1}}).body
check.check(kept:find("^POST ") ~= nil and kept:find("%[1%]$") ~= nil, "307 keeps method and body")
check.raises_plain({"error following redirect for url"}, http.get, HTTP_BASE .. "/redirect/10") -- 11 redirects
check.eq(http.get(HTTP_BASE .. "/redirect/9").status, 200, "10 redirects are fine")
check.raises_plain({"http error: status 302"}, http.get, HTTP_BASE .. "/redirect/1", {follow_redirects = false})
local nofollow = http.get(HTTP_BASE .. "/redirect/1", {follow_redirects = false, allow_error = true})
check.eq(nofollow.status, 302, "not followed")
check.eq(nofollow.headers.location, "/redirect/0?code=302", "location")

-- max_bytes
check.raises_plain({"response body exceeds max_bytes (100)"}, http.get, HTTP_BASE .. "/big?n=1000", {max_bytes = 100})
check.eq(#http.get(HTTP_BASE .. "/big?n=1000", {max_bytes = 1000}).body, 1000, "at the limit")

-- transport errors
check.raises_plain({"error sending request for url (http://127.0.0.1:1/)"}, http.get, "http://127.0.0.1:1/")
check.raises_plain({"operation timed out"}, http.get, HTTP_BASE .. "/hang", {timeout = 0.05})
check.raises_plain({"operation timed out"}, http.get, HTTP_BASE .. "/hello", {timeout = 0})
check.raises_plain({"operation timed out"}, http.get, HTTP_BASE .. "/slow?parts=5&ms=200", {timeout = 0.3})
check.eq(http.get(HTTP_BASE .. "/hello", {timeout = -1}).body, "hello", "negative timeout: none")
check.raises_plain({"error decoding response body"}, http.get, HTTP_BASE .. "/reset")

-- TLS: the self-signed certificate is refused by default, trusted with ca_file
check.raises_plain({"TLS error"}, http.get, HTTPS_BASE .. "/hello")
check.eq(http.get(HTTPS_BASE .. "/hello", {ca_file = CA_FILE}).body, "hello", "https with ca_file")
check.eq(http.get(HTTPS_BASE .. "/gzip", {ca_file = CA_FILE}).body, string.rep("compressed hello ", 100), "https gzip")
-- the host name is verified: "localhost" is in the certificate, a wrong name is not
check.eq(http.get((HTTPS_BASE:gsub("127.0.0.1", "localhost")) .. "/hello", {ca_file = CA_FILE}).status, 200, "localhost")

-- bad input
check.raises_plain({"bad argument #1 to 'get' (string expected, got no value)"}, http.get)
check.raises_plain({"bad argument #1 to 'post' (string expected, got table)"}, http.post, {})
check.raises_plain({"builder error for url (ftp://x/)"}, http.get, "ftp://x/")
check.raises_plain({"builder error for url (/relative)"}, http.get, "/relative")
check.raises_plain({"builder error for url (http://a b/)"}, http.get, "http://a b/")
check.raises_plain({"query parameter must be string, number, or boolean, got table"}, http.get, HTTP_BASE .. "/hello", {query = {a = {}}})
check.raises_plain({"builder error: invalid HTTP header name"}, http.get, HTTP_BASE .. "/hello", {headers = {["a b"] = "x"}})
check.raises_plain({"builder error: invalid HTTP header value"}, http.get, HTTP_BASE .. "/hello", {headers = {a = "x\r\ny: z"}})
check.raises_plain({"error converting Lua boolean to String"}, http.get, HTTP_BASE .. "/hello", {headers = {a = true}})
check.raises_plain({"unsupported value type"}, http.post, HTTP_BASE .. "/echo", {json = {f = print}})
check.raises_plain({"recursive table detected"}, http.post, HTTP_BASE .. "/echo", {json = (function() local t = {} t.t = t return t end)()})
check.raises_plain({"cannot use ca_file"}, http.get, HTTPS_BASE .. "/hello", {ca_file = "/nonexistent/ca.pem"})
check.eq(http.get(HTTP_BASE .. "/hello", "not a table").body, "hello", "non-table opts: defaults")
check.eq(http.get(HTTP_BASE .. "/hello", {query = 5, headers = 5, timeout = "x"}).body, "hello", "lenient options")
