package io.ward.lua.fs;

import io.ward.lua.OsErrorText;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The mutating operations of {@code ward.fs} that report through {@code {ok, err}} (ward-fs.md
 * section 3.6): each returns null on success or the error text. Blocking; each runs whole as one
 * job on the blocking pool. Stateless and thread-safe.
 */
final class Mutations {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private Mutations() {
    }

    /** The error text of a failed call, so each operation reads as one expression. */
    @FunctionalInterface
    interface IoStep {
        void run() throws IOException;
    }

    static String attempt(IoStep step) {
        try {
            step.run();
            return null;
        } catch (IOException | RuntimeException e) {
            return OsErrors.text(e);
        }
    }

    static String mkdir(Path p, boolean recursive, int mode, boolean force) {
        if (Predicates.attributes(p, NOFOLLOW) != null) {
            BasicFileAttributes target = Predicates.attributes(p);
            if (target != null && target.isDirectory()) {
                return null; // already there; the mode is not applied
            }
            if (target != null && !force) {
                return "path exists and is not a directory";
            }
            if (target == null && !force) {
                return attempt(() -> Files.readAttributes(p, BasicFileAttributes.class)); // the dangling link's error
            }
            Removal.forceRemove(p);
            if (Predicates.attributes(p, NOFOLLOW) != null) {
                return target != null ? "path exists and could not be removed" : attempt(() -> Files.delete(p));
            }
        }
        try {
            if (recursive) {
                createAll(p);
            } else {
                Files.createDirectory(p);
            }
        } catch (IOException | RuntimeException e) {
            if (Predicates.isDirectory(p)) {
                return null; // lost a race to someone who made it
            }
            return OsErrors.text(e);
        }
        try {
            Files.setAttribute(p, "unix:mode", mode & 07777); // exactly mode: no umask
        } catch (IOException | RuntimeException ignored) {
            // upstream ignores it too
        }
        return null;
    }

    /** {@code create_dir_all}: the missing parents first, then the directory. */
    private static void createAll(Path p) throws IOException {
        try {
            Files.createDirectory(p);
        } catch (FileAlreadyExistsException e) {
            if (!Predicates.isDirectory(p)) {
                throw e;
            }
        } catch (NoSuchFileException e) {
            Path parent = p.getParent();
            if (parent == null) {
                throw e;
            }
            createAll(parent);
            try {
                Files.createDirectory(p);
            } catch (FileAlreadyExistsException raced) {
                if (!Predicates.isDirectory(p)) {
                    throw raced;
                }
            }
        }
    }

    /** {@code chmod}/{@code chown}: one change to one path. */
    @FunctionalInterface
    interface Change {
        void apply(Path p) throws IOException;
    }

    static Change mode(int mode) {
        return p -> Files.setAttribute(p, "unix:mode", mode);
    }

    static Change owner(int uid, int gid) {
        return p -> {
            Files.setAttribute(p, "unix:uid", uid);
            Files.setAttribute(p, "unix:gid", gid);
        };
    }

    /**
     * {@code chmod}/{@code chown} with their symlink refusal ({@code refusal}), the breadth-first
     * recursive walk (links skipped) and "force keeps going but reports the first error".
     */
    static String changeAll(Path p, Change change, boolean recursive, boolean force, String refusal) {
        BasicFileAttributes self = Predicates.attributes(p, NOFOLLOW);
        if (self != null && self.isSymbolicLink()) {
            return recursive || force ? null : refusal;
        }
        if (!recursive) {
            return attempt(() -> change.apply(p));
        }
        String first = null;
        Deque<Path> queue = new ArrayDeque<>();
        queue.add(p);
        while (!queue.isEmpty()) {
            Path dir = queue.poll();
            if (Predicates.isDirectory(dir)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                    for (Path entry : entries) {
                        BasicFileAttributes a = Predicates.attributes(entry, NOFOLLOW);
                        if (a == null || a.isSymbolicLink()) {
                            continue;
                        }
                        if (a.isDirectory()) {
                            queue.add(entry);
                        }
                        String err = attempt(() -> change.apply(entry));
                        if (err != null) {
                            first = first == null ? err : first;
                            if (!force) {
                                return first;
                            }
                        }
                    }
                } catch (IOException | RuntimeException unreadable) {
                    // skipped silently
                }
            }
            String err = attempt(() -> change.apply(dir));
            if (err != null) {
                first = first == null ? err : first;
                if (!force) {
                    return first;
                }
            }
        }
        return first;
    }

    /** {@code rename(2)}: replaces a file at {@code to}; across file systems fails with EXDEV. */
    static String rename(Path from, Path to, boolean force) {
        if (force) {
            Removal.forceRemove(to);
        }
        return attempt(() -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE));
    }

    /** {@code rename}, falling back to copy and remove for a file across file systems. */
    static String move(Path from, Path to, boolean force) {
        String err = rename(from, to, force);
        if (!OsErrorText.CROSS_DEVICE.equals(err)) {
            return err;
        }
        BasicFileAttributes a = Predicates.attributes(from, NOFOLLOW);
        if (a != null && a.isSymbolicLink()) {
            return "cross-device move of symlinks is not supported";
        }
        if (a != null && a.isDirectory()) {
            return "cross-device move of directories is not supported";
        }
        String copied = copy(from, to, false);
        return copied != null ? copied : attempt(() -> Files.delete(from));
    }

    /**
     * Copies a regular file's content and permission bits (not times, not owner), writing through
     * a link at {@code to}; a directory at {@code to} fails with EISDIR.
     */
    static String copy(Path from, Path to, boolean force) {
        if (force) {
            Removal.forceRemove(to);
        }
        return attempt(() -> {
            BasicFileAttributes source = FileContents.attributesOrOpenError(from);
            if (!source.isRegularFile()) {
                throw new FsFailure("the source path is neither a regular file nor a symlink to a regular file");
            }
            try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         StandardOpenOption.TRUNCATE_EXISTING)) {
                long size = in.size();
                long done = 0;
                while (done < size) {
                    long n = in.transferTo(done, size - done, out);
                    if (n <= 0) {
                        break; // the file shrank meanwhile
                    }
                    done += n;
                }
            }
            int mode = FileTypes.mode(from, true);
            if (mode >= 0) {
                Files.setAttribute(to, "unix:mode", mode & 07777);
            }
        });
    }

    static String link(Path from, Path to, boolean force) {
        if (force) {
            Removal.forceRemove(to);
        }
        return attempt(() -> Files.createLink(to, from));
    }

    /** A symbolic link at {@code to} storing {@code target} verbatim. */
    static String symlink(Path target, Path to, boolean force) {
        if (force) {
            Removal.forceRemove(to);
        }
        return attempt(() -> Files.createSymbolicLink(to, target));
    }

    /** Creates an empty file when nothing is there, then sets both times to now (following links). */
    static String touch(Path p, boolean recursive) {
        if (recursive && p.getParent() != null) {
            try {
                createAll(p.getParent());
            } catch (IOException | RuntimeException ignored) {
                // upstream ignores it: the create below reports what matters
            }
        }
        return attempt(() -> {
            if (Predicates.attributes(p, NOFOLLOW) == null) {
                Files.newByteChannel(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
            }
            FileTime now = FileTime.fromMillis(System.currentTimeMillis());
            Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(now, now, null);
        });
    }
}
