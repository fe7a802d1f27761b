package io.ward.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the README promises: every example in {@code examples/} runs to the end with status 0
 * through {@code java -jar ward.jar}, on every engine; the {@code ./ward} launcher passes its
 * arguments through; and the Lua behaviour scripts of {@code ward-lua/src/test/lua} still pass when run
 * by the command (with the execution hook that tracks call stacks and counts instructions).
 */
class WardExamplesIT {
    /** The standalone examples of the quick start; each must end by itself with status 0. */
    static final List<String> EXAMPLES = List.of(
            "hello.lua", "fan_in.lua", "worker_pool.lua", "select_timeout.lua", "pipeline.lua",
            "fan_out_commands.lua");

    static final Path EXAMPLES_DIR = Paths.get(System.getProperty("ward.examples", "../examples")).toAbsolutePath();
    static final Path LUA_TESTS = Paths.get(System.getProperty("ward.luaTests", "../ward-lua/src/test/lua")).toAbsolutePath();

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everyExampleExitsZero() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String engine : WardProcess.engines()) {
            for (String example : EXAMPLES) {
                tests.add(DynamicTest.dynamicTest(example + " [" + engine + "]", () -> {
                    Path file = EXAMPLES_DIR.resolve(example);
                    assertTrue(Files.isRegularFile(file), file + " exists");
                    WardProcess.Result r = new WardProcess(engine, dir).limitSeconds(60)
                            .run(file.toString()).expectExit(0);
                    assertTrue(!r.stdout.isEmpty(), example + " prints something");
                    assertEquals("", r.errors(), example + " writes no error");
                }));
            }
        }
        return tests.stream();
    }

    /** The seed chapter's fan-out/fan-in with real commands: every worker's line, once. */
    @TestFactory
    Stream<DynamicTest> fanOutCommandsPrintsEveryWorker() {
        return WardProcess.engines().stream().map(engine -> DynamicTest.dynamicTest("fan_out_commands.lua [" + engine + "]", () -> {
            WardProcess.Result r = new WardProcess(engine, dir).limitSeconds(60)
                    .run(EXAMPLES_DIR.resolve("fan_out_commands.lua").toString()).expectExit(0);
            StringBuilder expected = new StringBuilder();
            for (int i = 1; i <= 8; i++) {
                expected.append("worker=").append(i).append('\n');
            }
            assertEquals(expected + "8 workers done\n", r.stdout);
        }));
    }

    @TestFactory
    Stream<DynamicTest> luaBehaviourScriptsPassThroughTheCommand() throws Exception {
        List<Path> scripts = new ArrayList<>();
        try (Stream<Path> s = Files.list(LUA_TESTS)) {
            // scale.lua measures throughput, and bad_input.lua's 8,000 calls exercise the libraries,
            // not the command: both stay with LuaScriptsTest; lifecycle_handlers.lua requests shutdown
            // with code 17, which in the command ends the run with 17 (WardLifecycleIT covers that)
            s.filter(p -> p.toString().endsWith(".lua") && !p.getFileName().toString().equals("scale.lua")
                    && !p.getFileName().toString().equals("bad_input.lua")
                    && !p.getFileName().toString().equals("lifecycle_handlers.lua"))
                    .sorted().forEach(scripts::add);
        }
        assertTrue(!scripts.isEmpty(), "scripts in " + LUA_TESTS);
        List<DynamicTest> tests = new ArrayList<>();
        for (String engine : WardProcess.engines()) {
            for (Path script : scripts) {
                String name = script.getFileName().toString();
                tests.add(DynamicTest.dynamicTest(name + " [" + engine + "]", () -> {
                    // run from the scripts' directory: chunk names (and error positions) are "name.lua";
                    // their shared assertions are lib/check.lua (LuaJ reads its default package.path
                    // from this property)
                    // debug_full_* scripts need the full debug library, binary_* also binary chunks,
                    // as LuaScriptsTest gives them
                    List<String> args = new ArrayList<>(List.of("--instruction-limit", "1000000000000"));
                    if (name.startsWith("debug_full_")) {
                        args.add("--allow=debug");
                    }
                    if (name.startsWith("binary_")) {
                        args.add("--allow=debug,binary");
                    }
                    args.add(name);
                    WardProcess.Result r = new WardProcess(engine, LUA_TESTS).limitSeconds(120)
                            .jvmArg("-Dluaj.package.path=lib/?.lua;?.lua")
                            .run(args.toArray(new String[0]));
                    assertEquals(0, r.exit, name + " on " + engine + "\n" + r);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void launcherRunsTheJarWithEveryArgument() throws Exception {
        Path launcher = EXAMPLES_DIR.getParent().resolve("ward");
        assertTrue(Files.isRegularFile(launcher), launcher + " exists");
        Path script = dir.resolve("echo.lua");
        Files.writeString(script, "print(select('#', ...), ...)");
        Map<String, String> env = Map.of(
                "WARD_JAR", WardProcess.JAR.toString(), // no build from inside the build
                "JAVA_HOME", System.getProperty("java.home"));
        WardProcess.Result r = new WardProcess(null, dir).env(env).limitSeconds(60)
                .exec(List.of("bash", launcher.toString(), "echo.lua", "a b", "", "--timeout"));
        assertEquals(0, r.exit, r.toString());
        assertEquals("3\ta b\t\t--timeout\n", r.stdout);
        assertEquals("", r.stderr, "the launcher adds nothing to stderr (and silences the JDK's Unsafe warning)");
        new WardProcess(null, dir).env(env).exec(List.of("bash", launcher.toString(), "--version"))
                .expectExit(0).expectStdoutContains("JDK " + System.getProperty("java.version"));
    }
}
