package io.ward.lua;

import io.ward.core.CancelSignal;
import io.ward.core.fiber.FiberKilled;
import io.ward.lua.patch.CStackOverflow;
import java.lang.reflect.Field;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * Stateless and thread-safe, except that reading the message of a {@link LuaError} whose
 * {@code traceback} field is set briefly clears and restores that field (under the error's
 * monitor); a LuaJ error is confined to its runtime anyway. Turns Java throwables into the Lua
 * error values that Lua code should see, in Lua 5.2's format, and classifies the throwables Lua
 * code must never catch.
 *
 * <p>Why it is needed: without the debug library LuaJ 3.0.1 formats a string error as
 * {@code script.lua:3 boom} ({@code LuaClosure.processErrorHooks} stores {@code "script.lua:3"}
 * in the protected field {@code LuaError.fileline}, and {@code LuaError.getMessage()} joins it to
 * the message with a blank), wraps Java exceptions as {@code vm error: java.lang.X: text}, and
 * ignores the level argument of {@code error}. {@link #value(Throwable)} undoes the first two:
 * {@code script.lua:3: boom}, just {@code text} for a Java exception, and the very same table
 * for {@code error({code = 42})}; {@link ErrorLevels} honours the level.
 *
 * <p>The private/protected fields of {@link LuaError} are read by reflection (LuaJ sits in the
 * unnamed module, so {@code setAccessible} works); the {@link Field} objects are looked up once.
 * Should that ever fail, {@link LuaError#getMessageObject()} is used instead (identity of table
 * values is kept, the position keeps LuaJ's format).
 */
public final class LuaErrors {

    /** Lua's own text for a stack overflow. */
    public static final String STACK_OVERFLOW = "stack overflow";

    /** Lua's own text for a failed allocation. */
    public static final String OUT_OF_MEMORY = "not enough memory";

    /** Value of an exception that carries no text at all. */
    public static final String INTERNAL_ERROR = "internal error";

    private static final String VM_ERROR_PREFIX = "vm error: ";
    private static final String TRACEBACK_HEADER = "stack traceback:";
    private static final int MAX_CAUSE_DEPTH = 16;

    private static final Field FILELINE = field("fileline");
    private static final Field TRACEBACK = field("traceback");
    private static final Field OBJECT = field("object");
    private static final Field CAUSE = field("cause");

    private LuaErrors() {
    }

    private static Field field(String name) {
        try {
            Field f = LuaError.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Public API
    // ------------------------------------------------------------------------------------------

    /**
     * The Lua error value of {@code t} as Lua code (for example {@code pcall}) should see it.
     *
     * <ul>
     *   <li>A {@link LuaError} raised with a non-string value ({@code error({code = 42})},
     *       {@code error(nil)}, {@code error("x", 0)}, ...) gives that very value (same instance).
     *   <li>A string error gives {@code chunk:line: message} when LuaJ recorded a position
     *       (the chunk name as Lua prints it: {@code @f.lua} as {@code f.lua}, {@code io.ward.lua.lang.ChunkId}), else
     *       just the message. A traceback recorded by the debug library is not included: see
     *       {@link #traceback(Throwable)}.
     *   <li>A Java exception that LuaJ wrapped ({@code vm error: ...}) gives the exception's own
     *       text, with the position when known; never a Java class name.
     *   <li>{@link StackOverflowError} gives {@code "stack overflow"}, {@link OutOfMemoryError}
     *       {@code "not enough memory"}.
     *   <li>Any other throwable gives its message; a wrapper whose message is just its cause's
     *       {@code toString()} (as {@code new RuntimeException(cause)} makes) gives the cause's
     *       value; no message at all gives {@code "internal error"}.
     * </ul>
     */
    public static LuaValue value(Throwable t) {
        return value(t, 0);
    }

    /**
     * A {@link LuaError} that carries {@link #value(Throwable) value(t)} for good: rethrown
     * through Lua code it keeps that exact value (no position is prepended again). When
     * {@code t} already is such an error (raised with a value, for example
     * {@code error({code = 42})} or an earlier result of this method), {@code t} itself is
     * returned. A new error records {@code t} as its cause (so {@link #traceback(Throwable)}
     * still finds the original traceback) and copies its Java stack trace.
     *
     * <p>Unwinding errors ({@link #isUnwinding(Throwable)}) must not be turned into Lua errors:
     * check first and rethrow them. If passed anyway, the result carries their message.
     */
    public static LuaError toLuaError(Throwable t) {
        if (t instanceof LuaError && !(t instanceof LevelError)) {
            LuaError le = (LuaError) t;
            if (OBJECT != null && get(OBJECT, le) != null) {
                return le;
            }
        }
        LuaValue v = value(t);
        LuaError e = new LuaError(v);
        if (t != null) {
            if (CAUSE != null) {
                try {
                    CAUSE.set(e, t);
                } catch (IllegalAccessException | RuntimeException ignored) {
                    // diagnostics only
                }
            }
            e.setStackTrace(t.getStackTrace());
        }
        return e;
    }

    /**
     * True for the throwables that must pass through every Lua-level handler ({@code pcall},
     * {@code xpcall}, coroutine boundaries) untouched: {@link CancelSignal}, {@link FiberKilled},
     * {@link OutOfMemoryError} and every other {@link Error}, except {@link StackOverflowError},
     * which Lua code may catch as {@code "stack overflow"}.
     */
    public static boolean isUnwinding(Throwable t) {
        if (t instanceof CancelSignal || t instanceof FiberKilled) {
            return true;
        }
        return t instanceof Error && !(t instanceof StackOverflowError);
    }

    /**
     * The first throwable of {@code type} in {@code t}'s cause chain ({@code t} included), or
     * {@code null}; the chain is followed at most 16 deep and stops at a self-cause.
     */
    public static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        Throwable cur = t;
        for (int depth = 0; cur != null && depth < MAX_CAUSE_DEPTH; depth++) {
            if (type.isInstance(cur)) {
                return type.cast(cur);
            }
            Throwable next = cur.getCause();
            if (next == cur) {
                break;
            }
            cur = next;
        }
        return null;
    }

    /**
     * The Lua traceback LuaJ recorded for {@code t} (or for an error in its cause chain), from
     * its {@code "stack traceback:"} line on, without the message; {@code null} when there is
     * none (LuaJ records one only when the debug library is loaded).
     */
    public static String traceback(Throwable t) {
        Throwable cur = t;
        for (int depth = 0; cur != null && depth < MAX_CAUSE_DEPTH; depth++) {
            if (cur instanceof LuaError && TRACEBACK != null) {
                Object tb = get(TRACEBACK, (LuaError) cur);
                if (tb instanceof String) {
                    int at = ((String) tb).indexOf(TRACEBACK_HEADER);
                    if (at >= 0) {
                        return ((String) tb).substring(at);
                    }
                }
            }
            Throwable next = cur.getCause();
            if (next == cur) {
                break;
            }
            cur = next;
        }
        return null;
    }

    /**
     * The text of {@code t} as Lua's standalone interpreter would print it: a string (or number)
     * value as is, a value with a {@code __tostring} metamethod through it, anything else as
     * {@code (error object is a table value)}.
     */
    public static String describe(Throwable t) {
        LuaValue v = value(t);
        if (v.isstring()) {
            return text(v);
        }
        LuaValue handler = v.getmetatable() != null ? v.getmetatable().rawget(LuaValue.TOSTRING) : LuaValue.NIL;
        if (!handler.isnil()) {
            try {
                LuaValue s = handler.call(v);
                if (s.isstring()) {
                    return text(s);
                }
            } catch (RuntimeException e) {
                // fall through
            }
        }
        return "(error object is a " + v.typename() + " value)";
    }

    /**
     * The error Lua 5.2's {@code error(value, level)} raises in a Lua state without the
     * execution hook: {@link ErrorLevels#error(org.luaj.vm2.Globals, LuaValue, int)} without
     * {@code Globals}.
     */
    public static LuaError error(LuaValue value, int level) {
        return ErrorLevels.error(null, value, level);
    }

    /**
     * A Lua string (or number) as Java text, decoding UTF-8 with the JDK. LuaJ's own
     * {@code tojstring} knows sequences of up to 3 bytes only, so an emoji in an error
     * message came out as garbage.
     */
    public static String text(LuaValue v) {
        if (v.type() != LuaValue.TSTRING) {
            return v.tojstring();
        }
        LuaString s = v.checkstring();
        return new String(s.m_bytes, s.m_offset, s.m_length, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Java text as a Lua string in UTF-8 (LuaJ's {@code valueOf} writes each surrogate apart). */
    public static LuaString luaString(String s) {
        return LuaString.valueUsing(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------
    // Implementation
    // ------------------------------------------------------------------------------------------

    private static LuaValue value(Throwable t, int depth) {
        if (t == null) {
            return LuaValue.valueOf(INTERNAL_ERROR);
        }
        if (t instanceof LevelError) {
            return ((LevelError) t).value();
        }
        if (t instanceof CStackOverflow) {
            return ((CStackOverflow) t).value();
        }
        if (t instanceof LuaError) {
            return luaErrorValue((LuaError) t, depth);
        }
        if (t instanceof StackOverflowError) {
            return LuaValue.valueOf(STACK_OVERFLOW);
        }
        if (t instanceof OutOfMemoryError) {
            return LuaValue.valueOf(OUT_OF_MEMORY);
        }
        String msg = t.getMessage();
        Throwable cause = t.getCause();
        if (cause != null && cause != t && depth < MAX_CAUSE_DEPTH
                && (msg == null || msg.isEmpty() || msg.equals(cause.toString()))) {
            return value(cause, depth + 1);
        }
        return luaString(msg == null || msg.isEmpty() ? INTERNAL_ERROR : msg);
    }

    private static LuaValue luaErrorValue(LuaError e, int depth) {
        if (OBJECT == null || FILELINE == null || TRACEBACK == null) {
            LuaValue v = e.getMessageObject();
            return v != null ? v : LuaValue.NIL;
        }
        Object object = get(OBJECT, e);
        if (object instanceof LuaValue) {
            return (LuaValue) object;
        }
        // a bad argument of a function that Java called has no position, as in Lua (C caller)
        String fileline = e instanceof ArgumentError a && a.positionless() ? null : (String) get(FILELINE, e);
        String raw = rawMessage(e, fileline);
        Throwable cause = e.getCause();
        if (cause != null && cause != e && depth < MAX_CAUSE_DEPTH
                && (raw == null || raw.startsWith(VM_ERROR_PREFIX))) {
            LuaValue inner = value(cause, depth + 1);
            if (!inner.isstring()) {
                return inner;
            }
            raw = text(inner);
        }
        if (raw == null) {
            return LuaValue.NIL; // error() / error(nil)
        }
        return luaString(fileline != null ? fileline + ": " + raw : raw);
    }

    /** The message {@code e} was created with, without LuaJ's position or traceback. */
    private static String rawMessage(LuaError e, String fileline) {
        String traceback = (String) get(TRACEBACK, e);
        String m;
        if (traceback == null) {
            m = e.getMessage();
        } else {
            synchronized (e) {
                if (!set(TRACEBACK, e, null)) {
                    return e.getMessage();
                }
                try {
                    m = e.getMessage();
                } finally {
                    set(TRACEBACK, e, traceback);
                }
            }
        }
        if (m != null && fileline != null && m.startsWith(fileline + " ")) {
            m = m.substring(fileline.length() + 1);
        }
        return m;
    }

    private static Object get(Field f, LuaError e) {
        try {
            return f.get(e);
        } catch (IllegalAccessException | RuntimeException ex) {
            return null;
        }
    }

    private static boolean set(Field f, LuaError e, Object v) {
        try {
            f.set(e, v);
            return true;
        } catch (IllegalAccessException | RuntimeException ex) {
            return false;
        }
    }
}
