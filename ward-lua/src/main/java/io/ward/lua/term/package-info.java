/**
 * {@code ward.term}: printing, ANSI codes, terminal detection, progress lines and the input
 * prompts. Confined to the runtime's context: everything writes synchronously to the runtime's
 * stdout/stderr streams (the ones Lua's {@code print} uses); prompts read the runtime's shared
 * {@code StandardInput} and suspend only the awaiting task.
 */
package io.ward.lua.term;
