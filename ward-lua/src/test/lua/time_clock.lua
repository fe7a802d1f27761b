-- Self-checking tests for the clocks of `ward.time`: TimePoint, parsing, formatting,
-- InstantPoint (spec: semantics.md section 3).
--
-- Uses only require("ward.time"), require("check") (lib/check.lua) and standard Lua 5.2, so it
-- runs unchanged on plain LuaJ (io.ward.lua.time.TimeValuesLuaTest) and under the Ward runtime.
-- Wall-clock checks are sanity checks only. Returns the number of checks.

local time = require("ward.time")

local check_lib = require("check")
local check, eq, fails = check_lib.check, check_lib.eq, check_lib.raises_plain

local D = time.duration
local utc = time.utc

-- now, now_table ---------------------------------------------------------------------------
do
  local now = time.now()
  eq(type(now), "userdata", "now type")
  eq(getmetatable(now), "TimePoint", "protected metatable")
  check(now:timestamp() > 1577836800, "now is after 2020")
  check(now > utc(2020, 1, 1, 0, 0, 0), "now compares after 2020")
  check(string.find(tostring(now), "^%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d:%d%d[.%d]*Z$") ~= nil,
        "tostring(now) is RFC 3339: " .. tostring(now))
  local t = time.now_table()
  eq(type(t), "table", "now_table type")
  check(t.year >= 2020, "now_table year")
  check(t.month >= 1 and t.month <= 12, "now_table month")
  check(t.day >= 1 and t.day <= 31, "now_table day")
  check(t.hour >= 0 and t.hour <= 23, "now_table hour")
  check(t.min >= 0 and t.min <= 59, "now_table min")
  check(t.sec >= 0 and t.sec <= 59, "now_table sec")
  check(t.nsec >= 0 and t.nsec <= 999999999, "now_table nsec")
  check(t.wday >= 1 and t.wday <= 7, "now_table wday")
  check(t.yday >= 1 and t.yday <= 366, "now_table yday")
  eq(t.isdst, false, "now_table isdst")
end

