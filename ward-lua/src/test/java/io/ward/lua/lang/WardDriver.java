package io.ward.lua.lang;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Ward side of a differential test: runs a Lua driver over a corpus in a fresh runtime and
 * returns what it printed, line by line (bytes as ISO-8859-1). Used from the test thread only.
 */
public final class WardDriver {
    private WardDriver() {
    }

    /** Runs {@code driver} with the global {@code CASES} holding {@code cases} (1-based). */
    public static List<String> run(FiberEngine engine, String driver, List<String> cases) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WardRuntime rt = WardRuntime.builder().engine(engine)
                .stdout(new PrintStream(out, true, StandardCharsets.ISO_8859_1)).build()) {
            LuaTable t = new LuaTable();
            for (int i = 0; i < cases.size(); i++) {
                t.set(i + 1, LuaValue.valueOf(cases.get(i)));
            }
            rt.globals().set("CASES", t);
            Future<Varargs> f = rt.eval(driver, "=driver");
            assertTrue(f.await(240, TimeUnit.SECONDS), "the driver finished");
            assertTrue(f.isSuccess(), () -> "the driver failed: " + f.cause());
        }
        String text = out.toString(StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\n", -1);
        return text.isEmpty() ? List.of() : List.of(lines).subList(0, lines.length - 1);
    }

    /** The bytes of {@code s} (ISO-8859-1) as lower-case hex, two digits each. */
    public static String hex(String s) {
        return LuaReferenceDifferentialTest.hex(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
