package io.ward.lua;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Log lines as {@code ward.log} and Ward's own warnings write them (stateless, thread-safe):
 * {@code <UTC timestamp> <LEVEL> <message>\n}, written to a runtime's stderr in one write, so
 * that they keep their order with {@code print} and {@code ward.io} and never mix with another
 * line.
 *
 * <p>Also the process-wide logger of Ward's internal warnings ({@link #warnOnce}): its level
 * comes from {@code WARD_LOG} (read once), independent of {@code ward.log.set_level}.
 */
public final class LogLines {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final LogLevel PROCESS_LEVEL = processLevel(ScriptEnvironment.base("WARD_LOG"));
    private static volatile Boolean stderrTerminal;

    private LogLines() {
    }

    /** The bytes of one line: timestamp, level token, a space, the message, a newline. */
    public static byte[] line(Instant now, LogLevel level, boolean colour, byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(40 + message.length);
        byte[] prefix = (TIMESTAMP.format(now) + " " + level.token(colour) + " ").getBytes(StandardCharsets.UTF_8);
        out.write(prefix, 0, prefix.length);
        out.write(message, 0, message.length);
        out.write('\n');
        return out.toByteArray();
    }

    /** Writes {@code line} to {@code err} in one write and flushes. */
    public static void write(PrintStream err, byte[] line) {
        synchronized (err) { // PrintStream locks itself too: one line stays whole
            err.write(line, 0, line.length);
            err.flush();
        }
    }

    /**
     * Whether log lines to {@code rt}'s stderr get colours: only when it is the JVM's own
     * stderr and that is a terminal. On Linux {@code /proc/self/fd/2} tells; elsewhere the
     * answer is "no" (no colour is the safe choice).
     */
    public static boolean colour(WardRuntime rt) {
        if (!rt.inheritsStdio()) {
            return false;
        }
        Boolean t = stderrTerminal;
        if (t == null) {
            t = false;
            try {
                String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
                t = target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | RuntimeException e) {
                // not Linux, or no /proc: no colour
            }
            stderrTerminal = t;
        }
        return t;
    }

    /** The process-wide level from {@code WARD_LOG}: exact lowercase names, anything else info. */
    static LogLevel processLevel(String value) {
        if (value == null) {
            return LogLevel.INFO;
        }
        switch (value) {
            case "trace": return LogLevel.TRACE;
            case "debug": return LogLevel.DEBUG;
            case "warn":
            case "warning": return LogLevel.WARN;
            case "error": return LogLevel.ERROR;
            case "fatal": return LogLevel.FATAL;
            default: return LogLevel.INFO;
        }
    }

    /**
     * Ward's own warning, once per JVM for each {@code once} flag: written to {@code rt}'s
     * stderr with a {@code <source>} tag, unless {@code WARD_LOG} asks for less than warnings.
     */
    public static void warnOnce(AtomicBoolean once, WardRuntime rt, String source, String message) {
        if (PROCESS_LEVEL.compareTo(LogLevel.WARN) > 0 || !once.compareAndSet(false, true)) {
            return;
        }
        byte[] text = ("<" + source + "> " + message).getBytes(StandardCharsets.UTF_8);
        write(rt.stderr(), line(Instant.now(), LogLevel.WARN, colour(rt), text));
    }
}
