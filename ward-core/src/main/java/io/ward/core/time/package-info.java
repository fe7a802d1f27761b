/**
 * Ward's duration values in plain Java: {@link io.ward.core.time.WardDuration} (signed
 * nanoseconds with checked arithmetic) and {@link io.ward.core.time.DurationParser} (the
 * {@code "1m30s"} text form and seconds as numbers). Shared by every Lua module that takes a
 * duration ({@code ward.time}, {@code ward.process} timeouts, the CLI's {@code --timeout}).
 *
 * <p>Immutable and stateless: thread-safe.
 */
package io.ward.core.time;
