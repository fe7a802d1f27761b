package io.ward.lua.process;

import io.ward.lua.ProgramSearch;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the stages of a command or pipeline on the blocking pool (fork and exec are system
 * calls that can take milliseconds) and wires their standard streams; a pipeline's stages
 * are joined by real OS pipes ({@link ProcessBuilder#startPipeline}).
 *
 * <p>Stateless; {@link #start} may be called from the runtime's context, the work runs on
 * the pool.
 */
final class Launcher {
    private Launcher() {
    }

    /** Where the first stage's stdin comes from. */
    enum In { INHERIT, NULL, FILE, BYTES, PIPE }

    /** Where the last stage's stdout or stderr goes. */
    enum Out {
        /** A pipe Lua streams or {@code wait()} drains. */
        PIPE,
        /** The JVM's own stream ({@link WardRuntime#inheritsStdio()}). */
        INHERIT,
        NULL,
        /** A temporary file, read into the result when the process ends ({@code output()}). */
        CAPTURE,
        /** A temporary file copied to the runtime's stream when the process ends ({@code run()} when embedded). */
        ECHO,
        /** A pipe a pipe thread copies to the runtime's stream as data comes ({@code spawn()} when embedded). */
        PUMP
    }

    private static final File NULL_FILE = new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    private static final Pattern RUN_FAILURE =
            Pattern.compile("Cannot run program \"(.*?)\"(?: \\(in directory \"(.*?)\"\\))?: (?:error=\\d+, )?(.*)", Pattern.DOTALL);

    /** Newer JDKs (posix_spawn through jspawnhelper) word the reason like this. */
    private static final Pattern EXEC_FAILURE = Pattern.compile("Exec failed, error: \\d+ \\((.*)\\)");

    /** What to start: the resolved stages (middleware applied) and the stream plan. */
    static final class Plan {
        final List<CommandSpec> stages;
        final In in;
        final Out out;
        final Out err;
        final boolean pipefail;
        final long timeoutNanos;

        Plan(List<CommandSpec> stages, In in, Out out, Out err, boolean pipefail, long timeoutNanos) {
            this.stages = stages;
            this.in = in;
            this.out = out;
            this.err = err;
            this.pipefail = pipefail;
            this.timeoutNanos = timeoutNanos;
        }
    }

    /**
     * Starts {@code plan} on the pool. The future fails with a {@link LuaError} naming the
     * program when one cannot be started.
     */
    static CompletableFuture<Execution> start(WardRuntime rt, ChildProcesses children, Executor pipeIo, Plan plan) {
        Map<String, String> env = rt.environment().snapshot(); // ward.env changes made after this call do not count
        return CompletableFuture.supplyAsync(() -> {
            try {
                return startNow(rt, children, pipeIo, plan, env);
            } catch (IOException | RuntimeException e) {
                throw new CompletionException(new LuaError(describe(e, plan)));
            }
        }, rt.blockingPool());
    }

    private static Execution startNow(WardRuntime rt, ChildProcesses children, Executor pipeIo, Plan plan,
                                      Map<String, String> env) throws IOException {
        CommandSpec first = plan.stages.get(0);
        if (plan.in == In.FILE && !Files.isReadable(Path.of(first.stdinFile))) {
            throw new StartFailure("cannot start '" + first.argv.get(0) + "': stdin file '" + first.stdinFile
                    + "' is not readable");
        }
        Path outFile = plan.out == Out.CAPTURE || plan.out == Out.ECHO ? tempFile() : null;
        boolean stageErrToFile = plan.err == Out.CAPTURE || plan.err == Out.ECHO
                || (plan.stages.size() > 1 && !rt.inheritsStdio() && (plan.err == Out.PIPE || plan.err == Out.PUMP));
        Path errFile = stageErrToFile ? tempFile() : null;
        List<ProcessBuilder> builders = new ArrayList<>();
        for (int i = 0; i < plan.stages.size(); i++) {
            CommandSpec s = plan.stages.get(i);
            boolean last = i == plan.stages.size() - 1;
            ProcessBuilder pb = new ProcessBuilder(s.argv);
            if (s.cwd != null) {
                File dir = new File(s.cwd);
                if (!dir.isDirectory()) {
                    throw new StartFailure("cannot start '" + s.argv.get(0) + "': working directory '" + s.cwd
                            + "' does not exist");
                }
                pb.directory(dir);
            }
            Map<String, String> childEnv = pb.environment();
            childEnv.clear(); // the runtime's environment (base with ward.env's overlay), not the JVM's
            childEnv.putAll(env);
            applyEnv(childEnv, s.env);
            findProgram(pb, s.argv, childEnv);
            pb.redirectErrorStream(s.mergeStderr);
            if (i == 0) {
                pb.redirectInput(stdin(plan.in, s, rt));
            }
            if (last) {
                pb.redirectOutput(output(plan.out, outFile, false));
            }
            if (!s.mergeStderr) {
                pb.redirectError(stageStderr(plan.err, last, errFile));
            }
            builders.add(pb);
        }
        List<Process> processes = builders.size() == 1 ? List.of(builders.get(0).start())
                : ProcessBuilder.startPipeline(builders);
        processes.forEach(children::add);
        Execution exec = new Execution(rt, processes, plan.out, plan.err, outFile, errFile, plan.pipefail,
                plan.in == In.PIPE, pipeIo);
        if (plan.in == In.BYTES) {
            writeAndClose(pipeIo, processes.get(0).getOutputStream(), first.stdinBytes);
        }
        exec.armTimeout(plan.timeoutNanos);
        return exec;
    }

    private static Redirect stdin(In in, CommandSpec s, WardRuntime rt) {
        switch (in) {
            case INHERIT:
                // an embedding host's stdin is not the script's: the child reads nothing
                return rt.inheritsStdio() ? Redirect.INHERIT : Redirect.from(NULL_FILE);
            case NULL:
                return Redirect.from(NULL_FILE);
            case FILE:
                return Redirect.from(new File(s.stdinFile));
            default:
                return Redirect.PIPE;
        }
    }

    /** Stderr of a stage: the plan's for the last; the earlier ones share its file, or inherit. */
    private static Redirect stageStderr(Out err, boolean last, Path errFile) {
        if (last) {
            return output(err, errFile, true);
        }
        if (errFile != null) {
            return Redirect.appendTo(errFile.toFile());
        }
        return err == Out.NULL ? Redirect.DISCARD : Redirect.INHERIT;
    }

    private static Redirect output(Out out, Path file, boolean append) {
        switch (out) {
            case INHERIT:
                return Redirect.INHERIT;
            case NULL:
                return Redirect.DISCARD;
            case CAPTURE:
            case ECHO:
                return append ? Redirect.appendTo(file.toFile()) : Redirect.to(file.toFile());
            default:
                return Redirect.PIPE;
        }
    }

    private static void applyEnv(Map<String, String> env, Map<String, String> changes) {
        for (Map.Entry<String, String> e : changes.entrySet()) {
            if (e.getValue() == null) {
                env.remove(e.getKey());
            } else {
                env.put(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * ProcessBuilder looks a bare program name up along the JVM's own PATH; when the child's
     * PATH differs (changed with ward.env or the command's env), look it up along the child's,
     * as a shell would. Not found: the bare name stays, so the usual start error follows.
     */
    private static void findProgram(ProcessBuilder pb, List<String> argv, Map<String, String> childEnv) {
        String program = argv.get(0);
        String path = childEnv.get("PATH");
        if (ProgramSearch.hasSeparator(program) || java.util.Objects.equals(path, System.getenv("PATH"))) {
            return;
        }
        String found = ProgramSearch.which(program, path, childEnv.get("PATHEXT"));
        if (found != null) {
            List<String> command = new ArrayList<>(argv);
            command.set(0, found);
            pb.command(command);
        }
    }

    private static Path tempFile() throws IOException {
        Path p = Files.createTempFile("ward-process-", ".out");
        p.toFile().deleteOnExit();
        return p;
    }

    /** One-shot stdin: written on a pipe thread, then closed so the child sees end of input. */
    private static void writeAndClose(Executor pipeIo, OutputStream stdin, byte[] bytes) {
        pipeIo.execute(() -> {
            try (OutputStream s = stdin) {
                s.write(bytes);
            } catch (IOException e) {
                // the child exited without reading all of it, as `true` does
            }
        });
    }

    /** The Lua message for a start failure: the program and the reason. */
    private static String describe(Exception e, Plan plan) {
        if (e instanceof StartFailure) {
            return e.getMessage();
        }
        String m = String.valueOf(e.getMessage());
        Matcher matcher = RUN_FAILURE.matcher(m);
        if (matcher.matches()) {
            Matcher spawnFailure = EXEC_FAILURE.matcher(matcher.group(3).strip());
            String reason = spawnFailure.matches() ? spawnFailure.group(1) : matcher.group(3).strip();
            return "cannot start '" + matcher.group(1) + "': " + reason;
        }
        return "cannot start '" + plan.stages.get(0).argv.get(0) + "': " + m;
    }

    /** A program could not be started; the message is the Lua error's text. */
    static final class StartFailure extends IOException {
        private static final long serialVersionUID = 1L;

        StartFailure(String message) {
            super(message, null);
        }
    }
}
