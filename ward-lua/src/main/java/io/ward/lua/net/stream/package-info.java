/**
 * Channel input buffered for Lua readers, with backpressure ({@code autoRead} off, reads on
 * demand). Threading: confined to the runtime's context.
 */
package io.ward.lua.net.stream;
