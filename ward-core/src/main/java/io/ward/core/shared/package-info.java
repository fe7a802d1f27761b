/**
 * State shared by the runtimes of many event loops: {@link io.ward.core.shared.SharedDictionary}.
 *
 * <p>Threading: thread-safe; every operation is atomic and short (no waiting on anything but
 * one lock held for a map operation), so loops may call it directly.
 */
package io.ward.core.shared;
