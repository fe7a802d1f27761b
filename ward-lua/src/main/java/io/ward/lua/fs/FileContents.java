package io.ward.lua.fs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        if (a.isDirectory()) {
            throw new FsFailure(OsErrors.IS_DIR);
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
                ByteBuffer buf = ByteBuffer.allocate((int) size);
                while (buf.hasRemaining() && c.read(buf) >= 0) {
                    // until full or the end (the file may have shrunk)
                }
                if (!buf.hasRemaining()) { // it may also have grown: read the rest as a stream
                    byte[] more = Channels.rest(c);
                    if (more.length > 0) {
                        return concat(buf.array(), more);
                    }
                }
                return buf.position() == buf.capacity() ? buf.array()
                        : java.util.Arrays.copyOf(buf.array(), buf.position());
            }
        }
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes((int) MAX_READ);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) throws FsFailure {
        if ((long) a.length + b.length > MAX_READ) {
            throw new FsFailure("file too large");
        }
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Writes {@code data} to {@code p} (following links; never creating parents). */
    static void write(Path p, byte[] data, WriteMode mode) throws IOException {
        switch (mode) {
            case APPEND:
                try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    out.write(data);
                }
                return;
            case PREPEND: {
                byte[] old = Predicates.attributes(p) != null ? read(p) : new byte[0];
                byte[] all = concat(data, old);
                overwrite(p, all);
                return;
            }
            default:
                overwrite(p, data);
        }
    }

    private static void overwrite(Path p, byte[] data) throws IOException {
        try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(data);
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
