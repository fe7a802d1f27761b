package io.ward.lua.template;

import io.ward.lua.Args;
import io.ward.lua.LuaData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/** The {@code opts} table of a render, read on the runtime's context; immutable afterwards. */
final class TemplateOptions {
    final boolean strict;
    final boolean trimBlocks;
    final boolean lstripBlocks;
    final boolean keepTrailingNewline;
    final boolean autoEscape;
    final List<Path> loaderPaths;

    private TemplateOptions(LuaValue o, int index, String fname) {
        LuaValue u = o.get("undefined");
        String undefined = u.isnil() ? "strict" : u.tojstring();
        if (!u.isnil() && !u.isstring() || !List.of("strict", "lenient", "chainable").contains(undefined)) {
            throw Args.badArgument(index, fname, "unknown undefined behavior: " + undefined
                    + " (expected: strict|lenient|chainable)");
        }
        strict = undefined.equals("strict");
        trimBlocks = o.get("trim_blocks").toboolean();
        lstripBlocks = o.get("lstrip_blocks").toboolean();
        keepTrailingNewline = o.get("keep_trailing_newline").toboolean();
        autoEscape = o.get("auto_escape").toboolean();
        loaderPaths = new ArrayList<>();
        LuaValue loader = o.get("loader");
        if (!loader.isnil()) {
            LuaValue paths = loader.istable() ? loader.get("paths") : LuaValue.NIL;
            if (!loader.istable() || !paths.isnil() && !paths.istable()) {
                throw Args.badArgument(index, fname, "loader must be a table {paths = {...}}");
            }
            for (int i = 1; !paths.isnil() && !paths.get(i).isnil(); i++) {
                LuaValue p = paths.get(i);
                if (!p.isstring()) {
                    throw Args.badArgument(index, fname, "loader.paths[" + i + "] must be a string, got " + p.typename());
                }
                try {
                    loaderPaths.add(Path.of(LuaData.utf8((LuaString) p.strvalue())));
                } catch (LuaData.DataException | java.nio.file.InvalidPathException e) {
                    throw Args.badArgument(index, fname, "loader.paths[" + i + "] is not a valid path");
                }
            }
        }
    }

    /** Argument {@code index} of {@code fname}: nil (defaults) or a table. */
    static TemplateOptions of(LuaValue o, int index, String fname) {
        if (o.isnil()) {
            return new TemplateOptions(new org.luaj.vm2.LuaTable(), index, fname);
        }
        if (!o.istable()) {
            throw Args.typeError(index, fname, "table", o);
        }
        return new TemplateOptions(o, index, fname);
    }
}
