package io.ward.cli;

import io.ward.core.time.DurationParser;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The options shared by {@code ward}, {@code ward run} and {@code ward repl} (a picocli mixin):
 * limits, threads, {@code -e}. An option given after a subcommand's name wins over the same
 * option given before it.
 *
 * <p>Plain data, filled by picocli on the main thread before anything runs.
 */
final class Options {
    @Option(names = "--timeout", paramLabel = "DURATION", converter = TimeoutConverter.class,
            description = "End the script with \"evaluation timed out\" after DURATION of wall time: "
                    + "seconds (2, 0.5) or a ward.time duration string (500ms, 1m30s).")
    Long timeoutNanos;

    @Option(names = "--instruction-limit", paramLabel = "N", converter = PositiveLongConverter.class,
            description = "End the script with \"instruction limit exceeded\" after N Lua VM instructions, "
                    + "counted over the main chunk, every task and every coroutine; pcall cannot catch it.")
    Long instructionLimit;

    @Option(names = "--memory-limit", paramLabel = "BYTES", converter = ByteSizeConverter.class,
            description = "End the script with \"memory limit exceeded\" when the live heap goes over BYTES "
                    + "(suffixes k, m, g: powers of 1024). Guards the whole JVM heap, Ward's own few MB included.")
    Long memoryLimit;

    @Option(names = "--threads", paramLabel = "N", converter = PositiveIntConverter.class,
            description = "Size of the pool for blocking work (default: 8).")
    Integer threads;

    @Option(names = "--no-traceback",
            description = "Do not track Lua call stacks: errors show their message and position but no "
                    + "traceback; Lua-heavy code runs about 10-20%% faster. No effect with --instruction-limit.")
    Boolean noTraceback;

    @Option(names = "--allow", paramLabel = "LIST", split = ",", converter = AllowConverter.class,
            description = "Also open the standard libraries in LIST (comma-separated) to the script: "
                    + "io (files, standard streams), os (environment, clock, os.exit, os.remove, os.rename, "
                    + "os.execute), debug (the full debug library: sethook, locals, upvalues, the registry, any value's "
                    + "metatable; traceback and getinfo are always there), binary (string.dump and binary chunks in load, "
                    + "loadfile, dofile, require; LuaJ does not verify bytecode). Trusted scripts only. Repeatable.")
    java.util.List<String> allow;

    @Option(names = "--compile", paramLabel = "MODE", converter = CompileConverter.class,
            description = "When Lua functions are compiled to JVM bytecode: tiered (the default: functions called "
                    + "often, in the background), off (all interpreted), always (every function at its first call).")
    io.ward.lua.compiler.LuaCompilerMode compile;

    @Option(names = "-e", paramLabel = "CODE",
            description = "Run CODE instead of a script file; the remaining arguments go to it as ... and arg.")
    String code;

    /** {@code this}, with every option that is unset here taken from {@code outer}. */
    Options orElse(Options outer) {
        if (outer == null) {
            return this;
        }
        Options o = new Options();
        o.timeoutNanos = timeoutNanos != null ? timeoutNanos : outer.timeoutNanos;
        o.instructionLimit = instructionLimit != null ? instructionLimit : outer.instructionLimit;
        o.memoryLimit = memoryLimit != null ? memoryLimit : outer.memoryLimit;
        o.threads = threads != null ? threads : outer.threads;
        o.noTraceback = noTraceback != null ? noTraceback : outer.noTraceback;
        o.code = code != null ? code : outer.code;
        o.allow = allow != null ? allow : outer.allow;
        o.compile = compile != null ? compile : outer.compile;
        return o;
    }

    boolean tracebacks() {
        return noTraceback == null || !noTraceback;
    }

    /** {@code --compile}: off, tiered or always. */
    static final class CompileConverter implements ITypeConverter<io.ward.lua.compiler.LuaCompilerMode> {
        @Override
        public io.ward.lua.compiler.LuaCompilerMode convert(String value) {
            try {
                return io.ward.lua.compiler.LuaCompilerMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --allow}: names from {@link io.ward.lua.lib.StandardLibraries#ADDABLE}, comma-separated. */
    static final class AllowConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!io.ward.lua.lib.StandardLibraries.ADDABLE.contains(value)) {
                throw new TypeConversionException("unknown library '" + value + "' (can allow: "
                        + String.join(", ", io.ward.lua.lib.StandardLibraries.ADDABLE) + ")");
            }
            return value;
        }
    }

    /** {@code --timeout}: a number of seconds, or a duration string; &gt; 0. */
    static final class TimeoutConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long nanos;
            String s = value.strip();
            try {
                if (s.matches("[0-9]+(\\.[0-9]*)?|\\.[0-9]+")) {
                    nanos = new BigDecimal(s).movePointRight(9).longValueExact();
                } else {
                    nanos = DurationParser.parse(s);
                }
            } catch (ArithmeticException e) {
                throw new TypeConversionException("duration overflow");
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            if (nanos <= 0) {
                throw new TypeConversionException("the timeout must be positive");
            }
            return nanos;
        }
    }

    /** A whole number &gt; 0; underscores allowed as separators ({@code 1_000_000}). */
    static final class PositiveLongConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long n;
            try {
                n = Long.parseLong(value.strip().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a whole number");
            }
            if (n <= 0) {
                throw new TypeConversionException("must be positive");
            }
            return n;
        }
    }

    /** A whole number &gt; 0 that fits an int. */
    static final class PositiveIntConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long n = new PositiveLongConverter().convert(value);
            if (n > 10_000) {
                throw new TypeConversionException("at most 10000");
            }
            return (int) n;
        }
    }

    /** Bytes &gt; 0, with an optional binary suffix: {@code 64m}, {@code 1g}, {@code 512k}, {@code 2GB}. */
    static final class ByteSizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String s = value.strip().toLowerCase(Locale.ROOT).replace("_", "");
            if (s.endsWith("ib")) {
                s = s.substring(0, s.length() - 2);
            } else if (s.endsWith("b")) {
                s = s.substring(0, s.length() - 1);
            }
            int shift = 0;
            if (!s.isEmpty()) {
                switch (s.charAt(s.length() - 1)) {
                    case 'k':
                        shift = 10;
                        break;
                    case 'm':
                        shift = 20;
                        break;
                    case 'g':
                        shift = 30;
                        break;
                    case 't':
                        shift = 40;
                        break;
                    default:
                        break;
                }
            }
            if (shift > 0) {
                s = s.substring(0, s.length() - 1).strip();
            }
            long n;
            try {
                n = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a size in bytes (for example 67108864 or 64m)");
            }
            if (n <= 0) {
                throw new TypeConversionException("must be positive");
            }
            if (n > (Long.MAX_VALUE >> shift)) {
                throw new TypeConversionException("too large");
            }
            return n << shift;
        }
    }
}
