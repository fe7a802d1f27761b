/**
 * The {@code ward} command line ({@link io.ward.cli.WardCommand}, picocli): running a
 * script, {@code -e}, stdin, the REPL, limits and exit statuses.
 *
 * <p>Threading: the command runs on the JVM's main thread and drives one
 * {@link io.ward.lua.WardRuntime} on its own event loop; every Lua value is touched only on
 * that loop (work hops there with {@code execute}/{@code submit}). A watchdog thread enforces
 * {@code --timeout} and {@code --memory-limit} and may end the process from there.
 */
package io.ward.cli;
