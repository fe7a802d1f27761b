/**
 * The {@code ward.lifecycle} module: signal handlers, shutdown callbacks and shutdown requests.
 *
 * <p>Threading: the handler tables and every Lua value are confined to the runtime's context.
 * A signal arrives on the JVM's signal-dispatch thread ({@link io.ward.lua.lifecycle.OsSignals})
 * and only hops onto the runtime's loop, where each handler runs as its own task, so it runs
 * while the main chunk is suspended on an await, and a handler may itself await. The request
 * state lives in the runtime ({@link io.ward.lua.Shutdown}, thread-safe) so that the runner
 * (the {@code ward} command) can act on it and run the callbacks once the script is over.
 */
package io.ward.lua.lifecycle;
