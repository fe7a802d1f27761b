/**
 * {@code ward.ipc.unix}: Unix domain sockets as Netty NIO domain-socket channels on the
 * runtime's loop. Threading: confined to the runtime's context; handlers run on the loop;
 * socket-file work runs on the blocking pool.
 */
package io.ward.lua.net.unix;
