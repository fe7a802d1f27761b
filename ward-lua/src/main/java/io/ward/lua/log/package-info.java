/**
 * The {@code ward.log} module: levelled log lines to the runtime's stderr.
 *
 * <p>Threading: confined to the runtime's context; every function is synchronous and writes one
 * whole line per record.
 */
package io.ward.lua.log;
