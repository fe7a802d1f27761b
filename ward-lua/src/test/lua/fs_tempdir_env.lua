-- fs.tempdir reads TMPDIR from the runtime's environment: ward.env's changes count.
local fs = require("ward.fs")
local env = require("ward.env")

local base = fs.tempdir("ward-tmpbase")
env.set("TMPDIR", base)
local inner = fs.tempdir("inner")
assert(inner:sub(1, #base + 1) == base .. "/", "tempdir under ward.env's TMPDIR, got " .. inner)
env.unset("TMPDIR")
local outer = fs.tempdir("outer")
assert(outer:sub(1, #base + 1) ~= base .. "/", "TMPDIR unset: not under " .. base .. ", got " .. outer)
assert(fs.rm(inner).ok and fs.rm(outer).ok and fs.rm(base).ok)
print("fs_tempdir_env ok")
