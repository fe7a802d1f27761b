package io.ward.lua.convert;

import io.ward.lua.LuaData;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.luaj.vm2.Varargs;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * {@code ward.convert.yaml} on SnakeYAML Engine with the YAML 1.2 core schema (as upstream's
 * serde_yaml: {@code yes}/{@code no} stay strings, {@code ~} is null, {@code 0x}/{@code 0o}
 * integers): block style, string keys sorted, anchors resolved, one document only. Immutable
 * and thread-safe (a {@link Load} and a {@link Dump} are made per call: they are not).
 */
final class YamlFormat extends TextFormat {
    private static final LoadSettings LOAD = LoadSettings.builder()
            .setSchema(new CoreSchema())
            .setCodePointLimit(Integer.MAX_VALUE)
            .setAllowDuplicateKeys(true) // the last one wins, as in every format here
            .setAllowNonScalarKeys(false)
            .build();
    private static final DumpSettings DUMP = DumpSettings.builder()
            .setSchema(new CoreSchema())
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setIndent(2)
            .setSplitLines(false)
            .build();

    @Override
    public String name() {
        return "yaml";
    }

    @Override
    public LuaData.Keys keys() {
        return LuaData.Keys.SCALARS;
    }

    @Override
    public Writer writer(Varargs args, String fname) {
        return data -> new Dump(DUMP).dumpToString(sorted(data)).getBytes(StandardCharsets.UTF_8);
    }

    /** Maps whose keys are all strings in code point order (deterministic output). */
    private static Object sorted(Object v) {
        if (v instanceof Map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : Keys.sortedEntries((Map<?, ?>) v)) {
                out.put(e.getKey(), sorted(e.getValue()));
            }
            return out;
        }
        if (v instanceof List) {
            return ((List<?>) v).stream().map(YamlFormat::sorted).collect(Collectors.toList());
        }
        return v;
    }

    @Override
    Object read(String text) {
        try {
            return new Load(LOAD).loadFromString(text);
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().orElse(e.getContextMark().orElse(null));
            String where = m == null ? "" : " at line " + (m.getLine() + 1) + " column " + (m.getColumn() + 1);
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            if (context.startsWith("expected a single document")) {
                context = "deserializing from YAML containing more than one document is not supported: "; // upstream's words
            }
            throw new LuaData.DataException(context + e.getProblem() + where);
        } catch (YamlEngineException e) {
            throw new LuaData.DataException(e.getMessage());
        } catch (StackOverflowError e) {
            throw new LuaData.DataException("document nested too deeply");
        }
    }
}