-- utc and the epoch accessors --------------------------------------------------------------
do
  local tp = utc(2024, 1, 2, 3, 4, 5)
  eq(tostring(tp), "2024-01-02T03:04:05Z", "tostring")
  eq(tp:rfc3339(), "2024-01-02T03:04:05Z", "rfc3339")
  eq(tp:iso_date(), "2024-01-02", "iso_date")
  eq(tp:iso_time(), "03:04:05", "iso_time")
  eq(tp:timestamp(), 1704164645, "timestamp")
  eq(tp:millis(), 1704164645000, "millis")
  eq(tp:micros(), 1704164645000000, "micros")
  eq(utc(1970, 1, 1, 0, 0, 0):timestamp(), 0, "epoch")
  eq(utc(2024, 1, 2, 3, 4, 5, nil):rfc3339(), "2024-01-02T03:04:05Z", "explicit nil nanoseconds")

  local precise = utc(2024, 1, 2, 3, 4, 5, 678901234)
  eq(precise:millis(), 1704164645678, "millis floor")
  eq(precise:micros(), 1704164645678901, "micros floor")
  eq(precise:timestamp(), 1704164645, "timestamp floor")
  eq(tostring(precise), "2024-01-02T03:04:05.678901234Z", "nanosecond fraction")
  eq(tostring(utc(2024, 1, 2, 3, 4, 5, 500000000)), "2024-01-02T03:04:05.500Z", "millisecond fraction")
  eq(tostring(utc(2024, 1, 2, 3, 4, 5, 123456000)), "2024-01-02T03:04:05.123456Z", "microsecond fraction")
  eq(tostring(utc(2024, 1, 2, 3, 4, 5, 1)), "2024-01-02T03:04:05.000000001Z", "one nanosecond")

  local before = utc(1969, 12, 31, 23, 59, 59, 500000000)
  eq(before:timestamp(), -1, "timestamp floors before the epoch")
  eq(before:millis(), -500, "millis before the epoch")
  eq(before:micros(), -500000, "micros before the epoch")

  eq(utc(2024, 2, 29, 0, 0, 0):iso_date(), "2024-02-29", "leap day")
  eq(utc(0, 1, 1, 0, 0, 0):iso_date(), "0000-01-01", "year 0")
  eq(utc(-1, 1, 1, 0, 0, 0):iso_date(), "-0001-01-01", "negative year")
  eq(utc(12345, 1, 1, 0, 0, 0):iso_date(), "+12345-01-01", "five-digit year")
  eq(utc(2024, 12, 31, 23, 59, 59, 999999999):iso_time(), "23:59:59", "iso_time has no fraction")

  fails("bad argument #1 to 'utc' (number expected, got no value)", utc)
  fails("bad argument #1 to 'utc' (number expected, got nil)", utc, nil)
  fails("bad argument #1 to 'utc' (number expected, got string)", utc, "x")
  fails("bad argument #2 to 'utc' (number expected, got no value)", utc, 2024)
  fails("bad argument #6 to 'utc' (number expected, got no value)", utc, 2024, 1, 1, 0, 0)
  fails("bad argument #6 to 'utc' (number expected, got table)", utc, 2024, 1, 1, 0, 0, {})
  fails("bad argument #7 to 'utc' (number expected, got boolean)", utc, 2024, 1, 1, 0, 0, 0, true)
  fails("bad argument #2 to 'utc' (number has no integer representation)", utc, 2024, 1.5, 1, 0, 0, 0)
  fails("bad argument #1 to 'utc' (year out of range)", utc, 1000000000, 1, 1, 0, 0, 0)
  fails("bad argument #2 to 'utc' (month out of range)", utc, 2024, 13, 1, 0, 0, 0)
  fails("bad argument #2 to 'utc' (month out of range)", utc, 2024, 0, 1, 0, 0, 0)
  fails("bad argument #3 to 'utc' (day out of range)", utc, 2024, 2, 30, 0, 0, 0)
  fails("bad argument #3 to 'utc' (day out of range)", utc, 2023, 2, 29, 0, 0, 0)
  fails("bad argument #3 to 'utc' (day out of range)", utc, 2024, 1, 0, 0, 0, 0)
  fails("bad argument #4 to 'utc' (hour out of range)", utc, 2024, 1, 1, 24, 0, 0)
  fails("bad argument #5 to 'utc' (minute out of range)", utc, 2024, 1, 1, 0, 60, 0)
  fails("bad argument #6 to 'utc' (second out of range)", utc, 2024, 1, 1, 0, 0, 60)
  fails("bad argument #6 to 'utc' (second out of range)", utc, 2024, 1, 1, 0, 0, -1)
  fails("bad argument #7 to 'utc' (nanosecond out of range)", utc, 2024, 1, 1, 0, 0, 0, 1000000000)
  fails("bad argument #7 to 'utc' (nanosecond out of range)", utc, 2024, 1, 1, 0, 0, 0, -1)

  fails("bad argument #1 to 'timestamp' (TimePoint expected, got no value)", tp.timestamp)
  fails("bad argument #1 to 'millis' (TimePoint expected, got Duration)", tp.millis, D(1))
  fails("bad argument #1 to 'micros' (TimePoint expected, got number)", tp.micros, 1)
  fails("bad argument #1 to 'rfc3339' (TimePoint expected, got nil)", tp.rfc3339, nil)
  fails("bad argument #1 to 'iso_date' (TimePoint expected, got string)", tp.iso_date, "x")
  fails("bad argument #1 to 'iso_time' (TimePoint expected, got InstantPoint)", tp.iso_time, time.instant_now())
  fails("bad argument #1 to 'parts' (TimePoint expected, got no value)", tp.parts)
end

