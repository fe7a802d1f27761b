package io.ward.cli;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.fiber.FiberEngines;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.BufferedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code ward} command: {@code ward [options] SCRIPT [ARGS...]}, {@code ward run SCRIPT ...},
 * {@code ward -e CODE [ARGS...]}, {@code ward -} (script from stdin), {@code ward repl}.
 *
 * <p>Exit status: 0 when the main chunk ends normally; 1 for an uncaught Lua error, a limit
 * ({@code --timeout}, {@code --instruction-limit}, {@code --memory-limit}) or a script that
 * cannot be read; 2 for a usage error; 130 on Ctrl-C (SIGINT: the JVM's own handling, which
 * exits with 128 + 2 after running a shutdown hook that prints {@code ward: interrupted};
 * once a script requires {@code ward.lifecycle}, the script's handlers and shutdown callbacks
 * run first and {@link Session} ends the run with 130, or 143 for SIGTERM); the code of
 * {@code process.exit} or {@code lifecycle.request}.
 * stdout carries only the script's output; every message of Ward's goes to stderr.
 *
 * <p>Threading: {@link #main} runs on the JVM's main thread; each run builds one
 * {@link Session}. The process ends through {@link #exit}.
 */
@Command(name = "ward",
        mixinStandardHelpOptions = true,
        versionProvider = WardCommand.Version.class,
        subcommands = {WardCommand.RunCommand.class, WardCommand.ReplCommand.class},
        customSynopsis = {
            "ward [OPTIONS] SCRIPT [ARGS...]       run a Lua script (- reads it from stdin)",
            "       ward [OPTIONS] run SCRIPT [ARGS...]   the same",
            "       ward [OPTIONS] -e CODE [ARGS...]      run CODE",
            "       ward [OPTIONS] repl                   interactive Lua",
        },
        description = {
            "",
            "Runs Lua 5.2 (LuaJ) with Ward's async runtime: require(\"ward.async\") for tasks, channels and "
                    + "select, require(\"ward.time\") for timers. The script is the main task; when it ends, "
                    + "the program ends. ARGS are the script's ... and arg[1..n]; arg[0] is SCRIPT as typed. "
                    + "Options go before SCRIPT (or after run/repl); -- ends them.",
            "",
        },
        footer = {
            "",
            "Exit status: 0 success; 1 uncaught error, limit or unreadable script; 2 usage error; "
                    + "130 interrupted (Ctrl-C), 143 SIGTERM with ward.lifecycle loaded; the code of "
                    + "process.exit or lifecycle.request.",
            "The fiber engine is chosen automatically (continuation on JDK 21+, else thread);",
            "java -Dward.engine=thread|continuation -jar ward.jar ... overrides it.",
        },
        sortOptions = false,
        usageHelpWidth = 100)
public final class WardCommand implements Callable<Integer> {
    /** The options Lua code cannot see: printed first, then the script's output. */
    static final PrintStream OUT = utf8(FileDescriptor.out);
    static final PrintStream ERR = utf8(FileDescriptor.err);

    /** Kept strongly: a JUL logger's level is lost when the logger is collected. */
    private static final Logger FIBER_LOG = Logger.getLogger("io.ward.core.fiber");

    private static volatile boolean exiting;
    private static String[] rawArgs = new String[0];

    @Mixin
    Options options = new Options();

    @Parameters(paramLabel = "SCRIPT", arity = "0..*", hidden = true)
    List<String> positional = new ArrayList<>();

    public static void main(String[] args) {
        FIBER_LOG.setLevel(Level.WARNING); // the engine choice is shown by --version, not on every run
        // ward.jar has neither SLF4J nor Log4j: Netty would end with java.util.logging anyway, after
        // looking for both in the jar (failed class loads, an ExceptionInInitializerError) at start-up
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        rawArgs = args.clone();
        Session.useDeepFiberStacks();
        Runtime.getRuntime().addShutdownHook(new Thread(WardCommand::onShutdown, "ward-shutdown"));
        String engineProblem = engineProblem();
        if (engineProblem != null) {
            ERR.println("ward: " + engineProblem);
            exit(2);
        }
        Options fast = fastPath(args);
        int status = fast != null ? runFast(fast, args) : commandLine().execute(args);
        exit(status);
    }

    /**
     * Why the fiber engine that {@code -Dward.engine} asks for cannot run (an unknown name, or
     * {@code continuation} before JDK 21), or {@code null}: a usage error, said before anything
     * starts instead of as a Java stack trace from the first runtime.
     */
    static String engineProblem() {
        try {
            FiberEngines.defaultEngine();
            return null;
        } catch (ExceptionInInitializerError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return cause.getMessage();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /**
     * The two commonest forms, {@code ward SCRIPT [ARGS...]} and {@code ward -e CODE [ARGS...]},
     * read without building picocli's model of the command (about 170 classes and a third of
     * start-up): the options for them, or {@code null} for anything else, which picocli parses.
     * Only forms picocli reads the same way qualify: no option but a leading {@code -e}; SCRIPT
     * and CODE not starting with {@code -}; no subcommand name where picocli would look for one;
     * no argument starting with {@code @} anywhere (picocli expands {@code @file} arguments even
     * after SCRIPT).
     */
    static Options fastPath(String[] args) {
        if (args.length == 0) {
            return null;
        }
        for (String a : args) {
            if (a.startsWith("@")) {
                return null;
            }
        }
        Options o = new Options();
        int first = 0; // where SCRIPT, or CODE's first argument, is
        if (args[0].equals("-e")) {
            if (args.length < 2 || args[1].startsWith("-")) {
                return null;
            }
            o.code = args[1];
            first = 2;
            if (args.length == first) {
                return o;
            }
        }
        String head = args[first];
        if (head.isEmpty() || head.startsWith("-") || head.equals("run") || head.equals("repl")) {
            return null;
        }
        return o;
    }

    /** SCRIPT and its arguments, or CODE's arguments, of a {@link #fastPath} command line. */
    static List<String> fastPositional(Options o, String[] args) {
        return new ArrayList<>(List.of(args).subList(o.code != null ? 2 : 0, args.length));
    }

    /** Runs a {@link #fastPath} command line as picocli would run it: same call, same error handling. */
    private static int runFast(Options o, String[] args) {
        try {
            return run(o, fastPositional(o, args));
        } catch (Exception ex) {
            ERR.println("ward: internal error: " + ex);
            ex.printStackTrace(ERR);
            ERR.flush();
            return 1;
        }
    }

    /** The picocli command line, set up like the real command (for tests too). */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new WardCommand());
        cl.setStopAtPositional(true); // everything after SCRIPT belongs to the script
        cl.setOut(new PrintWriter(OUT, true));
        cl.setErr(new PrintWriter(ERR, true));
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("ward: " + ex.getMessage());
            UnmatchedArgumentException.printSuggestions(ex, e);
            e.println("Try 'ward --help' for more information.");
            e.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            PrintWriter e = line.getErr();
            e.println("ward: internal error: " + ex);
            ex.printStackTrace(e);
            e.flush();
            return 1;
        });
        return cl;
    }

    /** Flushes everything and ends the process with {@code status}. */
    static void exit(int status) {
        exiting = true;
        OUT.flush();
        ERR.flush();
        System.exit(status);
    }

    private static void onShutdown() {
        if (!exiting) { // not our own exit: a signal (Ctrl-C gives status 130)
            OUT.flush();
            ERR.println();
            ERR.println("ward: interrupted");
            ERR.flush();
        }
    }

    @Override
    public Integer call() {
        return run(options, positional);
    }

    /** {@code ward [options] SCRIPT|-|-e CODE [ARGS...]}; nothing at all: REPL on a terminal, else stdin. */
    static int run(Options o, List<String> positional) {
        ScriptSource src;
        List<String> args;
        String arg0;
        try {
            if (o.code != null) {
                src = ScriptSource.commandLine(o.code);
                args = positional;
                arg0 = "ward";
            } else if (positional.isEmpty()) {
                if (Repl.interactive()) {
                    return Repl.run(o);
                }
                src = ScriptSource.stdin(System.in);
                args = positional;
                arg0 = "-";
            } else {
                arg0 = positional.get(0);
                args = positional.subList(1, positional.size());
                src = "-".equals(arg0) ? ScriptSource.stdin(System.in) : ScriptSource.file(arg0);
            }
        } catch (ScriptSource.Unreadable e) {
            ERR.println("ward: " + e.getMessage());
            return 1;
        }
        try (Session s = new Session(o, OUT, ERR, true)) {
            return s.runMain(src, argTable(arg0, args, !positional.isEmpty() && o.code == null), varargs(args));
        }
    }

    /**
     * Lua's {@code arg}: {@code arg[0]} the script as typed, {@code arg[1..n]} its arguments.
     * When the script was named on the command line, negative indices hold what came before it,
     * as in Lua: {@code arg[-1]} the last option, down to the command name {@code "ward"}.
     */
    static LuaTable argTable(String arg0, List<String> args, boolean scriptNamed) {
        LuaTable t = new LuaTable();
        t.rawset(0, text(arg0));
        for (int i = 0; i < args.size(); i++) {
            t.rawset(i + 1, text(args.get(i)));
        }
        // With stopAtPositional, SCRIPT is the raw token just before its arguments.
        int script = rawArgs.length - args.size() - 1;
        if (scriptNamed && script >= 0 && arg0.equals(rawArgs[script])) {
            for (int i = 1; i <= script; i++) {
                t.rawset(-i, text(rawArgs[script - i]));
            }
            t.rawset(-(script + 1), LuaValue.valueOf("ward"));
        }
        return t;
    }

    static Varargs varargs(List<String> args) {
        LuaValue[] v = new LuaValue[args.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = text(args.get(i));
        }
        return LuaValue.varargsOf(v);
    }

    /**
     * A command-line argument as the UTF-8 bytes a Lua script sees for the same text in its
     * source. Not {@code LuaValue.valueOf(String)}: LuaJ encodes each UTF-16 unit on its own, so
     * a character beyond U+FFFF (an emoji) became 6 bytes of two encoded surrogates, unequal to
     * the same text written in the script and two code points for utf8.
     */
    static LuaString text(String s) {
        return LuaString.valueUsing(s.getBytes(StandardCharsets.UTF_8));
    }

    private static PrintStream utf8(FileDescriptor fd) {
        return new PrintStream(new BufferedOutputStream(new FileOutputStream(fd), 1 << 13), true,
                StandardCharsets.UTF_8);
    }

    /** {@code ward run SCRIPT [ARGS...]}: the same as {@code ward SCRIPT [ARGS...]}. */
    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
            description = "Run a Lua script (the same as ward SCRIPT); - reads it from stdin.",
            customSynopsis = "ward [OPTIONS] run [OPTIONS] SCRIPT [ARGS...]")
    static final class RunCommand implements Callable<Integer> {
        @ParentCommand
        WardCommand parent;

        @Mixin
        Options options = new Options();

        @Parameters(paramLabel = "SCRIPT", arity = "0..*", hidden = true)
        List<String> positional = new ArrayList<>();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Options o = options.orElse(parent.options);
            if (positional.isEmpty() && o.code == null) {
                throw new ParameterException(spec.commandLine(), "run: no script given");
            }
            return run(o, positional);
        }
    }

    /** {@code ward repl}: read-eval-print on one runtime. */
    @Command(name = "repl", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
            description = {"Interactive Lua on one runtime: globals stay between lines, tasks keep running in "
                    + "the background. A line starting with = prints the value of the expression after it; an "
                    + "expression alone prints too; an incomplete chunk continues on the next line. "
                    + "EOF (Ctrl-D) exits; Ctrl-C ends the process."},
            customSynopsis = "ward [OPTIONS] repl [OPTIONS]")
    static final class ReplCommand implements Callable<Integer> {
        @ParentCommand
        WardCommand parent;

        @Mixin
        Options options = new Options();

        @Override
        public Integer call() {
            return Repl.run(options.orElse(parent.options));
        }
    }

    /** {@code --version}: Ward, Lua/LuaJ, Netty, the JDK and the fiber engine in use. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = WardCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // shown as unknown
            }
            FiberEngine engine = FiberEngines.defaultEngine();
            String why = FiberEngines.continuationUnavailableReason();
            String engineLine = "fiber engine: " + engine.name();
            if (!"continuation".equals(engine.name())) {
                engineLine += why != null ? " (continuations unavailable: " + why + ")"
                        : " (set by -D" + FiberEngines.PROPERTY + ")";
            }
            return new String[] {
                "ward " + p.getProperty("version", "(unknown version)")
                        + " (Lua 5.2 on LuaJ " + p.getProperty("luaj", "?")
                        + ", Netty " + p.getProperty("netty", "?") + ")",
                "JDK " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.vendor", "?")
                        + " " + System.getProperty("java.vm.name", "") + ", " + System.getProperty("java.home") + ")",
                engineLine,
            };
        }
    }
}
