package io.ward.lua.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The Unix file type and permission bits ({@code st_mode}) of a path, which NIO's
 * {@code BasicFileAttributes} lumps together as "other" for devices, FIFOs and sockets.
 * Stateless and thread-safe.
 */
final class FileTypes {
    static final int TYPE_MASK = 0170000;
    static final int SOCKET = 0140000;
    static final int LINK = 0120000;
    static final int REGULAR = 0100000;
    static final int BLOCK_DEVICE = 0060000;
    static final int DIRECTORY = 0040000;
    static final int CHAR_DEVICE = 0020000;
    static final int FIFO = 0010000;

    private FileTypes() {
    }

    /** {@code st_mode} (following a final link when {@code follow}); -1 without the unix view. */
    static int mode(Path p, boolean follow) throws IOException {
        try {
            Object m = follow ? Files.getAttribute(p, "unix:mode")
                    : Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (Integer) m;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    /** The {@code S_IFMT} bits of the path's mode, or -1 when unknown. */
    static int of(Path p, boolean follow) throws IOException {
        int m = mode(p, follow);
        return m < 0 ? -1 : m & TYPE_MASK;
    }
}
