package io.ward.lua.async;

import io.ward.core.Awaitable;
import io.ward.core.BoundedChannel;
import io.ward.lua.LuaAwaitable;
import io.ward.lua.LuaValues;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The payload of a {@code Channel} userdata; waiting on it receives one value.
 *
 * <p>Confined to the runtime's context, except the thread-safe {@code trySend}/{@code close}
 * of the core channel.
 */
public final class LuaChannel implements LuaAwaitable {
    static final Varargs CLOSED = LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("closed"));

    final BoundedChannel channel;

    LuaChannel(BoundedChannel channel) {
        this.channel = channel;
    }

    /** The core channel, for Java code that feeds or closes it from any thread. */
    public BoundedChannel channel() {
        return channel;
    }

    @Override
    public Awaitable<?> awaitable() {
        return channel.receiver();
    }

    @Override
    public Varargs finish(Object value) {
        if (value == BoundedChannel.CLOSED) {
            return CLOSED;
        }
        return LuaValues.toLua(value); // a Java thread may have sent a plain Java value
    }
}