-- from_timestamp ----------------------------------------------------------------------------
do
  local ft = time.from_timestamp
  eq(tostring(ft(0)), "1970-01-01T00:00:00Z", "epoch")
  eq(tostring(ft(1704164645)), "2024-01-02T03:04:05Z", "whole seconds")
  eq(tostring(ft(1.5)), "1970-01-01T00:00:01.500Z", "fraction")
  eq(tostring(ft(1.1)), "1970-01-01T00:00:01.100Z", "decimal fraction is exact")
  eq(tostring(ft(-1.5)), "1969-12-31T23:59:58.500Z", "negative fraction")
  eq(tostring(ft("10")), "1970-01-01T00:00:10Z", "numeric string, as Lua coerces")
  check(ft(1704164645) == utc(2024, 1, 2, 3, 4, 5), "from_timestamp == utc")
  eq(ft(utc(2024, 1, 2, 3, 4, 5, 999999999):timestamp()):timestamp(), 1704164645, "round trip")
  fails("bad argument #1 to 'from_timestamp' (number expected, got no value)", ft)
  fails("bad argument #1 to 'from_timestamp' (number expected, got string)", ft, "soon")
  fails("bad argument #1 to 'from_timestamp' (number must be finite)", ft, 0 / 0)
  fails("bad argument #1 to 'from_timestamp' (number must be finite)", ft, 1 / 0)
  fails("bad argument #1 to 'from_timestamp' (time out of range)", ft, 1e300)
  fails("bad argument #1 to 'from_timestamp' (time out of range)", ft, -1e17)
end

-- parts --------------------------------------------------------------------------------------
do
  local p = utc(2024, 3, 5, 14, 7, 9, 123456789):parts()
  eq(p.year, 2024, "year")
  eq(p.month, 3, "month")
  eq(p.day, 5, "day")
  eq(p.hour, 14, "hour")
  eq(p.min, 7, "min")
  eq(p.sec, 9, "sec")
  eq(p.nsec, 123456789, "nsec")
  eq(p.wday, 3, "wday: Tuesday, Sunday = 1")
  eq(p.yday, 65, "yday")
  eq(p.isdst, false, "isdst")
  eq(utc(2024, 3, 3, 0, 0, 0):parts().wday, 1, "Sunday")
  eq(utc(2024, 3, 9, 0, 0, 0):parts().wday, 7, "Saturday")
  eq(utc(2024, 12, 31, 0, 0, 0):parts().yday, 366, "last day of a leap year")
end

