/**
 * A Netty HTTP/1.1 server whose requests are handled by a Lua function, one
 * {@link io.ward.lua.WardRuntime} per event loop: the embedding pattern of Ward, runnable as
 * {@code java -jar ward-http/target/ward-http.jar handler.lua [port]}.
 *
 * <p>Threading: each connection's handler runs on the connection's own event loop and calls
 * the runtime of that loop, so Lua never leaves it; host functions complete their futures on
 * other threads and the result hops back onto the loop. On the thread fiber engine a handler's
 * Lua code runs on a fiber thread while the loop waits for it: the request and response state
 * it touches is then handed over with the loop, and the Netty operations it issues are queued
 * onto the loop in order ({@link io.ward.http.Exchange}). {@link io.ward.http.ServerLog}
 * writes the logs from its own thread; {@link io.ward.http.Generation} and the shared
 * dictionary are thread-safe.
 */
package io.ward.http;
