/**
 * The {@code ward.env} module: the runtime's environment overlay ({@link io.ward.lua.ScriptEnvironment})
 * and a {@code which}-style program search.
 *
 * <p>Threading: confined to the runtime's context; every function is synchronous.
 */
package io.ward.lua.env;
