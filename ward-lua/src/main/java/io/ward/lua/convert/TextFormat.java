package io.ward.lua.convert;

import io.ward.lua.LuaData;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * A format that parses text into Java data first (YAML, TOML, INI): the UTF-8 is checked,
 * the library parses, {@link LuaData#toLua} converts. Stateless and thread-safe.
 */
abstract class TextFormat implements Format {
    /** Parses a whole document into Java data. */
    abstract Object read(String text);

    @Override
    public final LuaValue decode(LuaString text, LuaData data) {
        return data.toLua(read(LuaData.utf8(text)));
    }
}
