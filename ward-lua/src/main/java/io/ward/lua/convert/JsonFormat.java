package io.ward.lua.convert;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.ward.lua.Args;
import io.ward.lua.LuaData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code ward.convert.json} on Jackson's streaming parser and generator: object keys written
 * in code point order, integral numbers without a fraction, NaN and infinities as null, the
 * last of duplicate keys kept, nesting past {@value #MAX_NESTING} refused (as upstream).
 * Immutable and thread-safe.
 */
final class JsonFormat implements Format {
    /** serde_json's recursion limit, kept so the same documents fail in both. */
    static final int MAX_NESTING = 128;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxDocumentLength(-1)
                    .build())
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER) // shortest round-trip digits
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8) // U+1F600 as its 4 bytes, not \\ud83d\\ude00
            .build();

    @Override
    public String name() {
        return "json";
    }

    @Override
    public LuaData.Keys keys() {
        return LuaData.Keys.STRINGS;
    }

    @Override
    public Writer writer(Varargs args, String fname) {
        LuaValue opts = args.arg(2);
        if (opts.isnil()) {
            return data -> write(data, 0);
        }
        if (!opts.istable()) {
            throw Args.typeError(2, fname, "table", opts);
        }
        boolean pretty = opts.get("pretty").toboolean();
        LuaValue iv = opts.get("indent");
        int indent = 2;
        if (!iv.isnil()) {
            if (iv.type() != LuaValue.TNUMBER) {
                throw Args.badArgument(2, fname, "indent must be a number, got " + iv.typename());
            }
            double d = iv.todouble();
            if (Double.isNaN(d) || d < 0 || d >= 256) {
                throw Args.badArgument(2, fname, "indent out of range (1..255)");
            }
            indent = (int) d;
            if (indent == 0) {
                throw Args.badArgument(2, fname, "indent must be positive");
            }
        }
        int spaces = pretty ? indent : 0;
        return data -> write(data, spaces);
    }

    /** Compact when {@code indent} is 0, else pretty with that many spaces per level. */
    static byte[] write(Object data, int indent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            if (indent > 0) {
                g.setPrettyPrinter(prettyPrinter(indent));
            }
            writeValue(g, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    private static DefaultPrettyPrinter prettyPrinter(int indent) {
        DefaultIndenter in = new DefaultIndenter(" ".repeat(indent), "\n");
        Separators seps = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        return new DefaultPrettyPrinter(seps).withObjectIndenter(in).withArrayIndenter(in)
                .withRootSeparator(new SerializedString(""));
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String) {
            g.writeString((String) v);
        } else if (v instanceof Boolean) {
            g.writeBoolean((Boolean) v);
        } else if (v instanceof Long) {
            g.writeNumber((Long) v);
        } else if (v instanceof Double) {
            double d = (Double) v;
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                g.writeNull();
            } else {
                g.writeNumber(d);
            }
        } else if (v instanceof List) {
            List<?> list = (List<?>) v;
            g.writeStartArray(list, list.size());
            for (Object e : list) {
                writeValue(g, e);
            }
            g.writeEndArray();
        } else {
            Map<?, ?> map = (Map<?, ?>) v;
            g.writeStartObject(map, map.size());
            for (Map.Entry<?, ?> e : Keys.sortedEntries(map)) {
                g.writeFieldName((String) e.getKey());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        }
    }

    /** Parses the bytes themselves (Jackson checks the UTF-8 as it goes) straight into Lua values. */
    @Override
    public LuaValue decode(LuaString text, LuaData data) {
        try (JsonParser p = FACTORY.createParser(text.m_bytes, text.m_offset, text.m_length)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new LuaData.DataException("EOF while parsing a value" + at(p.currentLocation(), true));
            }
            LuaValue value = readValue(p, t, data);
            if (p.nextToken() != null) {
                throw new LuaData.DataException("trailing characters" + at(p.currentTokenLocation(), false));
            }
            return value;
        } catch (StreamConstraintsException e) {
            throw new LuaData.DataException("recursion limit exceeded" + at(e.getLocation(), false));
        } catch (JsonProcessingException e) {
            throw new LuaData.DataException(plain(e.getOriginalMessage()) + at(e.getLocation(), false));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array does not fail
        }
    }

    private static LuaValue readValue(JsonParser p, JsonToken t, LuaData data) throws IOException {
        switch (t) {
            case START_OBJECT: {
                LuaTable m = new LuaTable();
                String name;
                while ((name = p.nextFieldName()) != null) {
                    LuaString key = LuaData.text(checkSurrogates(p, name));
                    m.rawset(key, readValue(p, p.nextToken(), data)); // duplicate keys: the last wins
                }
                return m;
            }
            case START_ARRAY: {
                LuaTable a = data.newArray();
                int n = 0;
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    a.rawset(++n, readValue(p, e, data));
                }
                return a;
            }
            case VALUE_STRING:
                return LuaData.text(checkSurrogates(p, p.getText()));
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return LuaValue.valueOf(p.getIntValue());
                    case LONG:
                        return LuaValue.valueOf((double) p.getLongValue());
                    default:
                        return LuaValue.valueOf(p.getDoubleValue()); // past 64 bits: a float, as upstream
                }
            case VALUE_NUMBER_FLOAT:
                return LuaValue.valueOf(p.getDoubleValue());
            case VALUE_TRUE:
                return LuaValue.TRUE;
            case VALUE_FALSE:
                return LuaValue.FALSE;
            case VALUE_NULL:
                return data.nullValue();
            default:
                throw new LuaData.DataException("unexpected " + t.asString() + at(p.currentTokenLocation(), false));
        }
    }

    /** JSON may escape half a surrogate pair ({@code \\ud800}); such text is no Unicode, so it is refused (as upstream). */
    private static String checkSurrogates(JsonParser p, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new LuaData.DataException("lone leading surrogate in hex escape" + at(p.currentTokenLocation(), false));
            }
        }
        return s;
    }

    /** Jackson's reason without its Java-side hints (feature names, source descriptions). */
    static String plain(String message) {
        return message == null ? "invalid JSON" : message
                .replaceAll(": enable `[^`]*` to allow", "")
                .replaceAll(" ?\\(start marker at \\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]\\)",
                        " (opened at line $1 column $2)")
                .replaceAll("\\[Source: [^\\]]*\\]", "")
                .trim();
    }

    /** serde_json's {@code " at line L column C"}; column 0 for an empty document. */
    private static String at(JsonLocation loc, boolean eof) {
        if (loc == null) {
            return "";
        }
        int col = loc.getColumnNr();
        if (eof && loc.getLineNr() == 1 && col <= 1 && loc.getCharOffset() <= 0) {
            col = 0;
        }
        return " at line " + loc.getLineNr() + " column " + Math.max(col, 0);
    }
}
