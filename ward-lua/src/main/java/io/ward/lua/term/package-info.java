/**
 * {@code ward.term} without its prompts: printing, ANSI codes, terminal detection and progress
 * lines. Confined to the runtime's context: everything writes synchronously to the runtime's
 * stdout/stderr streams (the ones Lua's {@code print} uses).
 */
package io.ward.lua.term;
