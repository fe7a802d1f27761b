/**
 * {@code ward.helpers}: number, string and table helpers and {@code retry.run}. Everything is
 * confined to the runtime's context: the functions run on the calling task, and callbacks
 * (table helpers, retry) may await, suspending only that task.
 */
package io.ward.lua.helpers;
