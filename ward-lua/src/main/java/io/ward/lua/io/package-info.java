/**
 * The {@code ward.io} module: the runtime's standard streams.
 *
 * <p>Threading: confined to the runtime's context. Reads wait on the shared
 * {@link io.ward.lua.StandardInput} reader thread (only the calling task suspends); writes go to
 * the runtime's print streams on the calling thread, in call order with {@code print}.
 */
package io.ward.lua.io;
