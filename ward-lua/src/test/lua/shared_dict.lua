-- Self-checking tests for ward.shared: the dictionary (one per runtime here; a group shares one,
-- see SharedDictionaryStressTest) and per-runtime LRU caches of any Lua value.
local shared = require("ward.shared")
local time = require("ward.time")
local check_lib = require("check")
local check, eq, raises = check_lib.check, check_lib.eq, check_lib.raises_plain

assert(require("ward").shared == shared, "require('ward').shared")

-- get / set / delete, the three value types
eq(shared.get("nope"), nil, "absent")
check(shared.set("s", "text"), "set returns true")
shared.set("n", 1.5)
shared.set("b", false)
eq(shared.get("s"), "text", "string")
eq(shared.get("n"), 1.5, "number")
eq(shared.get("b"), false, "boolean false is a value")
shared.set("s", nil)
eq(shared.get("s"), nil, "set nil deletes")
eq(shared.delete("n"), true, "delete a live key")
eq(shared.delete("n"), false, "delete an absent key")

-- add: only when absent
eq(shared.add("a", "first"), true, "add new")
local ok, err = shared.add("a", "second")
eq(ok, false, "add existing"); eq(err, "exists", "add existing reason")
eq(shared.get("a"), "first", "add kept the first value")

-- incr: atomic add, optional initial value and TTL
local v, e = shared.incr("counter", 1)
eq(v, nil, "incr absent without init"); eq(e, "not found", "incr reason")
eq(shared.incr("counter", 1, 0), 1, "incr with init")
eq(shared.incr("counter", 10), 11, "incr")
eq(shared.incr("counter"), 12, "incr by 1 by default")
eq(shared.incr("counter", -2.5), 9.5, "incr by a negative fraction")
shared.set("word", "x")
v, e = shared.incr("word", 1)
eq(v, nil, "incr a string"); eq(e, "not a number", "incr a string reason")

-- times to live
shared.set("brief", "here", "50ms")
eq(shared.get("brief"), "here", "before expiry")
check(shared.ttl("brief") > 0 and shared.ttl("brief") <= 0.05, "ttl left")
eq(shared.ttl("counter"), 0, "no ttl")
v, e = shared.ttl("nope")
eq(v, nil, "ttl of absent"); eq(e, "not found", "ttl of absent reason")
time.sleep("80ms"):wait()
eq(shared.get("brief"), nil, "expired")
eq(shared.add("brief", "again", 60), true, "an expired key can be added")

check(shared.capacity() >= 1000, "capacity")
check(shared.size() >= 1, "size")

-- bad input
raises("bad argument #1 to 'get' (string expected, got nil)", shared.get, nil)
raises("bad argument #2 to 'set' (string, number or boolean expected, got table)", shared.set, "k", {})
raises("bad argument #2 to 'add' (string, number or boolean expected, got no value)", shared.add, "k")
raises("bad argument #2 to 'incr' (number expected, got string)", shared.incr, "counter", "x")
raises("duration must be non-negative", shared.set, "k", 1, -1)
raises("duration number must be whole seconds", shared.set, "k", 1, 0.5)
raises("bad argument #1 to 'lru' (capacity must be a positive integer)", shared.lru, 0)

-- per-runtime LRU cache: any Lua value, least recently used evicted
local cache = shared.lru(2)
local t = {}
cache:set("t", t)
cache:set(print, "function key")
eq(cache:get("t"), t, "a table, by identity")
cache:set("third", 3)             -- print's entry is the eldest now
eq(cache:get(print), nil, "evicted")
eq(cache:get("t"), t, "kept")
eq(cache:size(), 2, "size"); eq(cache:capacity(), 2, "capacity"); eq(cache:evictions(), 1, "evictions")
cache:set("ttl", "v", "30ms")
eq(cache:get("ttl"), "v", "cache ttl before")
time.sleep("60ms"):wait()
eq(cache:get("ttl"), nil, "cache ttl after")
eq(cache:delete("t"), true, "cache delete")
cache:set("x", 1); cache:set("x", nil)
eq(cache:get("x"), nil, "set nil deletes")
eq(tostring(cache):match("^LruCache%(") ~= nil, true, "tostring")
eq(getmetatable(cache), false, "metatable hidden")
raises("bad argument #2 to 'get' (non-nil key expected, got no value)", cache.get, cache)
raises("bad argument #1 to 'set' (LruCache expected, got table)", cache.set, {}, "k", 1)

return check_lib.count()
