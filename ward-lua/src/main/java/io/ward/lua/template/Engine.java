package io.ward.lua.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.TemplateSyntaxException;
import com.hubspot.jinjava.interpret.UnknownTokenException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import io.ward.lua.LuaData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Renders one template with Jinjava. The engine is built once per JVM (it registers a few
 * hundred filters and tags) and shared: Jinjava renders concurrently, each render with its own
 * interpreter and context. Thread-safe; a render runs on the calling thread.
 */
final class Engine {
    private static final class Holder {
        static final Jinjava JINJAVA = create();

        private static Jinjava create() {
            Jinjava j = new Jinjava(JinjavaConfig.newBuilder().withNestedInterpretationEnabled(false).build());
            j.setResourceLocator(new RootsLocator()); // never the class path: only the roots of a render
            return j;
        }
    }

    private Engine() {
    }

    /** The output, or a {@link LuaData.DataException} with minijinja's kind words for the first fatal error. */
    static String render(String source, Map<String, Object> context, TemplateOptions opts, List<Path> roots) {
        Jinjava jinjava = Holder.JINJAVA;
        String template = source;
        if (!opts.keepTrailingNewline && template.endsWith("\n")) {
            template = template.substring(0, template.length() - (template.endsWith("\r\n") ? 2 : 1));
        }
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(opts.trimBlocks)
                .withLstripBlocks(opts.lstripBlocks)
                .withFailOnUnknownTokens(opts.strict)
                .withNestedInterpretationEnabled(false)
                .build();
        Context ctx = new Context(jinjava.getGlobalContext(), context);
        ctx.setAutoEscape(opts.autoEscape);
        JinjavaInterpreter interp = new JinjavaInterpreter(jinjava, ctx, config);
        String src = template;
        String out;
        JinjavaInterpreter.pushCurrent(interp);
        try {
            out = RootsLocator.with(roots, () -> interp.render(src));
        } catch (RuntimeException e) {
            throw new LuaData.DataException(describe(e));
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        for (TemplateError e : interp.getErrorsCopy()) {
            if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new LuaData.DataException(describe(e));
            }
        }
        return out;
    }

    /** minijinja's shape: {@code <kind>: <detail> (in <string>:<line>)}. */
    private static String describe(TemplateError e) {
        String kind;
        switch (e.getReason()) {
            case SYNTAX_ERROR:
                kind = "syntax error: ";
                break;
            case UNKNOWN:
                kind = "undefined value: ";
                break;
            case MISSING:
                kind = e.getMessage() != null && e.getMessage().contains("template not found") ? "" : "template not found: ";
                break;
            default:
                kind = "";
        }
        return kind + clean(e.getMessage()) + " (in <string>:" + Math.max(e.getLineno(), 1) + ")";
    }

    /** A failure Jinjava throws instead of reporting (strict undefined, some syntax errors). */
    private static String describe(RuntimeException e) {
        String m = clean(e.getMessage() == null ? "template error" : e.getMessage());
        if (!(e instanceof InterpretException)) {
            return m;
        }
        String kind = e instanceof UnknownTokenException ? "undefined value: "
                : e instanceof TemplateSyntaxException ? "syntax error: " : "";
        return kind + m + " (in <string>:" + Math.max(((InterpretException) e).getLineNumber(), 1) + ")";
    }

    /** Jinjava prefixes some messages with Java class names; Lua users get none. */
    private static String clean(String m) {
        return m == null ? "" : m.replaceAll("(?:[a-z]+\\.)+[A-Z][A-Za-z]*(?:Exception|Error): ?", "");
    }
}
