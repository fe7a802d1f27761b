package io.ward.lua.process;

import io.netty.util.concurrent.ScheduledFuture;
import io.ward.lua.WardRuntime;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The processes of one started command or pipeline (the last stage is "the child"): its
 * pipes, its exit, its timeout and how its result is gathered.
 *
 * <p>Built on the blocking pool by {@link Launcher}, then confined to the runtime's context
 * (the pipes and {@link #result()}); {@link #kill()} and the timeout hand the killing itself
 * to the pool, since finding a process's descendants reads {@code /proc}.
 */
final class Execution {
    private final WardRuntime rt;
    /** Where pipe reads and writes run ({@link PipeThreads}). */
    private final Executor pipeIo;
    final List<Process> stages;
    private final Launcher.Out out;
    private final Launcher.Out err;
    /** Output captured in files ({@link Launcher.Out#CAPTURE}, {@link Launcher.Out#ECHO}), read when all exited. */
    private final CompletableFuture<byte[]> fileOut;
    private final CompletableFuture<byte[]> fileErr;
    final OutputPipe stdoutPipe;
    final OutputPipe stderrPipe;
    final StdinPipe stdin;
    private final boolean pipefail;
    /** All stages have exited (completed on a JDK process-reaper thread). */
    final CompletableFuture<Void> exited;
    /** Copies of piped output into the runtime's streams ({@link Launcher.Out#PUMP}), done at EOF. */
    private final CompletableFuture<Void> pumped;
    private volatile boolean timedOut;
    private volatile ScheduledFuture<?> timer;
    // Threading - context only.
    private CompletableFuture<ExitResult> result;

    Execution(WardRuntime rt, List<Process> stages, Launcher.Out out, Launcher.Out err, Path outFile, Path errFile,
              boolean pipefail, boolean stdinPiped, Executor pipeIo) {
        this.rt = rt;
        this.stages = stages;
        this.out = out;
        this.err = err;
        this.pipefail = pipefail;
        Process last = stages.get(stages.size() - 1);
        this.pipeIo = pipeIo;
        this.stdoutPipe = out == Launcher.Out.PIPE ? new OutputPipe(last.getInputStream(), rt.scheduler(), pipeIo) : null;
        this.stderrPipe = err == Launcher.Out.PIPE ? new OutputPipe(last.getErrorStream(), rt.scheduler(), pipeIo) : null;
        this.stdin = stdinPiped ? new StdinPipe(stages.get(0).getOutputStream(), pipeIo) : null;
        this.exited = CompletableFuture.allOf(stages.stream().map(Process::onExit).toArray(CompletableFuture[]::new));
        // Eagerly: a capture file is read (or echoed) and deleted even if nobody asks for the result.
        this.fileOut = fromFile(outFile, out, rt.stdout());
        this.fileErr = fromFile(errFile, err, rt.stderr());
        this.pumped = CompletableFuture.allOf(
                out == Launcher.Out.PUMP ? pump(last.getInputStream(), rt.stdout()) : CompletableFuture.completedFuture(null),
                err == Launcher.Out.PUMP ? pump(last.getErrorStream(), rt.stderr()) : CompletableFuture.completedFuture(null));
    }

    /** Kills every stage when {@code nanos} have passed, unless they exited first. */
    void armTimeout(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            timer = rt.loop().schedule(() -> {
                if (!exited.isDone()) {
                    timedOut = true;
                    killOnPool();
                }
            }, nanos, TimeUnit.NANOSECONDS);
            exited.thenRun(() -> timer.cancel(false));
        } catch (RejectedExecutionException e) {
            killOnPool(); // the runtime is closing, and it kills its children anyway
        }
    }

    /** Kills every stage (and their descendants); whether any stage was still running. */
    boolean kill() {
        boolean alive = false;
        for (Process p : stages) {
            alive |= p.isAlive();
        }
        if (alive) {
            killOnPool();
        }
        return alive;
    }

    private void killOnPool() {
        Runnable killAll = () -> stages.forEach(ChildProcesses::killTree);
        try {
            rt.blockingPool().execute(killAll);
        } catch (RejectedExecutionException e) {
            killAll.run(); // the pool is shut down: the runtime is closing
        }
    }

    /**
     * Context only: the result, once every stage exited and the output is gathered. Pipes
     * nobody streamed are drained from now on (a child must never block on a full pipe that
     * nobody reads).
     */
    CompletableFuture<ExitResult> result() {
        if (result == null) {
            CompletableFuture<byte[]> o = stdoutPipe != null ? stdoutPipe.drain() : fileOut;
            CompletableFuture<byte[]> e = stderrPipe != null ? stderrPipe.drain() : fileErr;
            result = exited.thenCombine(pumped, (a, b) -> null)
                    .thenCombine(o, (x, stdout) -> stdout)
                    .thenCombine(e, (stdout, stderr) -> new ExitResult(codes(), stdout, stderr, timedOut, pipefail));
        }
        return result;
    }

    private int[] codes() {
        int[] c = new int[stages.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = stages.get(i).exitValue();
        }
        return c;
    }

    /** What a capture file gives the result: its bytes ({@code CAPTURE}), else {@code null}. */
    private CompletableFuture<byte[]> fromFile(Path file, Launcher.Out mode, PrintStream echoTo) {
        if (file == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<byte[]> f = exited.thenApplyAsync(v -> readAndDelete(file, mode == Launcher.Out.CAPTURE ? null : echoTo),
                rt.blockingPool());
        return mode == Launcher.Out.CAPTURE ? f : f.thenApply(bytes -> null);
    }

    /** Reads a capture file and deletes it; echoes it to {@code echoTo} when given. */
    private static byte[] readAndDelete(Path file, PrintStream echoTo) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (echoTo != null) {
                echoTo.write(bytes, 0, bytes.length);
                echoTo.flush();
            }
            return bytes;
        } catch (IOException e) {
            return new byte[0];
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is removed with the temp directory
            }
        }
    }

    private CompletableFuture<Void> pump(InputStream from, PrintStream to) {
        return CompletableFuture.runAsync(() -> {
            byte[] chunk = new byte[8192];
            try (InputStream in = from) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    to.write(chunk, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // the child is gone; what it wrote before is copied
            }
        }, pipeIo);
    }
}