-- format ---------------------------------------------------------------------------------------
do
  local tp = utc(2024, 3, 5, 14, 7, 9, 123456789) -- a Tuesday, day 65, ISO week 10
  local function f(fmt) return tp:format(fmt) end
  local expected = {
    { "%Y", "2024" }, { "%C", "20" }, { "%y", "24" }, { "%G", "2024" }, { "%g", "24" }, { "%V", "10" },
    { "%m", "03" }, { "%d", "05" }, { "%e", " 5" }, { "%j", "065" },
    { "%H", "14" }, { "%k", "14" }, { "%I", "02" }, { "%l", " 2" }, { "%M", "07" }, { "%S", "09" },
    { "%p", "PM" }, { "%P", "pm" },
    { "%f", "123456789" }, { "%3f", "123" }, { "%6f", "123456" }, { "%9f", "123456789" },
    { "%.f", ".123456789" }, { "%.3f", ".123" }, { "%.6f", ".123456" }, { "%.9f", ".123456789" },
    { "%a", "Tue" }, { "%A", "Tuesday" }, { "%b", "Mar" }, { "%h", "Mar" }, { "%B", "March" },
    { "%u", "2" }, { "%w", "2" }, { "%U", "09" }, { "%W", "10" },
    { "%s", "1709647629" }, { "%Z", "UTC" }, { "%z", "+0000" }, { "%:z", "+00:00" },
    { "%D", "03/05/24" }, { "%x", "03/05/24" }, { "%F", "2024-03-05" }, { "%T", "14:07:09" },
    { "%X", "14:07:09" }, { "%R", "14:07" }, { "%r", "02:07:09 PM" }, { "%c", "Tue Mar  5 14:07:09 2024" },
    { "%n", "\n" }, { "%t", "\t" }, { "%%", "%" },
    { "%-d", "5" }, { "%-m", "3" }, { "%_m", " 3" }, { "%0e", "05" }, { "%-j", "65" }, { "%-H", "14" },
    { "%-Y", "2024" }, { "%-I", "2" },
    { "", "" }, { "plain text", "plain text" },
    { "%Y-%m-%dT%H:%M:%S%.3f%:z", "2024-03-05T14:07:09.123+00:00" },
    { "ann\195\169e %Y", "ann\195\169e 2024" },
    { "%A, %d %B %Y at %I:%M %p", "Tuesday, 05 March 2024 at 02:07 PM" },
  }
  for _, case in ipairs(expected) do
    eq(f(case[1]), case[2], "format " .. case[1])
  end
  eq(tp:format(5), "5", "a number format is a string")

  local midnight = utc(2024, 1, 7, 0, 0, 0) -- a Sunday
  eq(midnight:format("%.f"), "", "%.f of a whole second")
  eq(midnight:format("%f"), "000000000", "%f of a whole second")
  eq(midnight:format("%I %l %p"), "12 12 AM", "midnight in 12-hour form")
  eq(midnight:format("%u %w %U %W %V"), "7 0 01 01 01", "Sunday week numbers")
  eq(utc(2024, 1, 1, 12, 0, 0):format("%I %p %U %W"), "12 PM 00 01", "noon, first Monday")
  eq(utc(2021, 1, 1, 0, 0, 0):format("%G-W%V-%u"), "2020-W53-5", "ISO week-based year")
  eq(utc(-1, 1, 1, 0, 0, 0):format("%Y"), "-0001", "negative %Y")
  eq(utc(12345, 1, 1, 0, 0, 0):format("%Y"), "+12345", "five-digit %Y")
  eq(utc(5, 1, 1, 0, 0, 0):format("%Y %y %C"), "0005 05 00", "small year")
  eq(utc(1969, 12, 31, 23, 59, 59):format("%s"), "-1", "negative %s")
  eq(utc(2024, 1, 2, 3, 4, 5, 500000000):format("%.f"), ".500", "%.f picks 3 digits")
  eq(utc(2024, 1, 2, 3, 4, 5, 500000):format("%.f"), ".000500", "%.f picks 6 digits")

  for _, bad in ipairs({ "%Q", "%", "abc%", "%4f", "%.4f", "%:x", "%-", "%-3f", "%E", "%0" }) do
    -- tp:format(...) is a method call: as in Lua, self is not counted
    local err = fails("bad argument #1 to 'format' (invalid conversion specifier '", f, bad)
    check(string.find(err, "'" .. bad:match("%%.*$"):sub(1, 2), 1, true) ~= nil, "specifier quoted: " .. err)
  end
  fails("invalid conversion specifier '%Q'", f, "%Q")
  fails("invalid conversion specifier '%'", f, "abc%")
  fails("invalid conversion specifier '%.4'", f, "%.4f")
  fails("bad argument #2 to 'format' (string expected, got no value)", tp.format, tp)
  fails("bad argument #2 to 'format' (string expected, got table)", tp.format, tp, {})
  fails("bad argument #1 to 'format' (TimePoint expected, got string)", tp.format, "%Y")
end

