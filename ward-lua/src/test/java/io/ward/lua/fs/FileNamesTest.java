package io.ward.lua.fs;

import io.ward.lua.OsErrorText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * File names as bytes on this JDK and locale: every byte but NUL and {@code /} makes a file that
 * the directory listing gives back with the same bytes (the JDK's own {@code String} route
 * loses invalid UTF-8 under a UTF-8 locale and everything non-ASCII under the C locale).
 */
class FileNamesTest {
    @TempDir
    Path dir;

    private byte[] dirBytes() {
        return dir.toString().getBytes(StandardCharsets.US_ASCII); // JUnit's temp dir is ASCII
    }

    @Test
    void everyByteRoundTripsThroughCreateAndListing() throws Exception {
        Set<String> made = new HashSet<>();
        for (int b = 1; b < 256; b++) {
            if (b == '/' || b == '.') {
                continue;
            }
            byte[] name = {'n', (byte) b, 'x'};
            Files.createFile(FileNames.toPath(PathSyntax.push(dirBytes(), name)));
            made.add(hex(name));
        }
        Set<String> listed = new HashSet<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(FileNames.toPath(dirBytes()))) {
            for (Path p : s) {
                byte[] name = FileNames.toBytes(p.getFileName());
                listed.add(hex(name));
                assertTrue(Files.exists(FileNames.toPath(PathSyntax.push(dirBytes(), name))), hex(name));
                assertArrayEquals(PathSyntax.push(dirBytes(), name), FileNames.toBytes(p), "whole path of " + hex(name));
            }
        }
        assertEquals(made, listed);
    }

    @Test
    void relativePathsStayRelativeAndKeepDots() {
        byte[] rel = "../a\u00e9/./b\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        Path p = FileNames.toPath(rel);
        assertFalse(p.isAbsolute());
        assertArrayEquals(rel, FileNames.toBytes(p));
        byte[] ascii = "x/y".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(ascii, FileNames.toBytes(FileNames.toPath(ascii)));
    }

    @Test
    void namesNoFileCanHaveAreRefusedWithUpstreamTexts() {
        assertEquals(OsErrorText.NOT_FOUND, assertThrows(FileNames.BadName.class,
                () -> FileNames.toPath(new byte[0])).getMessage());
        assertEquals("file name contained an unexpected NUL byte", assertThrows(FileNames.BadName.class,
                () -> FileNames.toPath(new byte[] {'a', 0, (byte) 0xff})).getMessage());
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }
}
