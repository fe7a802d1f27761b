/**
 * The network modules: {@code ward.net} ({@code ward.net.http}, {@code ward.net.fetch}) and
 * {@code ward.ipc} ({@code ward.ipc.unix}), registered here and implemented in the
 * subpackages. Their connections are Netty channels on the runtime's own event loop, so a
 * request suspends only its task and every handler callback runs on that loop.
 *
 * <p>Threading: everything Lua-visible is confined to the runtime's context; handler
 * callbacks run on the runtime's loop; only file and process work (fetch) and TLS context
 * building run on the blocking pool.
 */
package io.ward.lua.net;
