/**
 * The {@code ward.host}, {@code ward.host.platform} and {@code ward.host.resources} modules: the
 * OS, architecture and conventions, and a snapshot of the machine's resources.
 *
 * <p>Threading: confined to the runtime's context; every function is synchronous and cheap
 * ({@code /proc} reads on Linux, no process started from a call).
 */
package io.ward.lua.host;
