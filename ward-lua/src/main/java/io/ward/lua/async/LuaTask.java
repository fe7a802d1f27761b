package io.ward.lua.async;

import io.ward.core.Awaitable;
import io.ward.core.Task;
import io.ward.lua.LuaAwaitable;
import org.luaj.vm2.Varargs;

/**
 * The payload of a {@code Task} userdata. Holds the only strong reference to the core
 * {@link Task} handle, so when Lua drops the userdata the task is aborted (unless detached).
 *
 * <p>Confined to the runtime's context, except {@link Task#cancel()}.
 */
public final class LuaTask implements LuaAwaitable {
    final Task<Varargs> task;

    LuaTask(Task<Varargs> task) {
        this.task = task;
    }

    @Override
    public Awaitable<?> awaitable() {
        return task;
    }

    @Override
    public Varargs finish(Object value) {
        return (Varargs) value;
    }
}
