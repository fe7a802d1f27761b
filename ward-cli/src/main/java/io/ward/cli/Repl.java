package io.ward.cli;

import io.ward.lua.LuaErrors;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;

/**
 * {@code ward repl}: reads Lua from stdin a chunk at a time and runs each as a task of one
 * runtime, so globals stay and spawned tasks keep running in the background between lines.
 *
 * <ul>
 *   <li>{@code =expr} prints the values of {@code expr}; a line that is an expression on its own
 *       prints too (it is tried as {@code return <line>} first, as Lua 5.3 does);
 *   <li>an incomplete chunk (LuaJ reports a syntax error at {@code <eof>}) continues on the next
 *       line, with the {@code >>} prompt;
 *   <li>errors are printed (message and traceback) and the session goes on;
 *   <li>end of input exits with status 0; {@code process.exit(code)} exits with {@code code}.
 * </ul>
 * Prompts and the banner are printed only when stdin and stdout are a terminal. Plain line
 * reading: no history or editing. Lines come through the runtime's stdin reader
 * ({@link ReplInput}), so a chunk that reads stdin ({@code ward.io}, {@code ward.term}) gets the
 * lines after it and the REPL goes on after what the chunk read.
 *
 * <p>Threading: runs on the command's thread; compiling and running happen on the loop.
 */
final class Repl {
    static final String PROMPT = "> ";
    static final String CONTINUE_PROMPT = ">> ";
    static final String CHUNK_NAME = "=stdin";

    private Repl() {
    }

    /** Whether stdin and stdout are a terminal (also on JDK 22+, where {@code System.console()} is never null). */
    static boolean interactive() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(c);
        } catch (NoSuchMethodException e) {
            return true; // before JDK 22 a console exists only for a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    static int run(Options o) {
        boolean tty = interactive();
        try (Session s = new Session(o, WardCommand.OUT, WardCommand.ERR)) {
            ReplInput in = new ReplInput(s); // the runtime's stdin reader, shared with ward.io and prompts
            s.runtime().globals().set("arg", WardCommand.argTable("ward", java.util.List.of(), false));
            if (tty) {
                String[] v = new WardCommand.Version().getVersion();
                WardCommand.OUT.println(v[0] + " on JDK " + System.getProperty("java.version") + ", "
                        + io.ward.core.fiber.FiberEngines.defaultEngine().name() + " engine");
                WardCommand.OUT.println("=expr prints its value; Ctrl-D exits.");
            }
            if (o.code != null) {
                evalText(s, o.code);
            }
            if (s.runtime().exitStatus().isPresent()) {
                return s.runtime().exitStatus().getAsInt();
            }
            StringBuilder chunk = null;
            while (true) {
                if (tty) {
                    WardCommand.OUT.print(chunk == null ? PROMPT : CONTINUE_PROMPT);
                    WardCommand.OUT.flush();
                }
                String line = in.readLine();
                if (line == null) {
                    if (tty) {
                        WardCommand.OUT.println();
                    }
                    if (chunk != null) {
                        evalText(s, chunk.toString()); // reports the syntax error at <eof>
                    }
                    return 0;
                }
                if (chunk == null) {
                    chunk = new StringBuilder(line.startsWith("=") ? "return " + line.substring(1) : line);
                } else {
                    chunk.append('\n').append(line);
                }
                Compiled c = compile(s, chunk.toString());
                if (c.incomplete) {
                    continue;
                }
                chunk = null;
                run(s, c);
                if (s.runtime().exitStatus().isPresent()) { // process.exit
                    return s.runtime().exitStatus().getAsInt();
                }
            }
        } catch (IOException e) {
            WardCommand.ERR.println("ward: cannot read stdin: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static void evalText(Session s, String text) throws InterruptedException {
        Compiled c = compile(s, text);
        run(s, c);
    }

    private static void run(Session s, Compiled c) throws InterruptedException {
        if (c.error != null) {
            WardCommand.ERR.println(c.error);
            return;
        }
        String failure = s.evalAndPrint(c.chunk);
        if (failure != null) {
            WardCommand.OUT.flush();
            WardCommand.ERR.println(failure);
        }
    }

    /** A compiled chunk, or why not. */
    static final class Compiled {
        final LuaValue chunk;
        final String error;
        final boolean incomplete;

        Compiled(LuaValue chunk, String error, boolean incomplete) {
            this.chunk = chunk;
            this.error = error;
            this.incomplete = incomplete;
        }
    }

    /**
     * Compiles {@code text} as an expression whose values are returned if it is one, else as
     * statements. The expression goes through an identity function,
     * {@code return (function(...) return ... end)(<text>)}, so that a call in it is not a tail
     * call: an error it raises still has the position {@code stdin:1:}.
     */
    static Compiled compile(Session s, String text) {
        try {
            return s.onLoop(() -> {
                try {
                    s.load(source("return " + text));
                    return new Compiled(s.load(source(EXPRESSION_PREFIX + text + "\n)")), null, false);
                } catch (LuaError notAnExpression) {
                    // try it as statements
                }
                try {
                    return new Compiled(s.load(source(text)), null, false);
                } catch (LuaError e) {
                    return new Compiled(null, LuaErrors.describe(e), endsTooEarly(s, text, e));
                }
            });
        } catch (Exception e) {
            return new Compiled(null, "ward: " + e, false);
        }
    }

    private static final String EXPRESSION_PREFIX = "return (function(...) return ... end)(";

    /**
     * Whether {@code text} failed only because it ended: LuaJ's messages do not say where the
     * parser stopped, so the text is compiled again with a line that no chunk accepts
     * ({@value #SENTINEL_LINE}) appended. An error before the end is reported the same way
     * again; a chunk that needed more input now fails on that extra line instead.
     */
    static boolean endsTooEarly(Session s, String text, LuaError first) {
        String message = LuaErrors.describe(first);
        try {
            s.load(source(text + "\n" + SENTINEL_LINE));
            return true; // cannot happen for a sentinel nothing accepts; treat as incomplete
        } catch (LuaError again) {
            return !LuaErrors.describe(again).equals(message);
        }
    }

    /** A line that can neither finish nor continue any Lua chunk: a control character. */
    static final String SENTINEL_LINE = "\u0001";

    private static ScriptSource source(String text) {
        return ScriptSource.named(CHUNK_NAME, text);
    }
}
