package io.ward.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ward.module} in the real {@code ward} process: a local git repository made here is
 * cloned into {@code $XDG_DATA_HOME/ward/externals} and {@code require}d from inside a
 * {@code require} loader of the script's own module (the clone suspends that task); a second
 * run reuses the store. {@code require("ward")} lists the two new modules.
 */
class WardModuleIT {
    @TempDir
    Path dir;

    static List<String> engines() {
        return WardProcess.engines();
    }

    private static void git(Path cwd, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void gitModuleIsClonedBoundAndRequired(String engine) throws Exception {
        Path repo = dir.resolve("greeter.git");
        Files.createDirectories(repo);
        git(repo, "init", "-q", "-b", "main");
        git(repo, "config", "user.email", "t@example.com");
        git(repo, "config", "user.name", "t");
        Files.writeString(repo.resolve("greeter.lua"), "return { hello = function(n) return 'hello ' .. n end }\n");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "one");
        Path work = Files.createDirectories(dir.resolve("work"));
        // the script's own module fetches its dependency while it is being required
        Files.writeString(work.resolve("deps.lua"), String.join("\n",
                "local module = require('ward.module')",
                "local r = module.git(REPO)",
                "assert(r.ok, r.error)",
                "return require(r.require)"));
        Files.writeString(work.resolve("main.lua"), String.join("\n",
                "REPO = ...",
                "local ward = require('ward')",
                "assert(ward.lifecycle == require('ward.lifecycle') and ward.module == require('ward.module'))",
                "local greeter = require('deps')",
                "print(greeter.hello('ward'))",
                "print(require('ward.module').dir())"));
        Map<String, String> env = Map.of("XDG_DATA_HOME", dir.resolve("data").toString());
        WardProcess.Result r = new WardProcess(engine, work).env(env).run("main.lua", repo.toString()).expectExit(0);
        assertEquals("hello ward\n" + dir.resolve("data/ward/externals") + "\n", r.stdout, r.toString());
        // the second run reuses the checkout: it works with the repository gone
        deleteTree(repo);
        r = new WardProcess(engine, work).env(env).run("main.lua", repo.toString()).expectExit(0);
        assertEquals("hello ward\n" + dir.resolve("data/ward/externals") + "\n", r.stdout, r.toString());
    }

    private static void deleteTree(Path p) throws Exception {
        try (var all = Files.walk(p)) {
            for (Path x : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
