package io.ward.lua;

/**
 * A Java function callable from Lua, registered with {@link WardRuntimeBuilder#function} or
 * in a {@link HostModule}. Runs in the runtime's context (on its event loop): it must not
 * block. Arguments arrive converted by {@link LuaValues#toJava(org.luaj.vm2.Varargs)}.
 *
 * <p>The result becomes the Lua results: an {@code Object[]} gives several results, anything
 * else (including {@code null}, which is {@code nil}) one result converted by
 * {@link LuaValues#toLua(Object)}. A Netty {@code Future} or a {@code CompletionStage}
 * result is <em>awaited</em>: the calling Lua task suspends until it completes, then gets its
 * value (or, on failure, a Lua error with the exception's message). An exception thrown here
 * becomes a Lua error with its message.
 */
@FunctionalInterface
public interface HostFunction {
    Object call(Object... args) throws Exception;
}
