package io.ward.lua;

import java.util.HashMap;
import java.util.Map;

/**
 * Values a Lua task carries and the tasks it spawns inherit (for example the
 * {@code ward.process} middleware stack). Immutable: a change makes a new set, so a child's
 * changes never reach its parent and inheriting is sharing a reference.
 *
 * <p>Thread-safe (immutable). Read and changed through {@link WardRuntime#taskLocal} and
 * {@link WardRuntime#setTaskLocal}.
 */
final class TaskLocals {
    static final TaskLocals EMPTY = new TaskLocals(Map.of());

    private final Map<Object, Object> values;

    private TaskLocals(Map<Object, Object> values) {
        this.values = values;
    }

    Object get(Object key) {
        return values.get(key);
    }

    TaskLocals with(Object key, Object value) {
        Map<Object, Object> copy = new HashMap<>(values);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return new TaskLocals(copy);
    }
}
