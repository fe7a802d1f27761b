package io.ward.lua.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code fs.list} (ward-fs.md section 3.4): the entries of a directory, breadth-first when
 * recursive, in the order the OS returns them, never following links. Blocking; runs on the
 * blocking pool. Stateless and thread-safe.
 */
final class Listing {
    private Listing() {
    }

    /** What to list. {@code depth} 0 is unlimited; {@code regex} may be null. */
    static final class Options {
        boolean recursive;
        long depth;
        boolean dirs;
        boolean files;
        Pattern regex;
    }

    static List<byte[]> list(byte[] root, Options o) {
        List<byte[]> out = new ArrayList<>();
        boolean all = o.dirs == o.files;
        Deque<byte[]> queue = new ArrayDeque<>();
        Deque<Long> levels = new ArrayDeque<>();
        queue.add(root);
        levels.add(1L);
        while (!queue.isEmpty()) {
            byte[] dir = queue.poll();
            long level = levels.poll();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(FileNames.toPath(dir))) {
                for (Path entry : entries) {
                    byte[] full = PathSyntax.push(dir, FileNames.toBytes(entry.getFileName()));
                    BasicFileAttributes a = Predicates.attributes(entry, LinkOption.NOFOLLOW_LINKS);
                    boolean isDir = a != null && a.isDirectory();
                    if ((all || (isDir ? o.dirs : o.files)) && matches(o.regex, full)) {
                        out.add(full);
                    }
                    if (isDir && o.recursive && (o.depth == 0 || level < o.depth)) {
                        queue.add(full);
                        levels.add(level + 1);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // missing, not a directory, unreadable, or failed midway: this directory ends here
            }
        }
        return out;
    }

    private static boolean matches(Pattern regex, byte[] path) {
        return regex == null || regex.matcher(new String(path, StandardCharsets.UTF_8)).find();
    }
}
