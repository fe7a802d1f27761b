package io.ward.lua.term;

import io.ward.core.Awaitable;
import io.ward.lua.LuaAwaitable;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The payload of {@code term.prompt}/{@code confirm}/{@code password}/{@code choose}'s result
 * (spec 2.3): each wait asks its question again. Being a {@link LuaAwaitable}, it also works
 * with {@code async.select} and {@code time.timeout}. Confined to the runtime's context.
 */
final class InputAwaitable implements LuaAwaitable {
    private final WardRuntime rt;
    private final Interactive queue;
    private final Question question;

    InputAwaitable(WardRuntime rt, Interactive queue, Question question) {
        this.rt = rt;
        this.queue = queue;
        this.question = question;
    }

    @Override
    public Awaitable<?> awaitable() {
        return new PromptWait(rt, queue, question);
    }

    @Override
    public Varargs finish(Object value) {
        return (LuaValue) value; // what the Question answered
    }

    @Override
    public String toString() {
        return "InputAwaitable";
    }
}
