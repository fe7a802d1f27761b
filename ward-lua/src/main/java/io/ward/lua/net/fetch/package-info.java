/**
 * {@code ward.net.fetch}: downloads streamed into files and {@code git} clones. Threading:
 * confined to the runtime's context; file writes and the {@code git} process run on the
 * blocking pool.
 */
package io.ward.lua.net.fetch;
