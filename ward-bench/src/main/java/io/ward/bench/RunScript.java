package io.ward.bench;

import io.netty.util.concurrent.Future;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.file.Path;

/**
 * Runs one Lua file as a Ward task, the way {@code java -jar ward-lua/target/ward.jar file.lua}
 * does ({@code arg[0]} is the path, {@code arg[1..n]} the arguments), for the script
 * benchmarks in {@code ward-bench/scripts/} when the CLI jar is not at hand. Prints the Lua
 * error and exits with status 1 when the script fails. The engine is the default one
 * ({@code -Dward.engine=thread|continuation} overrides it).
 *
 * <p>Run: {@code java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp
 * ward-bench/target/benchmarks.jar io.ward.bench.RunScript ward-bench/scripts/pingpong.lua}
 */
public final class RunScript {
    private RunScript() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: RunScript script.lua [args...]");
            System.exit(2);
        }
        WardRuntime rt = WardRuntime.builder().build();
        int status = 0;
        try {
            Bench.await(rt.loop().submit(() -> {
                LuaTable arg = new LuaTable();
                for (int i = 0; i < args.length; i++) {
                    arg.set(i, LuaValue.valueOf(args[i]));
                }
                rt.globals().set("arg", arg);
            }));
            Future<Varargs> done = rt.runFile(Path.of(args[0]));
            done.awaitUninterruptibly();
            if (!done.isSuccess()) {
                System.err.println("ward: " + done.cause().getMessage());
                status = 1;
            }
        } finally {
            rt.close();
        }
        System.out.flush();
        System.exit(status);
    }
}
