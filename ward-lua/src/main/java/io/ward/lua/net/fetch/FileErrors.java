package io.ward.lua.net.fetch;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * OS-style messages for file failures ({@code Is a directory}, {@code No such file or
 * directory: /x}), never a Java exception name. Stateless, thread-safe.
 */
final class FileErrors {
    private FileErrors() {
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory: " + ((FileSystemException) e).getFile();
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied: " + ((FileSystemException) e).getFile();
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists: " + ((FileSystemException) e).getFile();
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory: " + ((FileSystemException) e).getFile();
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "Directory not empty: " + ((FileSystemException) e).getFile();
        }
        if (e instanceof FileSystemException) {
            FileSystemException f = (FileSystemException) e;
            String reason = f.getReason() != null ? f.getReason() : "I/O error";
            return reason + ": " + f.getFile();
        }
        String m = e.getMessage();
        if (m != null && m.contains("Is a directory")) {
            return "Is a directory";
        }
        return m != null ? m : "I/O error";
    }
}
