package io.ward.lua.crypto;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The OS text of a failed file read, as the original prints it ({@code strerror} and the Linux
 * error number: {@code No such file or directory (os error 2)}), never a Java exception's name.
 * Stateless, thread-safe.
 */
final class FileErrors {
    private static final String[][] REASONS = {
        {"No such file or directory", "2"}, {"Permission denied", "13"}, {"Is a directory", "21"},
        {"Not a directory", "20"}, {"Too many levels of symbolic links", "40"}, {"Invalid argument", "22"},
        {"Input/output error", "5"}, {"File name too long", "36"},
    };

    private FileErrors() {
    }

    static String text(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory (os error 2)";
        } else if (e instanceof AccessDeniedException) {
            return "Permission denied (os error 13)";
        } else if (e instanceof NotDirectoryException) {
            return "Not a directory (os error 20)";
        } else if (e instanceof FileSystemLoopException) {
            return "Too many levels of symbolic links (os error 40)";
        }
        String reason = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : e.getMessage();
        if (reason == null || reason.isEmpty()) {
            return "Input/output error (os error 5)";
        }
        if (reason.contains("(os error")) {
            return reason;
        }
        for (String[] r : REASONS) {
            if (reason.contains(r[0])) {
                return r[0] + " (os error " + r[1] + ")";
            }
        }
        return reason;
    }
}
