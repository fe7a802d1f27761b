package io.ward.lua;

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
 * Stateless and thread-safe: the text upstream Ward shows for a failed file or OS call, the C
 * library's {@code strerror} text and {@code (os error N)} with the Linux number (Rust's
 * {@code io::Error} display), never a Java exception's class or message layout. Shared by the
 * modules that touch files ({@code ward.fs}, {@code ward.crypto}'s file digests).
 */
public final class OsErrorText {
    public static final String NOT_FOUND = "No such file or directory (os error 2)";
    public static final String PERMISSION = "Permission denied (os error 13)";
    public static final String EXISTS = "File exists (os error 17)";
    public static final String CROSS_DEVICE = "Invalid cross-device link (os error 18)";
    public static final String NOT_DIR = "Not a directory (os error 20)";
    public static final String IS_DIR = "Is a directory (os error 21)";
    public static final String INVALID = "Invalid argument (os error 22)";
    public static final String NOT_EMPTY = "Directory not empty (os error 39)";
    public static final String LOOP = "Too many levels of symbolic links (os error 40)";
    public static final String NOT_SUPPORTED = "Operation not supported (os error 95)";
    static final String IO = "Input/output error (os error 5)";

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

    private OsErrorText() {
    }

    /** The upstream text for {@code e}. */
    public static String of(Throwable e) {
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
        if (e instanceof NotLinkException || e instanceof InvalidPathException) {
            return INVALID;
        }
        if (e instanceof UnsupportedOperationException) {
            return NOT_SUPPORTED;
        }
        String reason = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : e.getMessage();
        if (reason == null || reason.isEmpty()) {
            return e instanceof IOException ? IO : "internal error";
        }
        if (reason.contains("(os error ")) {
            return reason; // already in this form (a failure Ward raised itself)
        }
        // the JDK sometimes adds a note: "Too many levels of symbolic links (NOFOLLOW_LINKS specified)",
        // or reads "/x (Is a directory)" from FileInputStream
        String best = null;
        int at = -1;
        for (String known : ERRNO.keySet()) {
            int i = reason.indexOf(known);
            if (i >= 0 && (best == null || i < at || (i == at && known.length() > best.length()))) {
                best = known;
                at = i;
            }
        }
        return best == null ? reason : best + " (os error " + ERRNO.get(best) + ")";
    }
}
