package io.ward.lua.fs;

import io.ward.lua.OsErrorText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Whole-file reads and writes of bytes for {@code fs.read} and {@code fs.write} (ward-fs.md
 * sections 3.7, 3.8). Blocking. A regular file is read or written on the blocking pool; a FIFO
 * (or a device) may wait forever for its other end, so {@link #needsOwnThread} sends it to a
 * thread of its own. Stateless and thread-safe.
 */
final class FileContents {
    /** The largest Java array: beyond it {@code fs.read} raises {@code file too large}. */
    static final long MAX_READ = Integer.MAX_VALUE - 8;

    /** The largest single read or write: the JDK copies heap buffers through a direct buffer this big. */
    private static final int CHUNK = 1 << 20;

    /** How {@code fs.write} places the data. */
    enum WriteMode { OVERWRITE, APPEND, PREPEND }

    private FileContents() {
    }

    /**
     * Whether reading or writing {@code p} can block for an unbounded time (a FIFO, a device, a
     * socket): those run on their own thread, not on the bounded pool. Missing paths and
     * directories answer false (the pool reports their error).
     */
    static boolean needsOwnThread(Path p) {
        BasicFileAttributes a = Predicates.attributes(p);
        return a != null && a.isOther();
    }

    /** All bytes of {@code p}, following links. */
    static byte[] read(Path p) throws IOException {
        BasicFileAttributes a = attributesOrOpenError(p);
        if (a.isDirectory()) {
            throw new FsFailure(OsErrorText.IS_DIR);
        }
        if (a.isRegularFile()) {
            if (a.size() > MAX_READ) {
                throw new FsFailure("file too large");
            }
            try (FileChannel c = FileChannel.open(p, StandardOpenOption.READ)) {
                long size = c.size();
                if (size > MAX_READ) {
                    throw new FsFailure("file too large");
                }
                byte[] buf = new byte[(int) size];
                int n = 0;
                while (n < buf.length) {
                    // in chunks: a heap buffer is copied through a temporary direct buffer of its size
                    int got = c.read(ByteBuffer.wrap(buf, n, Math.min(CHUNK, buf.length - n)));
                    if (got < 0) {
                        return java.util.Arrays.copyOf(buf, n); // it shrank meanwhile
                    }
                    n += got;
                }
                byte[] more = Channels.rest(c); // it may also have grown
                return more.length == 0 ? buf : concat(buf, more);
            }
        }
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes((int) MAX_READ);
        }
    }

    /**
     * The attributes of {@code p} (following links); when there are none, the error an open
     * reports. JDK 21+ turns ENOTDIR from stat(2) into {@code NoSuchFileException}, while open(2)
     * keeps it; and what cannot be stat'ed is no FIFO, so the open cannot block.
     */
    static BasicFileAttributes attributesOrOpenError(Path p) throws IOException {
        BasicFileAttributes a = Predicates.attributes(p);
        if (a == null) {
            FileChannel.open(p, StandardOpenOption.READ).close();
            a = Files.readAttributes(p, BasicFileAttributes.class); // it appeared meanwhile
        }
        return a;
    }

    private static byte[] concat(byte[] a, byte[] b) throws FsFailure {
        if ((long) a.length + b.length > MAX_READ) {
            throw new FsFailure("file too large");
        }
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Writes {@code data[off, off + len)} to {@code p} (following links; never creating
     * parents). The array is only read (it may be a Lua string's own bytes).
     */
    static void write(Path p, byte[] data, int off, int len, WriteMode mode) throws IOException {
        switch (mode) {
            case APPEND:
                writeAll(p, data, off, len, StandardOpenOption.APPEND);
                return;
            case PREPEND: {
                byte[] old = Predicates.attributes(p) != null ? read(p) : new byte[0];
                if ((long) len + old.length > MAX_READ) {
                    throw new FsFailure("file too large");
                }
                byte[] all = new byte[len + old.length];
                System.arraycopy(data, off, all, 0, len);
                System.arraycopy(old, 0, all, len, old.length);
                writeAll(p, all, 0, all.length, StandardOpenOption.TRUNCATE_EXISTING);
                return;
            }
            default:
                writeAll(p, data, off, len, StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    private static void writeAll(Path p, byte[] data, int off, int len, StandardOpenOption how) throws IOException {
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, how)) {
            int end = off + len;
            for (int at = off; at < end; ) {
                at += c.write(ByteBuffer.wrap(data, at, Math.min(CHUNK, end - at)));
            }
        }
    }

    /** Reading what is left of a channel. */
    private static final class Channels {
        static byte[] rest(FileChannel c) throws IOException {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (c.read(buf) > 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
                if (out.size() > MAX_READ) {
                    throw new FsFailure("file too large");
                }
            }
            return out.toByteArray();
        }
    }
}
