package io.ward.lua.convert;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.ward.lua.LuaData;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.luaj.vm2.Varargs;

/**
 * {@code ward.convert.toml}: read by Jackson's TOML module (date and time values decode as
 * their text: Lua has no date type), written by {@link TomlWriter} (keys sorted, null refused:
 * TOML has none).
 * Immutable and thread-safe (a configured {@link TomlMapper} is).
 */
final class TomlFormat extends TextFormat {
    private static final TomlMapper MAPPER = new TomlMapper();

    @Override
    public String name() {
        return "toml";
    }

    @Override
    public LuaData.Keys keys() {
        return LuaData.Keys.STRINGS;
    }

    @Override
    public Writer writer(Varargs args, String fname) {
        return data -> {
            if (!(data instanceof Map)) {
                throw new LuaData.DataException("a TOML document must be a table, got "
                        + (data instanceof List ? "an array" : data == null ? "null" : "a value"));
            }
            return TomlWriter.write((Map<?, ?>) data).getBytes(StandardCharsets.UTF_8);
        };
    }

    @Override
    Object read(String text) {
        try {
            return plain(MAPPER.readValue(text, Object.class));
        } catch (JsonProcessingException e) {
            throw new LuaData.DataException("TOML parse error: " + e.getOriginalMessage() + at(e.getLocation()));
        }
    }

    /** Integers past 64 bits become doubles, like every format here. */
    private static Object plain(Object v) {
        if (v instanceof BigInteger) {
            return ((BigInteger) v).doubleValue();
        }
        if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, plain(x)));
            return out;
        }
        if (v instanceof List) {
            return ((List<?>) v).stream().map(TomlFormat::plain).collect(Collectors.toList());
        }
        return v;
    }

    private static String at(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 1 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }
}
