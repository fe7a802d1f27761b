/**
 * {@code ward.convert}: JSON, YAML, TOML and INI text to Lua values and back, all through the
 * shared data model of {@link io.ward.lua.LuaData} (one null sentinel, one array marker). Module
 * tables are confined to the runtime's context; formats are immutable and read or write on any
 * thread, the blocking pool for the {@code _async} forms.
 */
package io.ward.lua.convert;
