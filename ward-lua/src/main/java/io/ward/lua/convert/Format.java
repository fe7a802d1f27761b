package io.ward.lua.convert;

import io.ward.lua.LuaData;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * One text format of {@code ward.convert}: how Java data (see {@link LuaData}) is written and
 * read. {@link #writer} runs on the runtime's context (it reads the Lua options); the writer
 * it returns and {@link #read} run on any thread, the blocking pool for the {@code _async}
 * forms. Failures are {@link LuaData.DataException}s whose message is for Lua.
 */
interface Format {
    /** The short name: {@code json}, {@code yaml}, {@code toml}, {@code ini}. */
    String name();

    /** The map keys this format accepts. */
    LuaData.Keys keys();

    /** Checks the encode options ({@code args} are encode's arguments) and returns the writer. */
    Writer writer(Varargs args, String fname);

    /**
     * Parses a whole document into new Lua values. Runs on any thread: nothing else sees the
     * values until the caller hands them over (the future of an {@code _async} form).
     */
    LuaValue decode(LuaString text, LuaData data);

    /** Writes Java data as UTF-8 text. */
    interface Writer {
        byte[] write(Object data);
    }
}
