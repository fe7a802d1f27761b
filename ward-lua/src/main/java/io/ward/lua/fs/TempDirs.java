package io.ward.lua.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Instant;

/**
 * {@code fs.tempdir} (ward-fs.md section 3.9): a new directory
 * {@code <base>/<prefix>-<nanos>-<counter>}, the base being {@code TMPDIR} (as the script's
 * environment has it) or the Unix default. Blocking; runs on the blocking pool. Stateless and
 * thread-safe.
 */
final class TempDirs {
    /** Upstream gives up after this many attempts. */
    private static final int ATTEMPTS = 10_000;
    /** The Unix default ({@code std::env::temp_dir}), not {@code java.io.tmpdir}. */
    private static final byte[] UNIX_DEFAULT = "/tmp".getBytes(StandardCharsets.US_ASCII);

    private TempDirs() {
    }

    /** Nanoseconds since the Unix epoch (as precise as the clock is). */
    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Makes the directory; {@code tmpdir} is the environment's {@code TMPDIR} or null. */
    static byte[] create(byte[] tmpdir, byte[] prefix) throws IOException {
        byte[] base = tmpdir == null || tmpdir.length == 0 ? UNIX_DEFAULT : tmpdir;
        long nanos = epochNanos();
        IOException last = null;
        for (int counter = 0; counter <= ATTEMPTS; counter++) {
            byte[] name = PathSyntax.push(base, concat(prefix, ("-" + nanos + "-" + counter).getBytes(StandardCharsets.US_ASCII)));
            try {
                Files.createDirectory(FileNames.toPath(name));
                return name;
            } catch (FileAlreadyExistsException e) {
                last = e;
            } catch (IOException e) {
                last = e;
                if (OsErrors.isNotFound(e) || e instanceof java.nio.file.AccessDeniedException) {
                    break; // the base itself is the problem: retrying cannot help
                }
            }
        }
        throw last;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