-- add, sub, diff and the metamethods ------------------------------------------------------------
do
  local tp = utc(2024, 3, 5, 14, 7, 9, 123456789)
  eq(tostring(tp:add("1h")), "2024-03-05T15:07:09.123456789Z", "add string")
  eq(tostring(tp:add(60)), "2024-03-05T14:08:09.123456789Z", "add seconds")
  eq(tostring(tp:add(D("1d"))), "2024-03-06T14:07:09.123456789Z", "add Duration")
  eq(tostring(tp:add("-1d")), "2024-03-04T14:07:09.123456789Z", "add negative")
  eq(tostring(tp:add("877ms")), "2024-03-05T14:07:10.000456789Z", "add carries into seconds")
  eq(tostring(tp:sub("1d")), "2024-03-04T14:07:09.123456789Z", "sub")
  eq(tostring(tp:sub(D("-1h"))), "2024-03-05T15:07:09.123456789Z", "sub negative")
  eq(tostring(tp), "2024-03-05T14:07:09.123456789Z", "TimePoints are immutable")
  fails("duration must be number, string, or Duration userdata", tp.add, tp)
  fails("duration number must be whole seconds; use a string for sub-second values", tp.add, tp, 0.5)
  fails("failed to parse duration string", tp.sub, tp, "soon")
  fails("userdata is not a Duration (expected number, string, or Duration)", tp.add, tp, tp)
  fails("bad argument #1 to 'add' (TimePoint expected, got Duration)", tp.add, D(1), 1)
  fails("bad argument #1 to 'sub' (TimePoint expected, got no value)", tp.sub)

  local a, b = utc(2024, 1, 2, 0, 0, 0), utc(2024, 1, 1, 0, 0, 0)
  check(a:diff(b) == D("1d"), "diff")
  check(b:diff(a) == D("-1d"), "negative diff")
  eq(tostring(utc(2024, 1, 1, 0, 0, 1):diff(utc(2024, 1, 1, 0, 0, 0, 999500000))), "Duration(0.5ms)", "fine diff")
  fails("bad argument #2 to 'diff' (TimePoint expected, got number)", a.diff, a, 5)
  fails("bad argument #2 to 'diff' (TimePoint expected, got no value)", a.diff, a)
  fails("duration overflow", a.diff, a, utc(1000, 1, 1, 0, 0, 0))

  -- comparisons
  local same = utc(2024, 1, 2, 0, 0, 0)
  check(a == same, "== different objects")
  check(a ~= b, "~=")
  check(b < a and not (a < b) and not (a < same), "<")
  check(b <= a and a <= same and not (a <= b), "<=")
  check(a > b and a >= same, "> and >=")
  check(not (a == D(1)), "a TimePoint never equals a Duration")
  check(not pcall(function() return a < 1 end), "comparing a TimePoint with a number fails")
  check(not pcall(function() return a < D(1) end), "comparing a TimePoint with a Duration fails")

  -- arithmetic
  eq(tostring(b + "1d"), "2024-01-02T00:00:00Z", "tp + string")
  eq(tostring(b + 60), "2024-01-01T00:01:00Z", "tp + number")
  eq(tostring(60 + b), "2024-01-01T00:01:00Z", "number + tp")
  eq(tostring(b + D("1ms")), "2024-01-01T00:00:00.001Z", "tp + Duration")
  eq(tostring(D("1ms") + b), "2024-01-01T00:00:00.001Z", "Duration + tp")
  eq(tostring(a - "1d"), "2024-01-01T00:00:00Z", "tp - string")
  eq(tostring(a - D("1h")), "2024-01-01T23:00:00Z", "tp - Duration")
  local d = a - b
  eq(getmetatable(d), "Duration", "tp - tp is a Duration")
  check(d == D("1d"), "tp - tp")
  check(b - a == D("-1d"), "negative tp - tp")
  check(a + (b - a) == b, "tp + (tp2 - tp) == tp2")
  fails("userdata is not a Duration (expected number, string, or Duration)", function() return a + b end)
  fails("duration must be number, string, or Duration userdata", function() return a + {} end)
  fails("duration must be number, string, or Duration userdata", function() return a - {} end)
  fails("failed to parse duration string", function() return a + "x" end)
  fails("duration number must be whole seconds", function() return a + 0.5 end)
  fails("bad argument #1 to '__sub' (TimePoint expected, got number)", function() return 5 - a end)
  fails("bad argument #2 to '__sub' (Duration expected, got TimePoint)", function() return D(1) - a end)
  fails("attempt to", function() return a * 2 end)

  -- range
  local last = utc(999999999, 12, 31, 23, 59, 59, 999999999)
  local first = utc(-999999999, 1, 1, 0, 0, 0)
  eq(last:iso_date(), "+999999999-12-31", "last representable day")
  eq(first:format("%Y"), "-999999999", "first representable year")
  fails("time out of range", last.add, last, "1us")
  fails("time out of range", function() return last + 1 end)
  fails("time out of range", function() return first - "1us" end)
  fails("time out of range", first.sub, first, 1)
  check(type(last:millis()) == "number" and last:millis() > 3e19, "millis beyond 2^63 is a float")
