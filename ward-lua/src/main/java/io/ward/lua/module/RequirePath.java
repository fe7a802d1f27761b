package io.ward.lua.module;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The edit {@code module.git}/{@code module.url} make to {@code package.path} when they bind a
 * name (spec §5.6): the four patterns of a store root go right after the last current-directory
 * entry ({@code ./?.lua}, {@code ./?/init.lua}, or LuaJ's bare {@code ?.lua}), so a script's
 * own modules still come first, or at the front when there is none. Stateless, thread-safe.
 */
final class RequirePath {
    private static final Set<String> CURRENT_DIR = Set.of("./?.lua", "./?/init.lua", "?.lua", "?/init.lua");

    private RequirePath() {
    }

    /** The four patterns of {@code root} ({@code /} separators). */
    static List<String> patterns(String root) {
        String r = root.replace('\\', '/');
        return List.of(r + "/?.lua", r + "/?/init.lua", r + "/lua/?.lua", r + "/lua/?/init.lua");
    }

    /**
     * {@code path} without {@code oldRoot}'s patterns (when not {@code null}) and with
     * {@code newRoot}'s inserted once.
     */
    static String rebind(String path, String oldRoot, String newRoot) {
        List<String> entries = new ArrayList<>(path.isEmpty() ? List.of() : Arrays.asList(path.split(";", -1)));
        if (oldRoot != null) {
            entries.removeAll(patterns(oldRoot));
        }
        List<String> mine = patterns(newRoot);
        entries.removeAll(mine);
        entries.removeIf(String::isEmpty);
        int at = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (CURRENT_DIR.contains(entries.get(i))) {
                at = i + 1;
            }
        }
        entries.addAll(at, mine);
        return String.join(";", entries);
    }
}
