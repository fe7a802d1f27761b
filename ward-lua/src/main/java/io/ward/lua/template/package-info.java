/**
 * {@code ward.template.minijinja}: Jinja templates rendered by Jinjava, with contexts converted
 * through {@link io.ward.lua.LuaData}. Module tables are confined to the runtime's context; the
 * engine is shared and renders on the calling thread: the loop for {@code render} without a
 * loader, the blocking pool for the forms that read files and for the {@code _async} forms.
 */
package io.ward.lua.template;