end

-- parsing ------------------------------------------------------------------------------------------
do
  local p3339 = time.parse_rfc3339
  eq(tostring(p3339("2024-01-02T03:04:05Z")), "2024-01-02T03:04:05Z", "rfc3339 Z")
  eq(tostring(p3339("2024-01-02T03:04:05.5+02:00")), "2024-01-02T01:04:05.500Z", "rfc3339 offset")
  eq(tostring(p3339("2024-01-02T03:04:05-01:30")), "2024-01-02T04:34:05Z", "rfc3339 negative offset")
  eq(tostring(p3339("2024-01-02t03:04:05z")), "2024-01-02T03:04:05Z", "rfc3339 lower case")
  eq(tostring(p3339("2024-01-02 03:04:05Z")), "2024-01-02T03:04:05Z", "rfc3339 space")
  eq(tostring(p3339("2024-01-02T03:04:05-00:00")), "2024-01-02T03:04:05Z", "rfc3339 -00:00")
  eq(tostring(p3339("2024-01-02T03:04:05.123456789123Z")), "2024-01-02T03:04:05.123456789Z", "extra digits")
  eq(tostring(p3339("  2024-01-02T03:04:05Z \n")), "2024-01-02T03:04:05Z", "rfc3339 trimmed")
  eq(tostring(p3339("2024-01-01T00:30:00+01:00")), "2023-12-31T23:30:00Z", "offset crosses the year")
  for _, bad in ipairs({ "", "garbage", "2024-01-02", "2024-01-02T03:04:05", "2024-13-01T00:00:00Z",
                         "2024-02-30T00:00:00Z", "2024-01-02T24:00:00Z", "2024-01-02T03:04:60Z",
                         "2024-01-02T03:04:05+24:00", "2024-01-02T03:04:05+0200", "2024-1-02T03:04:05Z",
                         "2024-01-02T03:04:05.Z", "Tue, 1 Jul 2003 10:52:37 +0200", "+2024-01-02T03:04:05Z" }) do
    eq(p3339(bad), nil, "rfc3339 rejects '" .. bad .. "'")
  end
  fails("bad argument #1 to 'parse_rfc3339' (string expected, got no value)", p3339)
  fails("bad argument #1 to 'parse_rfc3339' (string expected, got table)", p3339, {})

  local p2822 = time.parse_rfc2822
  eq(tostring(p2822("Tue, 1 Jul 2003 10:52:37 +0200")), "2003-07-01T08:52:37Z", "rfc2822")
  eq(tostring(p2822("1 Jul 2003 10:52:37 +0200")), "2003-07-01T08:52:37Z", "rfc2822 without day name")
  eq(tostring(p2822("Tue, 01 Jul 2003 10:52 GMT")), "2003-07-01T10:52:00Z", "rfc2822 without seconds")
  eq(tostring(p2822("tue, 1 jul 03 10:52:37 EST")), "2003-07-01T15:52:37Z", "rfc2822 two-digit year, EST")
  eq(tostring(p2822("1 Jul 99 10:52:37 PDT")), "1999-07-01T17:52:37Z", "rfc2822 19xx, PDT")
  eq(tostring(p2822("Mon, 01 Jan 2024 00:00:00 +0000 (UTC)")), "2024-01-01T00:00:00Z", "rfc2822 comment")
  eq(tostring(p2822("Mon,01 Jan 2024 00:00:00 -0130")), "2024-01-01T01:30:00Z", "rfc2822 negative offset")
  eq(tostring(p2822("1 Jan 2024 00:00:00 UT")), "2024-01-01T00:00:00Z", "rfc2822 UT")
  eq(tostring(p2822("1 Jan 2024 00:00:00 z")), "2024-01-01T00:00:00Z", "rfc2822 military zone")
  eq(tostring(p2822("Sun, 31 Dec 2023 23:30:00 -0100")), "2024-01-01T00:30:00Z", "day name is the local day")
  for _, bad in ipairs({ "", "garbage", "Mon, 1 Jul 2003 10:52:37 +0200", "1 Jux 2003 10:52:37 +0200",
                         "1 Jul 2003 10:52:37", "1 Jul 2003 10:52:37 XYZ", "1 Jul 2003 10:52:37 J",
                         "31 Feb 2003 10:52:37 GMT", "1 Jul 2003 25:52:37 GMT", "1 Jul 2003 10:52:60 GMT",
                         "1 Jul 2003 10:52:37 +2400", "2024-01-02T03:04:05Z" }) do
    eq(p2822(bad), nil, "rfc2822 rejects '" .. bad .. "'")
  end
  fails("bad argument #1 to 'parse_rfc2822' (string expected, got nil)", p2822, nil)

  local parse = time.parse
  eq(tostring(parse("2024-01-02T03:04:05.25+01:00")), "2024-01-02T02:04:05.250Z", "parse rfc3339")
  eq(tostring(parse("Tue, 1 Jul 2003 10:52:37 +0200")), "2003-07-01T08:52:37Z", "parse rfc2822")
  eq(tostring(parse("2024-01-02")), "2024-01-02T00:00:00Z", "parse date")
  eq(tostring(parse("2024-01-02 03:04")), "2024-01-02T03:04:00Z", "parse date hour minute")
  eq(tostring(parse("2024-01-02 03:04:05")), "2024-01-02T03:04:05Z", "parse date time")
  eq(tostring(parse("2024-01-02T03:04:05")), "2024-01-02T03:04:05Z", "parse T without zone")
  eq(tostring(parse("2024-01-02 03:04:05.5")), "2024-01-02T03:04:05.500Z", "parse fraction")
  eq(tostring(parse("2024/01/02")), "2024-01-02T00:00:00Z", "parse slashes")
  eq(tostring(parse("2024/01/02 03:04:05")), "2024-01-02T03:04:05Z", "parse slashes with time")
  eq(tostring(parse("2024-1-2 3:4:5")), "2024-01-02T03:04:05Z", "parse single digits")
  eq(tostring(parse("  2024-01-02  ")), "2024-01-02T00:00:00Z", "parse trimmed")
  for _, bad in ipairs({ "", "   ", "nonsense", "2024-01/02", "2024-01-02 25:00", "2024-02-30",
                         "2024-01-02 03", "2024-01-02 03:04:05 junk", "24-01-02", "2024.01.02",
                         "2024-01-02 03:04:60" }) do
    eq(parse(bad), nil, "parse rejects '" .. bad .. "'")
  end
  fails("bad argument #1 to 'parse' (string expected, got boolean)", parse, true)
  eq(parse(20240102), nil, "a number is read as its string")
