package io.ward.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * The main chunk's text and name, read the way Lua's standalone interpreter reads it: raw bytes
 * (Lua strings are bytes), a UTF-8 byte order mark dropped, and a first line starting with
 * {@code #} (a shebang) blanked out while its newline stays, so line numbers do not move.
 *
 * <p>Immutable.
 */
final class ScriptSource {
    /** The chunk name: {@code @path} for files (errors read {@code path:3:}), {@code =stdin}. */
    final String chunkName;
    final byte[] code;

    private ScriptSource(String chunkName, byte[] code) {
        this.chunkName = chunkName;
        this.code = code;
    }

    /** Could not read the script: the message is for the user ({@code cannot open x.lua}). */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** The file at {@code path} as typed by the user. */
    static ScriptSource file(String path) throws Unreadable {
        Path p;
        try {
            p = Paths.get(path);
        } catch (RuntimeException e) {
            throw new Unreadable("cannot open " + path + ": invalid path");
        }
        if (Files.isDirectory(p)) {
            throw new Unreadable("cannot read " + path + ": is a directory");
        }
        try {
            return new ScriptSource("@" + path, prepare(Files.readAllBytes(p)));
        } catch (NoSuchFileException e) {
            throw new Unreadable("cannot open " + path + ": no such file");
        } catch (AccessDeniedException e) {
            throw new Unreadable("cannot open " + path + ": permission denied");
        } catch (IOException | OutOfMemoryError e) {
            throw new Unreadable("cannot read " + path + ": " + e.getMessage());
        }
    }

    /** The whole of standard input. */
    static ScriptSource stdin(InputStream in) throws Unreadable {
        try {
            return new ScriptSource("=stdin", prepare(in.readAllBytes()));
        } catch (IOException e) {
            throw new Unreadable("cannot read stdin: " + e.getMessage());
        }
    }

    /** Code given with {@code -e}, named like Lua names it. */
    static ScriptSource commandLine(String code) {
        return named("=(command line)", code);
    }

    /** Text under a chunk name of the caller's choosing (the REPL's {@code =stdin}). */
    static ScriptSource named(String chunkName, String code) {
        return new ScriptSource(chunkName, code.getBytes(StandardCharsets.UTF_8));
    }

    /** Drops a UTF-8 byte order mark and blanks a first line starting with {@code #}. */
    static byte[] prepare(byte[] b) {
        int start = 0;
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            start = 3;
        }
        if (start < b.length && b[start] == '#') {
            int nl = start;
            while (nl < b.length && b[nl] != '\n') {
                nl++;
            }
            start = nl; // keep the newline: line 2 stays line 2
        }
        return start == 0 ? b : Arrays.copyOfRange(b, start, b.length);
    }
}
