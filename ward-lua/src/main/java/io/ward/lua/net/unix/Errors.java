package io.ward.lua.net.unix;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * OS-style texts for socket and file failures ({@code Connection refused},
 * {@code No such file or directory}), never a Java class name. Stateless, thread-safe.
 */
final class Errors {
    private Errors() {
    }

    static String os(Throwable t) {
        if (t instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (t instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (t instanceof ClosedChannelException) {
            return "closed";
        }
        if (t instanceof FileSystemException) {
            String r = ((FileSystemException) t).getReason();
            return r != null ? r : "I/O error";
        }
        String m = t.getMessage();
        if (t instanceof ConnectException && m != null) {
            int colon = m.indexOf(": ");
            // Netty adds the address: "Connection refused: /path"
            return colon > 0 ? m.substring(0, colon) : m;
        }
        if (m == null) {
            return "I/O error";
        }
        return m.replaceAll("([a-zA-Z_$][a-zA-Z0-9_$]*\\.)+[A-Za-z0-9_$]*(Exception|Error): ", "");
    }
}
