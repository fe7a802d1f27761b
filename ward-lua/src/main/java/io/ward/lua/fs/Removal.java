package io.ward.lua.fs;

import io.ward.lua.OsErrorText;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Removing directory entries the Unix way ({@code unlink(2)} never removes a directory, unlike
 * {@code Files.delete}) and whole trees without following links: {@code rm}, {@code unlink} and
 * the "force-remove destination" step shared by rename, move, copy, link and symlink
 * (ward-fs.md section 3.6). Blocking; runs on the blocking pool. Stateless and thread-safe.
 */
final class Removal {
    private Removal() {
    }

    /** {@code unlink(2)}: removes a non-directory entry; a real directory fails with EISDIR. */
    static void unlink(Path p) throws IOException {
        BasicFileAttributes a = Predicates.attributes(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (a == null) {
            throw new NoSuchFileException(p.toString());
        }
        if (a.isDirectory()) {
            throw new FsFailure(OsErrorText.IS_DIR);
        }
        Files.delete(p);
    }

    /** Removes the tree at {@code dir} (a real directory): links inside are removed, never followed. */
    static void tree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * The force-remove step: whatever is at {@code p} (not followed) goes, a directory with all
     * its contents. Errors are ignored; the caller's own operation reports what is still in the way.
     */
    static void forceRemove(Path p) {
        BasicFileAttributes a = Predicates.attributes(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (a == null) {
            return;
        }
        try {
            if (a.isDirectory()) {
                tree(p);
            } else if (a.isRegularFile() || a.isSymbolicLink()) {
                Files.delete(p);
            } else {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    tree(p);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // the main operation reports its own error
        }
    }

    /** {@code rm(path, {recursive, force})}. */
    static String rm(Path p, boolean recursive, boolean force) {
        BasicFileAttributes a = Predicates.attributes(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (a == null) {
            return force ? null : "path not found";
        }
        try {
            if (a.isDirectory()) {
                if (recursive) {
                    tree(p);
                } else {
                    Files.delete(p); // rmdir: only an empty directory
                }
            } else {
                Files.delete(p);
            }
            return null;
        } catch (IOException | RuntimeException e) {
            if (force && OsErrors.isNotFound(e)) {
                return null;
            }
            return OsErrors.text(e);
        }
    }
}
