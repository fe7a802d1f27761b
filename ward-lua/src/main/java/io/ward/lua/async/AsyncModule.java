package io.ward.lua.async;

import io.ward.core.BoundedChannel;
import io.ward.core.Outcome;
import io.ward.core.Task;
import io.ward.lua.Args;
import io.ward.lua.Awaits;
import io.ward.lua.LuaFunctions;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.concurrent.RejectedExecutionException;

/**
 * Builds the {@code ward.async} module table of one runtime: {@code spawn}, {@code channel},
 * {@code await}, {@code select}, and the {@code Task} and {@code Channel} userdata types.
 *
 * <p>Confined to the runtime's context.
 */
public final class AsyncModule {
    static final int DEFAULT_CAPACITY = 64;

    private final WardRuntime rt;
    private final LuaTable taskMeta;
    private final LuaTable channelMeta;

    private AsyncModule(WardRuntime rt) {
        this.rt = rt;
        this.taskMeta = taskMetatable();
        this.channelMeta = channelMetatable();
    }

    /** The module table for {@code require("ward.async")}. */
    public static LuaTable create(WardRuntime rt) {
        return new AsyncModule(rt).table();
    }

    private LuaTable table() {
        LuaTable m = new LuaTable();
        m.set("spawn", fn("spawn", args -> {
            LuaValue f = Args.checkFunction(args, 1, "spawn");
            Task<Varargs> t;
            try {
                t = rt.spawnLua(f, args.subargs(2));
            } catch (RejectedExecutionException e) {
                throw new LuaError("cannot spawn: the runtime is closed");
            }
            return new LuaUserdata(new LuaTask(t), taskMeta);
        }));
        m.set("channel", fn("channel", args -> new LuaUserdata(
                new LuaChannel(new BoundedChannel(rt.scheduler(), capacity(args.arg1()))), channelMeta)));
        m.set("await", fn("await", args -> Awaiting.awaitAny(rt, args)));
        m.set("select", fn("select", args -> Awaiting.select(rt, args)));
        return m;
    }

    /** Parses {@code channel(opts)}: nil, a positive whole number, or {@code {capacity = N}}. */
    static int capacity(LuaValue opts) {
        LuaValue c;
        if (opts.isnil()) {
            return DEFAULT_CAPACITY;
        } else if (opts.type() == LuaValue.TNUMBER) {
            c = opts;
        } else if (opts.istable()) {
            c = opts.get("capacity");
            if (c.isnil()) {
                return DEFAULT_CAPACITY;
            }
            if (c.type() != LuaValue.TNUMBER) {
                throw new LuaError("channel expects opts table or capacity number");
            }
        } else {
            throw new LuaError("channel expects opts table or capacity number");
        }
        double d = c.todouble();
        if (Double.isNaN(d) || Double.isInfinite(d) || d <= 0) {
            throw new LuaError("capacity must be positive");
        }
        if (d != Math.floor(d)) {
            throw new LuaError("capacity must be an integer");
        }
        if (d > Integer.MAX_VALUE) {
            throw new LuaError("capacity overflow");
        }
        return (int) d;
    }

    private LuaTable taskMetatable() {
        LuaTable methods = new LuaTable();
        methods.set("wait", fn("wait", args -> Awaits.await(rt, task(args, "wait"))));
        methods.set("cancel", fn("cancel", args -> LuaValue.valueOf(task(args, "cancel").task.cancel())));
        methods.set("done", fn("done", args -> LuaValue.valueOf(task(args, "done").task.isDone())));
        methods.set("detach", fn("detach", args -> LuaValue.valueOf(task(args, "detach").task.detach())));
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, methods);
        meta.set(LuaValue.CALL, fn("__call", args -> Awaits.await(rt, task(args, "__call"))));
        meta.set(LuaValue.TOSTRING, fn("__tostring", args -> LuaValue.valueOf("Task()")));
        meta.set("__name", "Task");
        return meta;
    }

    private LuaTable channelMetatable() {
        LuaTable methods = new LuaTable();
        methods.set("send", fn("send", args -> {
            LuaChannel ch = channel(args, "send");
            Object r = Awaits.awaitCore(rt, ch.channel.sender(args.arg(2)));
            return r == BoundedChannel.CLOSED ? LuaChannel.CLOSED : LuaValue.TRUE;
        }));
        methods.set("try_send", fn("try_send", args -> {
            switch (channel(args, "try_send").channel.trySend(args.arg(2))) {
                case SENT:
                    return LuaValue.TRUE;
                case FULL:
                    return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("full"));
                default:
                    return LuaChannel.CLOSED;
            }
        }));
        methods.set("wait", fn("wait", args -> Awaits.await(rt, channel(args, "wait"))));
        methods.set("try_recv", fn("try_recv", args -> {
            LuaChannel ch = channel(args, "try_recv");
            Outcome<Object> o = ch.channel.tryReceive();
            if (o == null) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("empty"));
            }
            return ch.finish(o.value());
        }));
        methods.set("close", fn("close", args -> {
            channel(args, "close").channel.close();
            return LuaValue.TRUE;
        }));
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, methods);
        meta.set(LuaValue.CALL, fn("__call", args -> Awaits.await(rt, channel(args, "__call"))));
        meta.set(LuaValue.TOSTRING, fn("__tostring", args -> LuaValue.valueOf("Channel()")));
        meta.set("__name", "Channel");
        return meta;
    }

    private static LuaTask task(Varargs args, String fname) {
        return Args.checkUserdata(args, 1, fname, LuaTask.class, "Task");
    }

    private static LuaChannel channel(Varargs args, String fname) {
        return Args.checkUserdata(args, 1, fname, LuaChannel.class, "Channel");
    }

    private static LuaValue fn(String name, LuaFunctions.Body body) {
        return LuaFunctions.named(name, body);
    }
}
