package io.ward.lua;

import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OsErrorTextTest {
    @Test
    void javaExceptionTypesBecomeStrerrorTexts() {
        assertEquals("No such file or directory (os error 2)", OsErrorText.of(new NoSuchFileException("/x")));
        assertEquals("Input/output error (os error 5)", OsErrorText.of(new IOException()));
    }

    @Test
    void reasonsAreFoundWhereverTheJdkPutsThem() {
        // FileInputStream: "<path> (Is a directory)"; Files: the reason plus a note
        assertEquals("Is a directory (os error 21)", OsErrorText.of(new FileNotFoundException("/tmp (Is a directory)")));
        assertEquals("Too many levels of symbolic links (os error 40)", OsErrorText.of(
                new FileSystemException("/l", null, "Too many levels of symbolic links (NOFOLLOW_LINKS specified)")));
        assertEquals("Too many open files in system (os error 23)", OsErrorText.of(
                new FileSystemException("/f", null, "Too many open files in system")));
    }

    @Test
    void textsAlreadyInThisFormAndUnknownReasonsStayAsTheyAre() {
        assertEquals("Broken pipe (os error 32)", OsErrorText.of(new IOException("Broken pipe (os error 32)")));
        assertEquals("something odd", OsErrorText.of(new IOException("something odd")));
    }
}