end

-- instant_now ----------------------------------------------------------------------------------------
do
  local a = time.instant_now()
  local b = time.instant_now()
  eq(type(a), "userdata", "instant type")
  eq(getmetatable(a), "InstantPoint", "protected metatable")
  eq(tostring(a), "InstantPoint()", "instant tostring")
  local d = b - a
  eq(getmetatable(d), "Duration", "instant - instant is a Duration")
  check(d >= D(0), "monotonic")
  check(a <= b and not (b < a), "instants compare")
  check(a == a and a ~= b or a == b, "instants ==")
  check(a:elapsed() >= D(0), "elapsed")
  check(a:elapsed() >= d, "elapsed grows")
  check(b:since(a) == d, "since")
  check(a:since(b) == -d, "since is signed")
  check(a:elapsed() < D("1h"), "elapsed is sane")
  fails("bad argument #2 to '__sub' (InstantPoint expected, got number)", function() return a - 1 end)
  fails("bad argument #2 to 'since' (InstantPoint expected, got TimePoint)", a.since, a, time.now())
  fails("bad argument #2 to 'since' (InstantPoint expected, got no value)", a.since, a)
  fails("bad argument #1 to 'elapsed' (InstantPoint expected, got no value)", a.elapsed)
  fails("bad argument #1 to '__add' (Duration expected, got InstantPoint)", function() return a + D(1) end)
  check(not pcall(function() return a < time.now() end), "comparing an InstantPoint with a TimePoint fails")
end

return check_lib.count()
