/**
 * The {@code ward.module} module: external Lua modules fetched with {@code git} or over HTTP
 * into a content-addressed store under the user's data directory, and bound to a name that
 * {@code require} finds through {@code package.path}.
 *
 * <p>Threading: the module table, the bindings and {@code package.path} are confined to the
 * runtime's context. The {@code git} program, downloads and every file-system step run on the
 * runtime's blocking pool; only the calling task suspends meanwhile (also when the call happens
 * inside a {@code require} loader, which runs in the calling task's fiber).
 */
package io.ward.lua.module;
