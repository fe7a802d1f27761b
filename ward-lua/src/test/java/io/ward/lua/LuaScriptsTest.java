package io.ward.lua;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every Lua behaviour script in {@code src/test/lua} as the main chunk of a fresh
 * runtime, once per available fiber engine. Each script asserts its own results: a Lua
 * error, or a script that does not finish, fails the test. {@code require} finds the shared
 * helpers in {@code src/test/lua/lib}. Scripts named {@code debug_*} run with the execution
 * hook on (as the CLI runs scripts), so that the debug library sees call stacks; those named
 * {@code debug_full_*} also get the full debug library ({@code withLibrary("debug")}); those
 * named {@code binary_*} get {@code string.dump} and binary chunks ({@code withLibrary("binary")})
 * and the full debug library (for upvalues).
 */
class LuaScriptsTest {
    @AfterAll
    static void theCompilerFailedOnNoFunction() {
        io.ward.lua.compiler.CompilerFailures.assertNone();
    }

    static final Path SCRIPTS = Paths.get("src/test/lua");
    /** Modules the scripts share ({@code require("check")}); not scripts themselves. */
    static final Path LIB = SCRIPTS.resolve("lib");
    private static final long TIMEOUT_SECONDS = 120;
    /** Whether the surefire execution {@code compiled} runs this class (every function compiled). */
    private static final boolean COMPILED = "always".equals(System.getProperty("ward.lua.compile"));
    /**
     * Left out when compiled: it counts instructions with a count hook set while the main chunk
     * runs, and a compiled call already running counts line starts and jump targets, not single
     * instructions (docs/COMPILER.md, "Hooks, limits, tracebacks").
     */
    private static final String NOT_COMPILED = "debug_full_hooks.lua";

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(SCRIPTS)) {
            String only = System.getProperty("ward.script", ""); // run one script: -Dward.script=name
            s.filter(p -> p.toString().endsWith(".lua") && p.getFileName().toString().startsWith(only))
                    .filter(p -> !(COMPILED && p.getFileName().toString().equals(NOT_COMPILED)))
                    .sorted().forEach(files::add);
        }
        assertTrue(!files.isEmpty(), "Lua behaviour scripts found in " + SCRIPTS.toAbsolutePath());
        List<DynamicTest> tests = new ArrayList<>();
        for (FiberEngine engine : Engines.runnable()) {
            for (Path file : files) {
                tests.add(DynamicTest.dynamicTest(file.getFileName() + " [" + engine.name() + "]",
                        () -> run(engine, file)));
            }
        }
        return tests.stream();
    }

    static void run(FiberEngine engine, Path file) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String name = file.getFileName().toString();
        WardRuntimeBuilder builder = WardRuntime.builder().engine(engine).commandLineModules().modulePath(LIB)
                .executionHook(name.startsWith("debug_"));
        if (name.startsWith("debug_full_") || name.startsWith("binary_")) {
            builder.withLibrary("debug");
        }
        if (name.startsWith("binary_")) {
            builder.withLibrary("binary");
        }
        try (WardRuntime rt = builder.stderr(new PrintStream(err, true, StandardCharsets.UTF_8)).build()) {
            rt.globals().set("WARD_ENGINE", engine.name());
            rt.globals().set(RawMetatables.GLOBAL, RawMetatables.function());
            Future<Varargs> f = rt.runFile(file);
            if (!f.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail(file + " did not finish within " + TIMEOUT_SECONDS + " s on " + engine.name());
            }
            if (!f.isSuccess()) {
                fail(file.getFileName() + " failed on " + engine.name() + ": " + f.cause().getMessage()
                        + "\nstderr:\n" + err.toString(StandardCharsets.UTF_8), f.cause());
            }
        }
    }
}
