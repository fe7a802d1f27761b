/**
 * The {@code ward.process} module: run, capture and stream external programs from tasks.
 *
 * <p>Threading: the Lua-facing objects ({@link io.ward.lua.process.CommandSpec}, the stream
 * and stdin payloads, the module's defaults) are confined to the runtime's context. Nothing
 * here blocks the loop: starting a process runs on the runtime's
 * {@link io.ward.lua.WardRuntime#blockingPool() blocking pool}, reading a pipe and writing to
 * a child's stdin on {@link io.ward.lua.process.PipeThreads} (a pipe can wait forever), and
 * each hands its result back to the loop; a process's exit arrives through
 * {@link Process#onExit()}.
 * Captured output ({@code output()}) goes to temporary files rather than pipes, so a command
 * being captured holds no thread while it runs: fifty concurrent commands need no fifty
 * threads.
 */
package io.ward.lua.process;
