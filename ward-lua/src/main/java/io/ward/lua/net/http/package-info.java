/**
 * {@code ward.net.http}'s client: a per-runtime {@link io.ward.lua.net.http.HttpClient} with a
 * keep-alive {@code ConnectionPool}, one {@code HttpCall} per Lua call (redirects, deadline,
 * cancellation) and one {@code Exchange} per request on a connection.
 *
 * <p>Threading: confined to the runtime's context; Netty handlers run on the runtime's loop
 * (the channels are registered on it).
 */
package io.ward.lua.net.http;
