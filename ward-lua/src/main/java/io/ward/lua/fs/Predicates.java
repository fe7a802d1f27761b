package io.ward.lua.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;

/**
 * The {@code is_*} tests of {@code ward.fs} (ward-fs.md section 3.1): each answers a boolean and
 * never fails; a path that cannot be inspected is simply not what was asked. They block, so
 * they run on the blocking pool. Stateless and thread-safe.
 */
final class Predicates {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final LinkOption[] FOLLOW = {};

    /** One {@code is_*} function: its Lua name and its test. */
    enum Kind {
        EXISTS("is_exists"), DIR("is_dir"), FILE("is_file"), LINK("is_link"), SYMLINK("is_symlink"),
        BLOCK_DEVICE("is_block_device"), CHAR_DEVICE("is_char_device"), FIFO("is_fifo"), SOCKET("is_socket"),
        EXECUTABLE("is_executable"), READABLE("is_readable"), WRITABLE("is_writable");

        final String luaName;

        Kind(String luaName) {
            this.luaName = luaName;
        }
    }

    private Predicates() {
    }

    static boolean test(Kind kind, byte[] name) {
        try {
            Path p = FileNames.toPath(name);
            switch (kind) {
                case EXISTS:
                    return attributes(p, NOFOLLOW) != null;
                case DIR:
                    return isDirectory(p);
                case FILE: {
                    BasicFileAttributes a = attributes(p, FOLLOW);
                    return a != null && a.isRegularFile();
                }
                case LINK:
                case SYMLINK: {
                    BasicFileAttributes a = attributes(p, NOFOLLOW);
                    return a != null && a.isSymbolicLink();
                }
                case BLOCK_DEVICE:
                    return FileTypes.of(p, false) == FileTypes.BLOCK_DEVICE;
                case CHAR_DEVICE:
                    return FileTypes.of(p, false) == FileTypes.CHAR_DEVICE;
                case FIFO:
                    return FileTypes.of(p, false) == FileTypes.FIFO;
                case SOCKET:
                    return FileTypes.of(p, false) == FileTypes.SOCKET;
                case EXECUTABLE: {
                    int mode = FileTypes.mode(p, true);
                    return mode >= 0 && (mode & 0111) != 0;
                }
                case READABLE:
                    return isReadable(p);
                default:
                    return isWritable(p);
            }
        } catch (IOException | RuntimeException e) {
            return false; // cannot be inspected: not what was asked
        }
    }

    /** The attributes, or null when nothing can be read there. */
    static BasicFileAttributes attributes(Path p, LinkOption... options) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, options);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static boolean isDirectory(Path p) {
        BasicFileAttributes a = attributes(p, FOLLOW);
        return a != null && a.isDirectory();
    }

    private static boolean isReadable(Path p) throws IOException {
        BasicFileAttributes a = attributes(p, FOLLOW);
        if (a == null) {
            return false;
        }
        if (a.isDirectory()) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
                Iterator<Path> it = s.iterator();
                if (it.hasNext()) {
                    it.next();
                }
                return true;
            }
        }
        if (a.isOther()) {
            // [Ward/JVM] opening a FIFO blocks until a writer comes: ask access(2) instead
            return Files.isReadable(p);
        }
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.READ)) {
            return true;
        }
    }

    private static boolean isWritable(Path p) throws IOException {
        BasicFileAttributes a = attributes(p, FOLLOW);
        if (a == null) {
            return false;
        }
        if (a.isDirectory()) {
            return probeDirectory(p);
        }
        int type = FileTypes.of(p, true);
        if (type == FileTypes.FIFO || type == FileTypes.SOCKET) {
            return false; // opening would block (FIFO) or fail (socket): upstream answers false
        }
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE)) {
            return true;
        }
    }

    /** Creates and removes {@code .ward_write_probe_<pid>_<nanos>_<attempt>}, up to 4 attempts. */
    private static boolean probeDirectory(Path dir) {
        long pid = ProcessHandle.current().pid();
        long nanos = TempDirs.epochNanos();
        for (int attempt = 0; attempt < 4; attempt++) {
            Path probe = dir.resolve(".ward_write_probe_" + pid + "_" + nanos + "_" + attempt);
            try {
                Files.createFile(probe);
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (IOException | RuntimeException e) {
                return false;
            }
            try {
                Files.deleteIfExists(probe);
            } catch (IOException | RuntimeException ignored) {
                // the answer stays true
            }
            return true;
        }
        return false;
    }
}
