package io.ward.lua;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds an executable the way {@code ward.env.which} does (stateless, thread-safe): a name with
 * a path separator is checked as a path; any other name is looked up along a {@code PATH}
 * value, skipping empty entries. Used by {@code ward.env} and by {@code ward.process} to find a
 * child's program along the child's own {@code PATH}.
 *
 * <p>A candidate qualifies when it is a regular file after following links and, on Unix, has
 * any execute bit ({@code mode & 0111}; not an access check for the current user). On Windows
 * the {@code PATHEXT} extensions are tried as well. Each check is a {@code stat}: short, but a
 * file-system call, made on the caller's thread.
 */
public final class ProgramSearch {
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");
    private static final String DEFAULT_PATHEXT = ".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC";

    private ProgramSearch() {
    }

    /**
     * The executable {@code name} names, or {@code null}.
     *
     * @param path    the {@code PATH} value to search, or {@code null} for none
     * @param pathext the {@code PATHEXT} value (Windows only), or {@code null} for the default
     */
    public static String which(String name, String path, String pathext) {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            return null;
        }
        List<String> exts = WINDOWS ? extensions(pathext) : List.of();
        if (hasSeparator(name)) {
            Path p = toPath(name);
            if (p == null) {
                return null;
            }
            return find(p.isAbsolute() ? p : Paths.get("").toAbsolutePath().resolve(p), exts);
        }
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator, -1)) {
            if (dir.isEmpty()) {
                continue; // unlike a shell, an empty entry is not the current directory
            }
            Path d = toPath(dir);
            String found = d == null ? null : find(d.resolve(name), exts);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Whether {@code name} is a path (has {@code /}, {@code \} or the platform separator), not a bare program name. */
    public static boolean hasSeparator(String name) {
        return name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf(File.separatorChar) >= 0;
    }

    private static Path toPath(String s) {
        try {
            return Paths.get(s);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static String find(Path candidate, List<String> exts) {
        if (!WINDOWS) {
            return executable(candidate) ? candidate.toString() : null;
        }
        String fileName = String.valueOf(candidate.getFileName());
        int dot = fileName.lastIndexOf('.');
        if (dot > 0 && exts.contains(fileName.substring(dot).toUpperCase(Locale.ROOT)) && regular(candidate)) {
            return candidate.toString();
        }
        for (String ext : exts) {
            Path withExt = candidate.resolveSibling(fileName + ext);
            if (regular(withExt)) {
                return withExt.toString();
            }
        }
        return null;
    }

    private static boolean regular(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).isRegularFile();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean executable(Path p) {
        try {
            if (!Files.readAttributes(p, BasicFileAttributes.class).isRegularFile()) {
                return false;
            }
            Object mode = Files.getAttribute(p, "unix:mode");
            return mode instanceof Integer && ((Integer) mode & 0111) != 0;
        } catch (IOException | RuntimeException e) { // missing, unreadable, or no unix view
            return false;
        }
    }

    private static List<String> extensions(String pathext) {
        List<String> out = new ArrayList<>();
        for (String e : (pathext == null ? DEFAULT_PATHEXT : pathext).split(";")) {
            if (!e.isEmpty()) {
                out.add(e.toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }
}
