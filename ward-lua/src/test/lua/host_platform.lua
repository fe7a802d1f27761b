-- ward.host, ward.host.platform, ward.host.resources (ward-io-env-host.md part C): the 18
-- platform functions agree with each other and with the machine (Linux here), info()'s exact
-- keys, fresh tables, the shared tables of the three module names, and resources.get()'s shape
-- and invariants.
local host = require("ward.host")
local platform = require("ward.host.platform")
local resources = require("ward.host.resources")
local process = require("ward.process")

local check = require("check")
local eq, ok = check.eq, check.check

eq(host.platform, platform, "require('ward.host').platform is ward.host.platform")
eq(host.resources, resources, "require('ward.host').resources is ward.host.resources")
eq(require("ward").host, host, "require('ward').host")

local function sh(cmd) return (process.sh(cmd):output().stdout:gsub("\n$", "")) end

---------------------------------------------------------------- flags and names
local os, arch = platform.os(), platform.arch()
eq(os, "linux", "os (the tests run on Linux)")
eq(platform.is_linux(), true, "is_linux")
eq(platform.is_windows(), false, "is_windows")
eq(platform.is_macos(), false, "is_macos")
eq(platform.is_bsd(), false, "is_bsd")
eq(platform.is_unix(), true, "is_unix")
local uname_m = sh("uname -m")
local rust_arch = ({ x86_64 = "x86_64", amd64 = "x86_64", aarch64 = "aarch64", arm64 = "aarch64" })[uname_m] or uname_m
eq(arch, rust_arch, "arch in Rust's names, as uname -m")
eq(platform.platform(), os .. "-" .. arch, "platform = os-arch")
eq(platform.release(), sh("uname -r"), "release = uname -r")
ok(platform.version():match("^Linux") ~= nil, "version starts with Linux: " .. platform.version())
eq(platform.hostname(), sh("cat /proc/sys/kernel/hostname"), "hostname")
eq(platform.exe_suffix(), "", "exe_suffix")
eq(platform.path_sep(), "/", "path_sep")
eq(platform.env_sep(), ":", "env_sep")
eq(platform.newline(), "\n", "newline")
eq(platform.endianness(), "little", "endianness (x86_64 and aarch64 Linux are little-endian)")
local s = platform.shell()
eq(s[1], "sh", "shell prog"); eq(s[2], "-lc", "shell arg"); eq(#s, 2, "shell has two entries")
s[1] = "changed"
eq(platform.shell()[1], "sh", "shell() is a new table each time")
eq(platform.os("extra", 1), "linux", "extra arguments are ignored")

---------------------------------------------------------------- info()
local info = platform.info()
local keys = { "os", "arch", "platform", "is_windows", "is_unix", "is_bsd", "version", "release", "hostname",
  "endianness", "exe_suffix", "path_sep", "env_sep", "shell" }
local count = 0
for _ in pairs(info) do count = count + 1 end
eq(count, #keys, "info() has exactly the keys of the original")
for _, k in ipairs(keys) do
  if k == "shell" then
    eq(info.shell[1], "sh", "info().shell[1]"); eq(info.shell[2], "-lc", "info().shell[2]")
  else
    eq(info[k], platform[k](), "info()." .. k)
  end
end
eq(info.is_macos, nil, "info() has no is_macos (as the original)")
ok(platform.info() ~= info, "info() is a new table each time")
platform.os = function() return "hacked" end
eq(platform.info().os, "linux", "info() does not call what a script put in the table")
platform.os = nil

---------------------------------------------------------------- resources.get()
local r = resources.get()
local m = r.memory
for _, k in ipairs({ "total", "available", "used", "free" }) do
  ok(type(m[k]) == "number" and m[k] >= 0 and m[k] == math.floor(m[k]), "memory." .. k .. " is a whole number")
end
ok(m.total > 0, "total > 0")
ok(m.total >= m.available, "total >= available")
ok(m.used <= m.total, "used <= total")
eq(m.used, m.total - m.available, "used = total - available")
local meminfo_total = tonumber(sh("awk '/^MemTotal:/ { print $2 }' /proc/meminfo")) * 1024
eq(m.total, meminfo_total, "total = MemTotal in bytes")
for _, k in ipairs({ "1m", "5m", "15m" }) do
  ok(type(r.cpu.load[k]) == "number" and r.cpu.load[k] >= 0, "load " .. k)
end
ok(r.cpu.cores.logical > 0, "logical cores > 0")
eq(r.cpu.cores.logical, tonumber(sh("grep -c '^cpu[0-9]' /proc/stat")), "logical = cpuN lines of /proc/stat")
local phys = r.cpu.cores.physical
ok(phys == nil or (phys > 0 and phys <= r.cpu.cores.logical), "physical cores: nil or 1..logical")
ok(r.uptime > 0 and r.uptime == math.floor(r.uptime), "uptime in whole seconds")
local proc_uptime = tonumber(sh("cut -d' ' -f1 /proc/uptime"))
ok(math.abs(r.uptime - proc_uptime) < 600, "uptime is the machine's (/proc/uptime), not the JVM's")
eq(r.hostname, platform.hostname(), "resources hostname")
ok(resources.get() ~= r, "a new table each call")

print(string.format("host_platform: %d checks", check.count()))
