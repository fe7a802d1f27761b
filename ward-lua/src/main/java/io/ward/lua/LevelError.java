package io.ward.lua;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * Confined to the runtime's context, like any LuaJ error. A string error raised by
 * {@code error(msg, level)} with {@code level >= 2} in a Lua state without the execution hook
 * ({@link ErrorLevels}): it lets LuaJ's per-frame error hook run for {@code level - 1} more Lua
 * frames and keeps the position of the last one.
 *
 * <p>How: {@code LuaClosure.processErrorHooks} runs in every Lua frame the error passes while
 * the {@code traceback} field is null. It first stores a fresh {@code fileline} string for that
 * frame, then sets {@code traceback} to (without debug library or error function) the result of
 * {@link #getMessage()}. Returning null from {@code getMessage()} keeps {@code traceback} null,
 * so the next frame runs its hook too. A frame is recognised by the new identity of
 * {@code fileline}, so other callers of {@code getMessage()} change nothing.
 *
 * <p>A level still unresolved when the error is caught ({@code pcall}, the end of a task or
 * coroutine) or otherwise inspected ({@link #value()}) leaves the message without position.
 */
final class LevelError extends LuaError {
    private static final long serialVersionUID = 1L;

    private final String text;
    /** Lua frames still to pass before the position is taken. */
    private int skip;
    /** The {@code fileline} of the last frame seen (identity). */
    private transient String seen;
    /** No more frames are counted. */
    private boolean frozen;
    /** {@code fileline} is the position to report. */
    private boolean positioned;

    LevelError(String text, int level) {
        super(text, level);
        this.text = text;
        this.skip = level - 1;
    }

    @Override
    public String getMessage() {
        if (!frozen && fileline != null && fileline != seen) {
            seen = fileline;
            if (skip > 0) {
                skip--;
                return null;
            }
            frozen = true;
            positioned = true;
        }
        if (traceback != null) {
            return traceback;
        }
        return formatted();
    }

    @Override
    public String toString() {
        return formatted();
    }

    private String formatted() {
        return positioned && fileline != null ? fileline + ": " + text : text;
    }

    /** The Lua value of this error, for good: no more frames are counted. */
    LuaValue value() {
        frozen = true;
        return LuaErrors.luaString(formatted());
    }
}
