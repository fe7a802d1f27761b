package io.ward.lua.fs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Map;

/**
 * The text upstream Ward shows for a failed file-system call: the C library's
 * {@code strerror} text and {@code (os error N)} with the Linux number (Rust's
 * {@code io::Error} display), never a Java exception's class or message layout
 * (ward-fs.md section 8 item 13). Stateless and thread-safe.
 */
final class OsErrors {
    static final String NOT_FOUND = "No such file or directory (os error 2)";
    static final String PERMISSION = "Permission denied (os error 13)";
    static final String EXISTS = "File exists (os error 17)";
    static final String CROSS_DEVICE = "Invalid cross-device link (os error 18)";
    static final String NOT_DIR = "Not a directory (os error 20)";
    static final String IS_DIR = "Is a directory (os error 21)";
    static final String INVALID = "Invalid argument (os error 22)";
    static final String NOT_EMPTY = "Directory not empty (os error 39)";
    static final String LOOP = "Too many levels of symbolic links (os error 40)";
    static final String NOT_SUPPORTED = "Operation not supported (os error 95)";

    /** Linux's strerror texts and numbers, for reasons the JDK reports as plain text. */
    private static final Map<String, Integer> ERRNO = Map.ofEntries(
            Map.entry("Operation not permitted", 1), Map.entry("No such file or directory", 2),
            Map.entry("Input/output error", 5), Map.entry("No such device or address", 6),
            Map.entry("Bad file descriptor", 9), Map.entry("Resource temporarily unavailable", 11),
            Map.entry("Cannot allocate memory", 12), Map.entry("Permission denied", 13),
            Map.entry("Device or resource busy", 16), Map.entry("File exists", 17),
            Map.entry("Invalid cross-device link", 18), Map.entry("No such device", 19),
            Map.entry("Not a directory", 20), Map.entry("Is a directory", 21),
            Map.entry("Invalid argument", 22), Map.entry("Too many open files in system", 23),
            Map.entry("Too many open files", 24), Map.entry("Text file busy", 26),
            Map.entry("File too large", 27), Map.entry("No space left on device", 28),
            Map.entry("Illegal seek", 29), Map.entry("Read-only file system", 30),
            Map.entry("Too many links", 31), Map.entry("Broken pipe", 32),
            Map.entry("File name too long", 36), Map.entry("Directory not empty", 39),
            Map.entry("Too many levels of symbolic links", 40), Map.entry("Operation not supported", 95),
            Map.entry("Disk quota exceeded", 122));

    private OsErrors() {
    }

    /** The upstream text for {@code e}. */
    static String text(Throwable e) {
        if (e instanceof FileNames.BadName || e instanceof FsFailure) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException) {
            return NOT_FOUND;
        }
        if (e instanceof AccessDeniedException) {
            return PERMISSION;
        }
        if (e instanceof FileAlreadyExistsException) {
            return EXISTS;
        }
        if (e instanceof AtomicMoveNotSupportedException) {
            return CROSS_DEVICE;
        }
        if (e instanceof NotDirectoryException) {
            return NOT_DIR;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return NOT_EMPTY;
        }
        if (e instanceof FileSystemLoopException) {
            return LOOP;
        }
        if (e instanceof NotLinkException) {
            return INVALID;
        }
        if (e instanceof UnsupportedOperationException) {
            return NOT_SUPPORTED;
        }
        if (e instanceof InvalidPathException) {
            return INVALID;
        }
        String reason = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : e.getMessage();
        if (reason == null || reason.isEmpty()) {
            return e instanceof IOException ? "Input/output error (os error 5)" : "internal error";
        }
        // the JDK sometimes adds a note: "Too many levels of symbolic links (NOFOLLOW_LINKS specified)"
        String best = null;
        for (String known : ERRNO.keySet()) {
            if (reason.startsWith(known) && (best == null || known.length() > best.length())) {
                best = known;
            }
        }
        return best == null ? reason : best + " (os error " + ERRNO.get(best) + ")";
    }

    /** Whether {@code e} means "nothing there". */
    static boolean isNotFound(Throwable e) {
        return NOT_FOUND.equals(text(e));
    }
}
