package io.ward.lua;

import io.ward.core.Awaitable;
import org.luaj.vm2.Varargs;

/**
 * A userdata payload that Ward can wait on natively (task, channel, timer): the core
 * awaitable to wait on, and how its value becomes Lua results.
 *
 * <p>Confined to the runtime's context.
 */
public interface LuaAwaitable {
    /** The core awaitable for one wait. Raises a Lua error when it cannot be awaited (again). */
    Awaitable<?> awaitable();

    /** Lua results of a completed wait, given the awaitable's value; may run Lua code. */
    Varargs finish(Object value);
}
