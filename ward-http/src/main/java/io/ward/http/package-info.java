/**
 * A Netty HTTP/1.1 server whose requests are handled by a Lua function, one
 * {@link io.ward.lua.WardRuntime} per event loop: the embedding pattern of Ward, runnable as
 * {@code java -jar ward-http/target/ward-http.jar handler.lua [port]}.
 *
 * <p>Threading: each connection's handler runs on the connection's own event loop and calls
 * the runtime of that loop, so Lua never leaves it; host functions complete their futures on
 * other threads and the result hops back onto the loop.
 */
package io.ward.http;
