package io.ward.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The thread engine out of threads: tasks that get no thread fail with a Lua error that names
 * the limit and the way out, instead of the script hanging, and the other tasks and the
 * runtime go on. Two ways to run out: the engine's cap ({@code -Dward.fiber.maxThreads}, the
 * same error path) and the system refusing a thread for real ({@code OutOfMemoryError: unable
 * to create native thread}), made cheap with a small address space ({@code ulimit -v}) and
 * large fiber stacks, which holds for root too (unlike {@code ulimit -u}).
 */
@Isolated
class WardFiberThreadsIT {
    /** n tasks park on one channel; then every task that started gets a value. */
    private static final String PARK = String.join("\n",
            "local async = require('ward.async')",
            "local time = require('ward.time')",
            "local n = tonumber(arg[1])",
            "local ch = async.channel(1)",
            "local started, tasks = 0, {}",
            "for i = 1, n do tasks[i] = async.spawn(function() started = started + 1 return ch:wait() end) end",
            "local failed, msg",
            "repeat",
            "  time.sleep('10ms'):wait()",
            "  failed = 0",
            "  for i = 1, n do if tasks[i]:done() then failed = failed + 1 end end",
            "until started + failed == n",
            "for i = 1, n do",
            "  if tasks[i]:done() then local _, err = pcall(tasks[i].wait, tasks[i]) msg = msg or err end",
            "end",
            "for i = 1, started do ch:send(i) end",
            "local ok = 0",
            "for i = 1, n do if pcall(tasks[i].wait, tasks[i]) then ok = ok + 1 end end",
            "print('ok', ok, 'failed', failed)",
            "print(msg)",
            "print(coroutine.resume(coroutine.create(function() return 'still works' end)))",
            "");

    @TempDir
    Path dir;

    @Test
    void tasksPastTheCapFailWithTheLimitAndTheWayOut() throws Exception {
        Path script = Files.writeString(dir.resolve("park.lua"), PARK);
        WardProcess.Result r = new WardProcess("thread", dir).jvmArg("-Dward.fiber.maxThreads=50").limitSeconds(30)
                .run(script.toString(), "100").expectExit(0);
        // the main chunk holds one of the 50 threads
        String[] lines = r.stdout.split("\n");
        assertEquals("ok\t49\tfailed\t51", lines[0], r.toString());
        assertTrue(lines[1].startsWith("cannot start a task or coroutine: all 50 fiber threads are in use"), r.toString());
        assertTrue(lines[1].contains("JDK 21+") && lines[1].contains("fewer tasks"), r.toString());
        assertEquals("true\tstill works", lines[2], r.toString());
        r.expectNoJavaLeak();
    }

    @Test
    void tasksTheSystemRefusesAThreadFailTheSameWay() throws Exception {
        Path script = Files.writeString(dir.resolve("park.lua"), PARK);
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "ulimit -v 4000000 && exec \"$@\"", "sh",
                WardProcess.JAVA.toString(), "-Dward.engine=thread", "-Xmx64m", "-XX:+UseSerialGC",
                "-XX:ReservedCodeCacheSize=32m", "-Dward.fiber.stackSize=268435456", "-jar",
                WardProcess.JAR.toString(), script.toString(), "60"));
        WardProcess.Result r = new WardProcess("thread", dir).limitSeconds(30).exec(cmd).expectExit(0);
        String out = r.stdout;
        int at = out.indexOf("ok\t"); // the JVM logs its failed thread starts on stdout first
        assertTrue(at >= 0, r.toString());
        String[] lines = out.substring(at).split("\n");
        String[] counts = lines[0].split("\t");
        int ok = Integer.parseInt(counts[1]);
        int failed = Integer.parseInt(counts[3]);
        assertEquals(60, ok + failed, r.toString());
        assertTrue(failed > 0, "a 4 GB address space holds fewer than 60 fiber stacks of 256 MB\n" + r);
        assertTrue(lines[1].startsWith("cannot start a task or coroutine: the system refused a new thread"), r.toString());
        assertTrue(lines[1].contains("JDK 21+") && lines[1].contains("fewer tasks"), r.toString());
        assertEquals("true\tstill works", lines[2], r.toString());
        r.expectNoJavaLeak();
    }
}
