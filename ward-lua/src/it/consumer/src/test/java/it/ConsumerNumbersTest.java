package it;

import io.ward.core.fiber.FiberEngines;
import io.ward.lua.WardRuntime;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaValue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ward's numbers as an embedder gets them: ward-lua from a Maven repository, luaj-jse listed too. */
class ConsumerNumbersTest {
    private static final String SCRIPT = String.join("\n",
            "print(1/3, 1e100, 123456789.123, -0.0, 2^53, 1e15, 0/0, -(0/0))",
            "print(\" -0xa \" + 1, tonumber(\"0x1p4\"), tonumber(\"1e\"), \"10\" + 0, tonumber(\" ff \", 16))",
            "print(string.format(\"%s\", 1/3), table.concat({1/3, -0.0}, \",\"), select(2, load(\"return 1e\")))");
    /** What lua5.2 prints for SCRIPT on x86-64 Linux. */
    private static final String LUA52 = String.join("\n",
            "0.33333333333333\t1e+100\t123456789.123\t-0\t9.007199254741e+15\t1e+15\t-nan\tnan",
            "-9\t16\tnil\t10\t255",
            "0.33333333333333\t0.33333333333333,-0\t[string \"return 1e\"]:1: malformed number near '1e'", "");

    @Test
    void printsAndParsesNumbersAsLua52() throws Exception {
        for (var engine : new io.ward.core.fiber.FiberEngine[] {FiberEngines.defaultEngine(), FiberEngines.thread()}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (WardRuntime rt = WardRuntime.builder().engine(engine)
                    .stdout(new PrintStream(out, true, StandardCharsets.UTF_8)).build()) {
                var result = rt.eval(SCRIPT, "=numbers");
                assertTrue(result.await(60, TimeUnit.SECONDS), "finished");
                assertTrue(result.isSuccess(), () -> String.valueOf(result.cause()));
            }
            assertEquals(LUA52, out.toString(StandardCharsets.UTF_8), engine.name());
        }
    }

    @Test
    void theApplicationsOwnLuajCallsArePatchedToo() {
        assertEquals("0.33333333333333", LuaValue.valueOf(1.0 / 3).tojstring());
        assertEquals("-9", LuaValue.valueOf(" -0xa ").add(LuaValue.ONE).tojstring());
        assertTrue(LuaDouble.class.getProtectionDomain().getCodeSource().getLocation().toString().contains("ward-lua"),
                "LuaDouble comes from ward-lua's jar");
    }
}
