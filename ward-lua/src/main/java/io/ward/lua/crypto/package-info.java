/**
 * The {@code ward.crypto} module: SHA-256, SHA-1 and MD5 digests as lowercase hex.
 *
 * <p>Threading: confined to the runtime's context; the file digests read on the runtime's
 * blocking pool while the calling task waits.
 */
package io.ward.lua.crypto;
